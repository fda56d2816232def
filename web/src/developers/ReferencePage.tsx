// The schema reference, generated from schema/api.graphql at build time (tools/portal/reference.ts).
import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import reference from 'virtual:developer-portal/reference';
import type { FieldDoc, TypeDoc } from '../../../tools/portal/model.ts';
import { Link } from '../lib/router.tsx';
import { Alert, Badge, Card, Empty, Stack, TextField } from '../ui/index.tsx';
import { searchReference, usagesOf } from './reference-search.ts';
import { TypeLink } from './TypeLink.tsx';

const typeHref = (name: string, field?: string) => `/developers/reference/${name}${field ? `#field-${field}` : ''}`;
const KIND_LABELS: Record<TypeDoc['kind'], string> = { OBJECT: 'type', INTERFACE: 'interface', UNION: 'union', ENUM: 'enum', INPUT_OBJECT: 'input', SCALAR: 'scalar' };

function Deprecated({ reason }: { reason?: string }) {
  return <span className="devportal__deprecated">Deprecated{reason ? `: ${reason}` : ''}</span>;
}

function Field({ field }: { field: FieldDoc }) {
  return (
    <>
      <dt id={`field-${field.name}`}>
        {field.name}
        {field.args.length > 0 && '(…)'}: <TypeLink type={field.type} />
      </dt>
      <dd>
        {field.deprecated && <Deprecated reason={field.reason} />}
        {field.description && <p>{field.description}</p>}
        {field.defaultValue !== undefined && <p className="muted">Default: <code>{field.defaultValue}</code></p>}
        {field.args.length > 0 && (
          <ul className="devportal__args" aria-label={`Arguments of ${field.name}`}>
            {field.args.map((arg) => (
              <li key={arg.name}>
                <code>{arg.name}</code>: <TypeLink type={arg.type} />
                {arg.defaultValue !== undefined && <> = <code>{arg.defaultValue}</code></>}
                {arg.deprecated && <> <Deprecated reason={arg.reason} /></>}
                {arg.description && <> — {arg.description}</>}
              </li>
            ))}
          </ul>
        )}
      </dd>
    </>
  );
}

function TypeNames({ label, names }: { label: string; names: string[] }) {
  if (names.length === 0) return null;
  return (
    <p>
      {label}:{' '}
      {names.map((name, i) => (
        <span key={name}>{i > 0 && ', '}<Link to={typeHref(name)}>{name}</Link></span>
      ))}
    </p>
  );
}

function TypePage({ type }: { type: TypeDoc }) {
  const usages = useMemo(() => usagesOf(reference, type.name), [type.name]);
  // The router scrolls to the top; a link to a field scrolls to it once rendered.
  const anchor = window.location.hash.slice(1);
  useEffect(() => {
    if (anchor) document.getElementById(anchor)?.scrollIntoView();
  }, [type.name, anchor]);
  return (
    <Card as="article" aria-labelledby="type-name">
      <Stack gap={3}>
        <h2 id="type-name">{type.name} <Badge>{KIND_LABELS[type.kind]}</Badge></h2>
        {type.description ? <p>{type.description}</p> : <p className="muted">No description.</p>}
        <TypeNames label="Implements" names={type.interfaces} />
        <TypeNames label={type.kind === 'UNION' ? 'One of' : 'Implemented by'} names={type.possibleTypes} />
        {type.fields.length > 0 && (
          <section aria-label={type.kind === 'INPUT_OBJECT' ? 'Input fields' : 'Fields'}>
            <h3>{type.kind === 'INPUT_OBJECT' ? 'Input fields' : 'Fields'}</h3>
            <dl className="devportal__fields">{type.fields.map((field) => <Field key={field.name} field={field} />)}</dl>
          </section>
        )}
        {type.enumValues.length > 0 && (
          <section aria-label="Values">
            <h3>Values</h3>
            <dl className="devportal__fields">
              {type.enumValues.map((value) => (
                <div key={value.name}>
                  <dt id={`field-${value.name}`}>{value.name}</dt>
                  <dd>
                    {value.deprecated && <Deprecated reason={value.reason} />}
                    {value.description && <p>{value.description}</p>}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        )}
        {usages.length > 0 && (
          <details>
            <summary>Used by {usages.length} field{usages.length === 1 ? '' : 's'} and arguments</summary>
            <ul>{usages.map((u) => <li key={u.label}><Link to={typeHref(u.type, u.field)}>{u.label}</Link></li>)}</ul>
          </details>
        )}
      </Stack>
    </Card>
  );
}

function TypeIndex() {
  const roots = [reference.roots.query, reference.roots.mutation, reference.roots.subscription].filter((name): name is string => Boolean(name));
  return (
    <Stack gap={3}>
      <TypeNames label="Operations" names={roots} />
      {(['OBJECT', 'INTERFACE', 'UNION', 'INPUT_OBJECT', 'ENUM', 'SCALAR'] as const).map((kind) => {
        const types = reference.types.filter((type) => type.kind === kind && !roots.includes(type.name));
        if (types.length === 0) return null;
        return (
          <section key={kind} aria-label={`${KIND_LABELS[kind]}s`}>
            <h3>{KIND_LABELS[kind][0]!.toUpperCase() + KIND_LABELS[kind].slice(1)}s</h3>
            <ul className="devportal__types">{types.map((type) => <li key={type.name}><Link to={typeHref(type.name)}>{type.name}</Link></li>)}</ul>
          </section>
        );
      })}
    </Stack>
  );
}

export function ReferencePage({ typeName }: { typeName?: string }) {
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const hits = useMemo(() => searchReference(reference, deferred), [deferred]);
  const type = typeName === undefined ? undefined : reference.types.find((t) => t.name === typeName);
  return (
    <Stack gap={4}>
      <h1>Schema reference</h1>
      <p className="muted">Every type of the API schema ({reference.types.length}), with its descriptions, generated from the schema this client was built with.</p>
      <div role="search">
        <TextField label="Search types and fields" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Course, enroll…" />
      </div>
      {deferred.trim() !== '' && (
        <section aria-label="Search results">
          {hits.length === 0 ? (
            <Empty>Nothing matches “{deferred}”.</Empty>
          ) : (
            <ul className="list">
              {hits.map((hit) => (
                <li key={`${hit.type}.${hit.field ?? ''}`}>
                  <Link to={typeHref(hit.type, hit.field)} onClick={() => setQuery('')}>{hit.field ? `${hit.type}.${hit.field}` : hit.type}</Link>{' '}
                  <span className="muted">{hit.field ? 'field' : KIND_LABELS[hit.kind as TypeDoc['kind']]}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {typeName !== undefined && !type && <Alert tone="error">There is no type named “{typeName}” in the schema.</Alert>}
      {type ? <TypePage key={type.name} type={type} /> : deferred.trim() === '' && <TypeIndex />}
    </Stack>
  );
}
