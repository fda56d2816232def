// API keys for integrations: listed, created (the key shown once), rotated and revoked; the
// document manifests keys may be pinned to, listed (integrators register them through the API).
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql/index.ts';
import { Alert, Badge, Button, Card, Checkbox, ErrorAlert, Loading, Row, Stack, TextField } from '../../ui/index.tsx';

const ApiKeysQuery = graphql(`
  query ApiKeys {
    apiKeys(first: 50) { id name prefix scopes createdAt expiresAt lastUsedAt allowedAddresses previousSecretValidUntil revokedAt manifest }
    apiKeyScopes
    documentManifests(first: 50) { ref documentCount createdAt }
  }
`);
const CreateApiKeyMutation = graphql(`
  mutation CreateApiKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id name } } }
`);
const RotateApiKeyMutation = graphql(`
  mutation RotateApiKey($id: ID!, $gracePeriodSeconds: Int) { rotateApiKey(id: $id, gracePeriodSeconds: $gracePeriodSeconds) { key apiKey { id name } } }
`);
const RevokeApiKeyMutation = graphql(`
  mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }
`);

/** A rotated key's old secret keeps working this long, so that an integration can be redeployed with the new one. */
const ROTATION_GRACE_SECONDS = 24 * 3600;

/** A new secret, shown this once: it cannot be read again. */
function ShownOnce({ name, secret, onDone }: { name: string; secret: string; onDone(): void }) {
  const [copied, setCopied] = useState(false);
  return (
    <Alert tone="success">
      <Stack gap={2}>
        <span>The key of “{name}”; copy it now, it is not shown again:</span>
        <code aria-label="New API key" style={{ wordBreak: 'break-all' }}>{secret}</code>
        <Row>
          <Button variant="secondary" onClick={async () => { await navigator.clipboard.writeText(secret).then(() => setCopied(true), () => setCopied(false)); }}>
            {copied ? 'Copied' : 'Copy'}
          </Button>
          <Button variant="secondary" onClick={onDone}>Done</Button>
        </Row>
      </Stack>
    </Alert>
  );
}

export function ApiKeys() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: ApiKeysQuery, requestPolicy: 'cache-and-network' });
  const [created, create] = useMutation(CreateApiKeyMutation);
  const [rotated, rotate] = useMutation(RotateApiKeyMutation);
  const [revoked, revoke] = useMutation(RevokeApiKeyMutation);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const [expires, setExpires] = useState('');
  const [addresses, setAddresses] = useState('');
  const [shown, setShown] = useState<{ name: string; key: string } | null>(null);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const allowedAddresses = addresses.split(/[\s,]+/).filter(Boolean);
    const input = { name, scopes, allowedAddresses, ...(expires ? { expiresAt: new Date(`${expires}T23:59:59`).toISOString() } : {}) };
    const answer = (await create({ input })).data?.createApiKey;
    if (!answer) return;
    setShown({ name: answer.apiKey.name, key: answer.key });
    setName('');
    setScopes([]);
    setExpires('');
    setAddresses('');
    reload();
  };
  const keys = data?.apiKeys ?? [];
  return (
    <Card as="section" aria-labelledby="api-keys-title">
      <Stack gap={3}>
        <h2 id="api-keys-title">API keys</h2>
        <p className="muted">A key lets an integration act for you with the scopes you grant it, never as an administrator. Send it as <code>Authorization: Bearer lg_…</code> or <code>x-api-key</code>.</p>
        {!data && fetching && <Loading />}
        <ErrorAlert error={error ?? rotated.error ?? revoked.error} />
        {shown && <ShownOnce name={shown.name} secret={shown.key} onDone={() => setShown(null)} />}
        <ul aria-label="API keys" className="stack" style={{ listStyle: 'none', padding: 0 }}>
          {keys.map((k) => (
            <li key={k.id} aria-label={k.name}>
              <Row>
                <strong>{k.name}</strong>
                <code>{k.prefix}…</code>
                {k.revokedAt && <Badge>Revoked</Badge>}
                <span className="muted">
                  {k.scopes.join(', ')} · {k.lastUsedAt ? `last used ${new Date(String(k.lastUsedAt)).toLocaleString()}` : 'never used'}
                  {k.expiresAt && ` · expires ${new Date(String(k.expiresAt)).toLocaleDateString()}`}
                  {k.allowedAddresses.length > 0 && ` · from ${k.allowedAddresses.join(', ')}`}
                  {k.manifest && ` · runs ${k.manifest} only`}
                </span>
                {!k.revokedAt && (
                  <>
                    <Button variant="secondary" busy={rotated.fetching && rotated.operation?.variables.id === k.id}
                      onClick={async () => {
                        const answer = (await rotate({ id: k.id, gracePeriodSeconds: ROTATION_GRACE_SECONDS })).data?.rotateApiKey;
                        if (answer) { setShown({ name: answer.apiKey.name, key: answer.key }); reload(); }
                      }}>
                      Rotate
                    </Button>
                    <Button variant="secondary" busy={revoked.fetching && revoked.operation?.variables.id === k.id}
                      onClick={async () => { if ((await revoke({ id: k.id })).data) reload(); }}>
                      Revoke
                    </Button>
                  </>
                )}
              </Row>
            </li>
          ))}
        </ul>
        {(data?.documentManifests ?? []).length > 0 && (
          <>
            <h3 id="document-manifests-title">Document manifests</h3>
            <p className="muted">A key pinned to one of these (<code>pinApiKeyToManifest</code>) runs its documents only.</p>
            <ul aria-labelledby="document-manifests-title" className="stack" style={{ listStyle: 'none', padding: 0 }}>
              {data!.documentManifests!.map((m) => (
                <li key={m.ref}>
                  <code>{m.ref}</code> <span className="muted">· {m.documentCount} {m.documentCount === 1 ? 'document' : 'documents'} · registered {new Date(String(m.createdAt)).toLocaleDateString()}</span>
                </li>
              ))}
            </ul>
          </>
        )}
        <Stack as="form" gap={3} onSubmit={submit} noValidate aria-label="Create an API key">
          <h3>Create a key</h3>
          <TextField label="Key name" value={name} onChange={(e) => setName(e.target.value)} maxLength={80} required />
          <fieldset>
            <legend>Scopes</legend>
            <Row>
              {(data?.apiKeyScopes ?? []).map((scope) => (
                <Checkbox key={scope} label={scope} checked={scopes.includes(scope)}
                  onChange={(e) => setScopes(e.target.checked ? [...scopes, scope] : scopes.filter((s) => s !== scope))} />
              ))}
            </Row>
          </fieldset>
          <TextField label="Expires on (optional)" type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
          <TextField label="Allowed addresses (optional)" value={addresses} onChange={(e) => setAddresses(e.target.value)}
            hint="IP addresses or CIDR ranges, separated by commas; empty: any address." />
          <ErrorAlert error={created.error} />
          <div><Button type="submit" busy={created.fetching} disabled={!name.trim() || scopes.length === 0}>Create key</Button></div>
        </Stack>
      </Stack>
    </Card>
  );
}
