/**
 * The contract check: every type, enum value, input field, field and argument that
 * schema/contract.graphql assigns to an existing subgraph must be in the composed API schema with
 * a compatible type.
 *
 * Owners come from comments, which the GraphQL parser drops, so they are read from the source
 * lines around each definition:
 *   - a section header `# ------------ identity` makes `identity` the owner of what follows;
 *     definitions before the first header are shared (checked whenever the API schema has them);
 *   - `# owner: X` at the end of a definition's first line makes X the owner of that definition;
 *   - a comment line `# owner: X` inside a block makes X the owner of the fields after it.
 * A field whose return type is an `XConnection` not defined in the contract must be a Relay
 * connection: { edges: [XEdge { cursor: String, node: X }], pageInfo: PageInfo, totalCount: Int }.
 *
 * The part of the contract that applies (owners that exist) becomes a schema of its own, and
 * @graphql-inspector/core diffs it against the API, as a release against the next one: what it
 * calls breaking breaks the contract (a missing type, field, argument or enum value, a laxer
 * output, a stricter argument or input field, a new required argument or input field, another
 * kind of type), and so does a contract default value that is not ours. Anything added passes.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ChangeType, CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import {
  Kind,
  parse,
  printSchema,
  visit,
  type DefinitionNode,
  type DocumentNode,
  type EnumValueDefinitionNode,
  type FieldDefinitionNode,
  type GraphQLSchema,
  type InputValueDefinitionNode,
  type TypeDefinitionNode,
  type TypeNode,
} from 'graphql';
import { isSubgraphName, repoRoot } from './composition.ts';
import { inspectorGraphql } from './inspector-graphql.ts';

/** The owner of a contract item: a subgraph name, or null for the shared preamble. */
export type Owner = string | null;

type TypeKind = 'object' | 'input' | 'enum' | 'scalar';

interface ContractType {
  name: string;
  kind: TypeKind;
  owner: Owner;
  line: number;
  /** Object fields, input fields (as fields without arguments) and enum values, each with its owner. */
  fields: ContractField[];
  values: { name: string; owner: Owner; node: EnumValueDefinitionNode }[];
}

interface ContractField {
  name: string;
  owner: Owner;
  type: TypeNode;
  args: readonly InputValueDefinitionNode[];
  node: FieldDefinitionNode | InputValueDefinitionNode;
}

export interface ParsedContract {
  /** Every definition and extension, in source order (a type extended in several sections appears several times). */
  types: ContractType[];
  /** Owner names used by the contract that are not subgraphs in the registry. */
  unknownOwners: { owner: string; line: number }[];
}

const SECTION_HEADER = /^#\s*-{3,}\s*([A-Za-z][\w-]*)/;
const OWNER_COMMENT_LINE = /^\s*#\s*owner:\s*([A-Za-z][\w-]*)/;
const TRAILING_OWNER = /#\s*owner:\s*([A-Za-z][\w-]*)/;

function kindOf(definition: DefinitionNode): TypeKind | undefined {
  switch (definition.kind) {
    case Kind.OBJECT_TYPE_DEFINITION:
    case Kind.OBJECT_TYPE_EXTENSION:
      return 'object';
    case Kind.INPUT_OBJECT_TYPE_DEFINITION:
    case Kind.INPUT_OBJECT_TYPE_EXTENSION:
      return 'input';
    case Kind.ENUM_TYPE_DEFINITION:
    case Kind.ENUM_TYPE_EXTENSION:
      return 'enum';
    case Kind.SCALAR_TYPE_DEFINITION:
    case Kind.SCALAR_TYPE_EXTENSION:
      return 'scalar';
    default:
      return undefined;
  }
}

/** Parses the contract SDL and assigns an owner to every type, field and enum value. */
export function parseContract(sdl: string): ParsedContract {
  const lines = sdl.split(/\r?\n/);
  const document = parse(sdl);
  const unknownOwners: ParsedContract['unknownOwners'] = [];
  const noteOwner = (owner: string, line: number): string => {
    if (!isSubgraphName(owner)) unknownOwners.push({ owner, line });
    return owner;
  };

  // The section owner in force at each line (1-based).
  const sectionAt: Owner[] = [null];
  let section: Owner = null;
  lines.forEach((text, index) => {
    const header = SECTION_HEADER.exec(text);
    if (header?.[1]) section = noteOwner(header[1], index + 1);
    sectionAt.push(section);
  });

  /** The owner set by the last `# owner:` comment line strictly between two lines, if any. */
  const ownerCommentBetween = (afterLine: number, beforeLine: number): string | undefined => {
    let owner: string | undefined;
    for (let line = afterLine + 1; line < beforeLine; line += 1) {
      const match = OWNER_COMMENT_LINE.exec(lines[line - 1] ?? '');
      if (match?.[1]) owner = noteOwner(match[1], line);
    }
    return owner;
  };

  const types: ContractType[] = [];
  for (const definition of document.definitions) {
    const kind = kindOf(definition);
    if (!kind || !('name' in definition) || !definition.name || !definition.loc) continue;
    const startLine = definition.loc.startToken.line;
    const trailing = TRAILING_OWNER.exec(lines[startLine - 1] ?? '')?.[1];
    const typeOwner: Owner = trailing ? noteOwner(trailing, startLine) : (sectionAt[startLine] ?? null);

    const type: ContractType = { name: definition.name.value, kind, owner: typeOwner, line: startLine, fields: [], values: [] };
    let owner: Owner = typeOwner;
    let lastLine = startLine;
    const ownerFor = (line: number): Owner => {
      owner = ownerCommentBetween(lastLine, line) ?? owner;
      lastLine = line;
      return owner;
    };
    if ('fields' in definition && definition.fields) {
      for (const field of definition.fields as readonly (FieldDefinitionNode | InputValueDefinitionNode)[]) {
        type.fields.push({
          name: field.name.value,
          owner: ownerFor(field.loc?.startToken.line ?? lastLine),
          type: field.type,
          args: field.kind === Kind.FIELD_DEFINITION ? (field.arguments ?? []) : [],
          node: field,
        });
      }
    }
    if ('values' in definition && definition.values) {
      for (const value of definition.values) {
        type.values.push({ name: value.name.value, owner: ownerFor(value.loc?.startToken.line ?? lastLine), node: value });
      }
    }
    types.push(type);
  }
  return { types, unknownOwners };
}

// ------------------------------------------------------------------------------ the check

export interface ContractCheckOptions {
  /** The subgraphs that exist; items owned by any other subgraph are not checked yet. */
  subgraphs: Iterable<string>;
}

export interface ContractReport {
  problems: string[];
  /** How many contract items (types, fields, arguments, values) were checked. */
  checkedItems: number;
}

const name = (value: string) => ({ kind: Kind.NAME, value }) as const;
const named = (type: string): TypeNode => ({ kind: Kind.NAMED_TYPE, name: name(type) });
const list = (type: TypeNode): TypeNode => ({ kind: Kind.LIST_TYPE, type });
const field = (fieldName: string, type: TypeNode): FieldDefinitionNode => ({ kind: Kind.FIELD_DEFINITION, name: name(fieldName), type });
const objectType = (typeName: string, fields: readonly FieldDefinitionNode[]): TypeDefinitionNode => ({
  kind: Kind.OBJECT_TYPE_DEFINITION,
  name: name(typeName),
  fields,
});
const namedTypeName = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedTypeName(type.type));
const BUILT_IN_SCALARS = new Set(['String', 'Int', 'Float', 'Boolean', 'ID']);

/** Where a problem is reported: its owner, and for a connection the contract field that returns it. */
interface Attribution { owner: Owner; via?: string }

interface ApplicableContract {
  document: DocumentNode;
  /** `Type`, `Type.field` and `Type.VALUE` to who owns them. */
  attributions: Map<string, Attribution>;
  checkedItems: number;
}

/** The part of the contract whose owners exist, as one definition per type, plus the Relay connections it names. */
function applicableContract(contract: ParsedContract, applies: (owner: Owner, typeName: string) => boolean): ApplicableContract {
  const attributions = new Map<string, Attribution>();
  let checkedItems = 0;
  const merged = new Map<string, { kind: ContractType['kind']; applies: boolean; owner: Owner; fields: ContractField[]; values: ContractType['values'] }>();
  for (const type of contract.types) {
    const entry = merged.get(type.name) ?? { kind: type.kind, applies: false, owner: type.owner, fields: [], values: [] };
    merged.set(type.name, entry);
    if (applies(type.owner, type.name) && !entry.applies) {
      entry.applies = true;
      entry.owner = type.owner;
    }
    entry.fields.push(...type.fields.filter((f) => applies(f.owner, type.name)));
    entry.values.push(...type.values.filter((v) => applies(v.owner, type.name)));
  }

  const definitions: TypeDefinitionNode[] = [];
  const connections = new Map<string, Attribution>();
  for (const [typeName, entry] of merged) {
    if (!entry.applies && entry.fields.length === 0 && entry.values.length === 0) continue;
    // A type only some of whose fields apply is reported under the owner of the first of them.
    const owner = entry.applies ? entry.owner : (entry.fields[0] ?? entry.values[0])!.owner;
    attributions.set(typeName, { owner });
    if (entry.applies) checkedItems += 1;
    for (const f of entry.fields) {
      attributions.set(`${typeName}.${f.name}`, { owner: f.owner });
      checkedItems += 1 + f.args.length;
      const returned = namedTypeName(f.type);
      if (entry.kind === 'object' && returned.endsWith('Connection') && !merged.has(returned) && !connections.has(returned)) {
        connections.set(returned, { owner: f.owner, via: `${typeName}.${f.name}` });
      }
    }
    for (const v of entry.values) attributions.set(`${typeName}.${v.name}`, { owner: v.owner });
    checkedItems += entry.values.length;
    const base = { name: name(typeName) };
    if (entry.kind === 'object') definitions.push(objectType(typeName, entry.fields.map((f) => f.node as FieldDefinitionNode)));
    else if (entry.kind === 'input') definitions.push({ kind: Kind.INPUT_OBJECT_TYPE_DEFINITION, ...base, fields: entry.fields.map((f) => f.node as InputValueDefinitionNode) });
    else if (entry.kind === 'enum') definitions.push({ kind: Kind.ENUM_TYPE_DEFINITION, ...base, values: entry.values.map((v) => v.node) });
    else definitions.push({ kind: Kind.SCALAR_TYPE_DEFINITION, ...base });
  }

  // The Relay shape, as a contract would spell it: nullable, so that the API may be stricter.
  for (const [connection, attribution] of connections) {
    checkedItems += 1;
    const node = connection.slice(0, -'Connection'.length);
    const edge = `${node}Edge`;
    attributions.set(connection, attribution);
    attributions.set(edge, attribution);
    definitions.push(objectType(connection, [field('edges', list(named(edge))), field('pageInfo', named('PageInfo')), field('totalCount', named('Int'))]));
    if (!merged.has(edge)) definitions.push(objectType(edge, [field('cursor', named('String')), field('node', named(node))]));
  }

  // Types an applicable field names but no applicable part defines stand as empty ones of their kind.
  const defined = new Set(definitions.map((d) => d.name.value));
  const referenced = new Set<string>();
  visit({ kind: Kind.DOCUMENT, definitions } as DocumentNode, { NamedType: (node) => void referenced.add(node.name.value) });
  for (const typeName of referenced) {
    if (defined.has(typeName) || BUILT_IN_SCALARS.has(typeName)) continue;
    const kind = merged.get(typeName)?.kind ?? 'object';
    if (kind === 'object') definitions.push(objectType(typeName, []));
    else if (kind === 'input') definitions.push({ kind: Kind.INPUT_OBJECT_TYPE_DEFINITION, name: name(typeName), fields: [] });
    else if (kind === 'enum') definitions.push({ kind: Kind.ENUM_TYPE_DEFINITION, name: name(typeName), values: [] });
    else definitions.push({ kind: Kind.SCALAR_TYPE_DEFINITION, name: name(typeName) });
  }
  return { document: { kind: Kind.DOCUMENT, definitions: definitions as DefinitionNode[] }, attributions, checkedItems };
}

/** Whether a change from the contract to the API breaks the contract. */
function breaksContract(change: Change): boolean {
  if (change.criticality.level === CriticalityLevel.Breaking) return true;
  // Inspector calls a changed default dangerous; a default the contract states is a promise.
  const defaultChange = change.type === ChangeType.FieldArgumentDefaultChanged || change.type === ChangeType.InputFieldDefaultValueChanged;
  return defaultChange && (change.meta as { oldDefaultValue?: string }).oldDefaultValue !== undefined;
}

/**
 * Checks the API schema (SDL or built schema) against the contract SDL. Returns one readable line
 * per problem: `Type.field.arg [owner]: what is wrong`, in inspector's words.
 */
export async function checkContract(contractSdl: string, api: string | GraphQLSchema, options: ContractCheckOptions): Promise<ContractReport> {
  const apiSdl = typeof api === 'string' ? api : printSchema(api);
  const ours = inspectorGraphql.buildSchema(apiSdl);
  const existing = new Set(options.subgraphs);
  const contract = parseContract(contractSdl);
  const problems = contract.unknownOwners.map(({ owner, line }) => `contract.graphql line ${line}: owner "${owner}" is not a subgraph in SUBGRAPH_PORTS`);

  /** Shared (preamble) items are checked when the API has the type; owned ones when the owner exists. */
  const applies = (owner: Owner, typeName: string): boolean => (owner === null ? ours.getType(typeName) != null : existing.has(owner));
  const applicable = applicableContract(contract, applies);
  const promised = inspectorGraphql.buildASTSchema(applicable.document, { assumeValidSDL: true });

  const attributionOf = (at: string): Attribution => {
    const parts = at.split('.');
    for (let length = parts.length; length > 0; length -= 1) {
      const found = applicable.attributions.get(parts.slice(0, length).join('.'));
      if (found) return found;
    }
    return { owner: null };
  };
  const broken = (await diff(promised, ours)).filter(breaksContract).map((change) => {
    const at = change.path ?? change.type;
    const { owner, via } = attributionOf(at);
    return `${at} [${owner ?? 'shared'}]${via ? ` (Relay connection returned by ${via})` : ''}: ${change.message}`;
  });
  return { problems: [...problems, ...broken.sort()], checkedItems: applicable.checkedItems };
}

/** The vendored contract must equal the shared one when the shared one is there. */
export function checkVendoredContract(root: string = repoRoot): string[] {
  const shared = path.resolve(root, '..', 'shared', 'contract.graphql');
  const vendored = path.join(root, 'schema', 'contract.graphql');
  if (!existsSync(vendored)) return ['schema/contract.graphql is missing'];
  if (!existsSync(shared)) return [];
  return readFileSync(shared, 'utf8') === readFileSync(vendored, 'utf8')
    ? []
    : [`schema/contract.graphql differs from ${shared}: vendor it again (cp ${shared} schema/contract.graphql)`];
}
