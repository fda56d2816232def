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
 * connection: { edges: [{ cursor: String, node: X }], pageInfo: PageInfo, totalCount: Int }.
 *
 * Compatibility: an output may be stricter than the contract (contract `String` accepts our
 * `String!`, not the other way round); an argument or input field may be more lenient (contract
 * `ID!` accepts our `ID`); a contract default value must be ours too; we may add anything except
 * a required argument or input field the contract does not have.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  Kind,
  astFromValue,
  buildSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  parse,
  print,
  type DefinitionNode,
  type FieldDefinitionNode,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type GraphQLType,
  type InputValueDefinitionNode,
  type TypeNode,
} from 'graphql';
import { isSubgraphName, repoRoot } from './composition.ts';

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
  values: { name: string; owner: Owner }[];
}

interface ContractField {
  name: string;
  owner: Owner;
  type: TypeNode;
  args: readonly InputValueDefinitionNode[];
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
        });
      }
    }
    if ('values' in definition && definition.values) {
      for (const value of definition.values) {
        type.values.push({ name: value.name.value, owner: ownerFor(value.loc?.startToken.line ?? lastLine) });
      }
    }
    types.push(type);
  }
  return { types, unknownOwners };
}

// ------------------------------------------------------------------------------ type compatibility

const printTypeNode = (type: TypeNode): string => print(type);

/** Our output type may be stricter (non-null) than the contract's; never laxer; same named type. */
export function outputCompatible(contract: TypeNode, ours: GraphQLType): boolean {
  if (isNonNullType(ours)) {
    return contract.kind === Kind.NON_NULL_TYPE ? outputCompatible(contract.type, ours.ofType) : outputCompatible(contract, ours.ofType);
  }
  if (contract.kind === Kind.NON_NULL_TYPE) return false;
  if (contract.kind === Kind.LIST_TYPE) return isListType(ours) && outputCompatible(contract.type, ours.ofType);
  return !isListType(ours) && 'name' in ours && ours.name === contract.name.value;
}

/** Our input type may be laxer (nullable) than the contract's; never stricter; same named type. */
export function inputCompatible(contract: TypeNode, ours: GraphQLType): boolean {
  if (contract.kind === Kind.NON_NULL_TYPE) {
    return isNonNullType(ours) ? inputCompatible(contract.type, ours.ofType) : inputCompatible(contract.type, ours);
  }
  if (isNonNullType(ours)) return false;
  if (contract.kind === Kind.LIST_TYPE) return isListType(ours) && inputCompatible(contract.type, ours.ofType);
  return !isListType(ours) && 'name' in ours && ours.name === contract.name.value;
}

const namedTypeName = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedTypeName(type.type));

function unwrap(type: GraphQLType): { named: GraphQLNamedType; list: boolean } {
  let list = false;
  let current = type;
  for (;;) {
    if (isNonNullType(current)) current = current.ofType;
    else if (isListType(current)) {
      list = true;
      current = current.ofType;
    } else return { named: current, list };
  }
}

function printDefault(value: InputValueDefinitionNode['defaultValue']): string | undefined {
  return value ? print(value) : undefined;
}

function ourDefault(input: GraphQLArgument | GraphQLInputField): string | undefined {
  if (input.astNode?.defaultValue) return print(input.astNode.defaultValue);
  if (input.defaultValue === undefined) return undefined;
  const ast = astFromValue(input.defaultValue, input.type);
  return ast ? print(ast) : undefined;
}

const isRequired = (input: GraphQLArgument | GraphQLInputField): boolean => isNonNullType(input.type) && input.defaultValue === undefined;

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

const KIND_LABEL: Record<TypeKind, string> = { object: 'object type', input: 'input type', enum: 'enum', scalar: 'scalar' };

function hasKind(type: GraphQLNamedType, kind: TypeKind): boolean {
  switch (kind) {
    case 'object':
      return isObjectType(type);
    case 'input':
      return isInputObjectType(type);
    case 'enum':
      return isEnumType(type);
    case 'scalar':
      return isScalarType(type);
  }
}

/**
 * Checks the API schema (SDL or built schema) against the contract SDL. Returns one readable line
 * per problem: `Type.field(arg:) [owner]: what is wrong`.
 */
export function checkContract(contractSdl: string, api: string | GraphQLSchema, options: ContractCheckOptions): ContractReport {
  const schema = typeof api === 'string' ? buildSchema(api) : api;
  const existing = new Set(options.subgraphs);
  const contract = parseContract(contractSdl);
  const problems: string[] = [];
  let checkedItems = 0;

  for (const { owner, line } of contract.unknownOwners) {
    problems.push(`contract.graphql line ${line}: owner "${owner}" is not a subgraph in SUBGRAPH_PORTS`);
  }

  const definedInContract = new Set(contract.types.map((type) => type.name));
  /** Shared (preamble) items are checked when the API has the type; owned ones when the owner exists. */
  const applies = (owner: Owner, typeName: string): boolean =>
    owner === null ? schema.getType(typeName) !== undefined : existing.has(owner);
  const label = (owner: Owner): string => `[${owner ?? 'shared'}]`;

  const reportedMissingTypes = new Set<string>();
  /** The API type for a contract type name, reporting it once when missing or of another kind. */
  const apiType = (name: string, kind: TypeKind, owner: Owner): GraphQLNamedType | undefined => {
    const type = schema.getType(name);
    if (type && hasKind(type, kind)) return type;
    if (!reportedMissingTypes.has(name)) {
      reportedMissingTypes.add(name);
      problems.push(
        type
          ? `${name} ${label(owner)}: is not an ${KIND_LABEL[kind]} in the API schema`
          : `${name} ${label(owner)}: ${KIND_LABEL[kind]} missing from the API schema`,
      );
    }
    return undefined;
  };

  const connections = new Map<string, { owner: Owner; via: string }>();

  const checkArguments = (where: string, owner: Owner, contractArgs: readonly InputValueDefinitionNode[], ours: readonly GraphQLArgument[]) => {
    for (const arg of contractArgs) {
      checkedItems += 1;
      const mine = ours.find((candidate) => candidate.name === arg.name.value);
      const at = `${where}(${arg.name.value}:) ${label(owner)}`;
      if (!mine) {
        problems.push(`${at}: argument missing`);
        continue;
      }
      if (!inputCompatible(arg.type, mine.type)) {
        problems.push(`${at}: argument type ${String(mine.type)} is not compatible with the contract's ${printTypeNode(arg.type)}`);
      }
      const expectedDefault = printDefault(arg.defaultValue);
      const actualDefault = ourDefault(mine);
      if (expectedDefault !== undefined && expectedDefault !== actualDefault) {
        problems.push(`${at}: default ${actualDefault ?? '(none)'} differs from the contract's ${expectedDefault}`);
      }
    }
    for (const mine of ours) {
      if (isRequired(mine) && !contractArgs.some((arg) => arg.name.value === mine.name)) {
        problems.push(`${where}(${mine.name}:) ${label(owner)}: required argument that the contract does not have`);
      }
    }
  };

  for (const type of contract.types) {
    const typeApplies = applies(type.owner, type.name);
    const anyPartApplies =
      typeApplies || type.fields.some((field) => applies(field.owner, type.name)) || type.values.some((value) => applies(value.owner, type.name));
    if (!anyPartApplies) continue;
    if (typeApplies) checkedItems += 1;
    const ours = apiType(type.name, type.kind, typeApplies ? type.owner : (type.fields.find((f) => applies(f.owner, type.name))?.owner ?? type.owner));
    if (!ours) continue;

    if (isEnumType(ours)) {
      for (const value of type.values) {
        if (!applies(value.owner, type.name)) continue;
        checkedItems += 1;
        if (!ours.getValue(value.name)) problems.push(`${type.name}.${value.name} ${label(value.owner)}: enum value missing`);
      }
    }

    if (isInputObjectType(ours)) {
      const fields = ours.getFields();
      for (const field of type.fields) {
        if (!applies(field.owner, type.name)) continue;
        checkedItems += 1;
        const mine = fields[field.name];
        const at = `${type.name}.${field.name} ${label(field.owner)}`;
        if (!mine) problems.push(`${at}: input field missing`);
        else if (!inputCompatible(field.type, mine.type)) {
          problems.push(`${at}: input field type ${String(mine.type)} is not compatible with the contract's ${printTypeNode(field.type)}`);
        }
      }
      if (typeApplies) {
        for (const mine of Object.values(fields)) {
          if (isRequired(mine) && !type.fields.some((field) => field.name === mine.name)) {
            problems.push(`${type.name}.${mine.name} ${label(type.owner)}: required input field that the contract does not have`);
          }
        }
      }
    }

    if (isObjectType(ours)) {
      const fields: Record<string, GraphQLField<unknown, unknown>> = ours.getFields();
      for (const field of type.fields) {
        if (!applies(field.owner, type.name)) continue;
        checkedItems += 1;
        const where = `${type.name}.${field.name}`;
        const mine = fields[field.name];
        if (!mine) {
          problems.push(`${where} ${label(field.owner)}: field missing`);
          continue;
        }
        if (!outputCompatible(field.type, mine.type)) {
          problems.push(`${where} ${label(field.owner)}: type ${String(mine.type)} is not compatible with the contract's ${printTypeNode(field.type)}`);
        }
        checkArguments(where, field.owner, field.args, mine.args);
        const returned = namedTypeName(field.type);
        if (returned.endsWith('Connection') && !definedInContract.has(returned) && !connections.has(returned)) {
          connections.set(returned, { owner: field.owner, via: where });
        }
      }
    }
  }

  for (const [name, { owner, via }] of connections) {
    checkedItems += 1;
    const nodeName = name.slice(0, -'Connection'.length);
    const at = `${name} ${label(owner)} (Relay connection returned by ${via})`;
    const connection = apiType(name, 'object', owner);
    if (!connection || !isObjectType(connection)) continue;
    const fields = connection.getFields();
    const shapeProblems: string[] = [];
    const edges = fields.edges ? unwrap(fields.edges.type) : undefined;
    if (!edges) shapeProblems.push('no `edges` field');
    else if (!edges.list || !isObjectType(edges.named)) shapeProblems.push('`edges` is not a list of edge objects');
    else {
      const edgeFields = edges.named.getFields();
      if (!edgeFields.cursor || unwrap(edgeFields.cursor.type).named.name !== 'String' || unwrap(edgeFields.cursor.type).list) {
        shapeProblems.push(`${edges.named.name}.cursor is not a String`);
      }
      if (!edgeFields.node || unwrap(edgeFields.node.type).named.name !== nodeName || unwrap(edgeFields.node.type).list) {
        shapeProblems.push(`${edges.named.name}.node is not a ${nodeName}`);
      }
    }
    if (!fields.pageInfo || unwrap(fields.pageInfo.type).named.name !== 'PageInfo' || unwrap(fields.pageInfo.type).list) {
      shapeProblems.push('`pageInfo` is not a PageInfo');
    }
    if (!fields.totalCount || unwrap(fields.totalCount.type).named.name !== 'Int' || unwrap(fields.totalCount.type).list) {
      shapeProblems.push('`totalCount` is not an Int');
    }
    for (const problem of shapeProblems) problems.push(`${at}: ${problem}`);
  }

  return { problems, checkedItems };
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
