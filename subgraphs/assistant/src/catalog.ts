import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildSchema, getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, Kind, parse, TypeInfo,
  typeFromAST, validate, visit, visitWithTypeInfo, type DocumentNode, type GraphQLInputType, type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { localSchema } from './routes.ts';

export const OPERATIONS_DIR = fileURLToPath(new URL('../operations/', import.meta.url));
export const API_SCHEMA_FILE = fileURLToPath(new URL('../../../schema/api.graphql', import.meta.url));

/** A JSON Schema, as much of it as tool inputs use. */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  enum?: string[];
  format?: string;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  default?: unknown;
}

export interface Tool {
  name: string;
  description: string;
  inputSchema: JsonSchema;
  mutates: boolean;
  /** The operation document's text, sent to the gateway as it is. */
  document: string;
  operation: OperationDefinitionNode;
  /** The schema the operation runs against: the API schema, or the local one of navigate_to_route. */
  schema: GraphQLSchema;
  /** True for tools answered here without a graph call (navigate_to_route). */
  local: boolean;
}

/** Tools that run no graph operation; their documents validate against the local schema. */
export const LOCAL_TOOLS = new Set(['navigate_to_route']);

const TOOL_NAME = /^[a-z][a-z0-9_]{0,63}$/;

/** The leading `#` comment lines of a document: the tool's description. */
export function leadingComment(text: string): string {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    const match = /^\s*#\s?(.*)$/.exec(line);
    if (!match) break;
    lines.push(match[1]!.trim());
  }
  return lines.join(' ').trim();
}

const SCALARS: Record<string, JsonSchema> = {
  Int: { type: 'integer' },
  Float: { type: 'number' },
  Boolean: { type: 'boolean' },
  String: { type: 'string' },
  ID: { type: 'string' },
  DateTime: { type: 'string', format: 'date-time' },
};

/** The JSON Schema of a GraphQL input type (nullability is said by the parent's `required`). */
export function jsonSchemaOf(type: GraphQLInputType, depth = 0): JsonSchema {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return { type: 'array', items: jsonSchemaOf(inner.ofType, depth) };
  if (isEnumType(inner)) {
    return { type: 'string', enum: inner.getValues().map((v) => v.name), ...(inner.description ? { description: inner.description } : {}) };
  }
  if (isInputObjectType(inner)) {
    if (depth > 5) return { type: 'object' };
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const field of Object.values(inner.getFields())) {
      properties[field.name] = { ...jsonSchemaOf(field.type, depth + 1), ...(field.description ? { description: field.description } : {}) };
      if (isNonNullType(field.type) && field.defaultValue === undefined) required.push(field.name);
    }
    return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false };
  }
  if (isScalarType(inner)) {
    const known = SCALARS[inner.name] ?? {};
    return { ...known, ...(inner.description && !SCALARS[inner.name] ? { description: inner.description } : {}) };
  }
  return {};
}

/** Where each variable is used: the description of the argument or input field it fills. */
function variableDescriptions(schema: GraphQLSchema, document: DocumentNode): Map<string, string> {
  const typeInfo = new TypeInfo(schema);
  const found = new Map<string, string>();
  visit(document, visitWithTypeInfo(typeInfo, {
    Argument(node) {
      const description = typeInfo.getArgument()?.description;
      if (node.value.kind === Kind.VARIABLE && description && !found.has(node.value.name.value)) found.set(node.value.name.value, description);
    },
    ObjectField(node) {
      if (node.value.kind !== Kind.VARIABLE) return;
      const parent = typeInfo.getParentInputType();
      const owner = parent ? getNamedType(parent) : undefined;
      const description = owner && isInputObjectType(owner) ? owner.getFields()[node.name.value]?.description : undefined;
      if (description && !found.has(node.value.name.value)) found.set(node.value.name.value, description);
    },
  }));
  return found;
}

/** The tool's input schema, derived from its operation's variable definitions against `schema`. */
export function inputSchemaOf(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): JsonSchema {
  const descriptions = variableDescriptions(schema, document);
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type as never) as GraphQLInputType | undefined;
    if (!type) throw new Error(`variable $${name} has an unknown type`);
    const property: JsonSchema = jsonSchemaOf(type);
    const description = descriptions.get(name) ?? property.description;
    if (description) property.description = description;
    if (definition.defaultValue) property.default = valueOf(definition.defaultValue);
    properties[name] = property;
    if (isNonNullType(type) && !definition.defaultValue) required.push(name);
  }
  return { type: 'object', properties, required, additionalProperties: false };
}

function valueOf(node: NonNullable<OperationDefinitionNode['variableDefinitions']>[number]['defaultValue']): unknown {
  if (!node) return undefined;
  switch (node.kind) {
    case Kind.INT: return Number.parseInt(node.value, 10);
    case Kind.FLOAT: return Number.parseFloat(node.value);
    case Kind.BOOLEAN: return node.value;
    case Kind.NULL: return null;
    case Kind.STRING: case Kind.ENUM: return node.value;
    case Kind.LIST: return node.values.map((v) => valueOf(v as never));
    case Kind.OBJECT: return Object.fromEntries(node.fields.map((f) => [f.name.value, valueOf(f.value as never)]));
    default: return undefined;
  }
}

/** Loads one tool; throws with the file's name when its document is not a valid operation of its schema. */
export function loadTool(name: string, text: string, apiSchema: GraphQLSchema): Tool {
  if (!TOOL_NAME.test(name)) throw new Error(`${name}: a tool name is lower_snake_case, at most 64 characters`);
  const description = leadingComment(text);
  if (!description) throw new Error(`${name}: the operation has no description (a leading # comment)`);
  const document = parse(text);
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1 || document.definitions.length !== 1) throw new Error(`${name}: a tool is exactly one operation, without fragments`);
  const operation = operations[0]!;
  if (operation.operation === 'subscription') throw new Error(`${name}: subscriptions cannot be tools`);
  if (operation.name?.value !== name) throw new Error(`${name}: the operation must be named ${name}`);
  const local = LOCAL_TOOLS.has(name);
  const schema = local ? localSchema : apiSchema;
  const errors = validate(schema, document);
  if (errors.length > 0) throw new Error(`${name}: does not validate against ${local ? 'the local route schema' : 'schema/api.graphql'}: ${errors.map((e) => e.message).join('; ')}`);
  return { name, description, inputSchema: inputSchemaOf(schema, document, operation), mutates: operation.operation === 'mutation', document: text, operation, schema, local };
}

export const MAX_TOOLS = 50;

export interface ToolCatalog {
  tools: Tool[];
  byName: Map<string, Tool>;
}

/** Every operations/<tool>.graphql, validated and with its derived input schema, sorted by name. */
export function loadCatalog(options: { dir?: string; apiSchema?: GraphQLSchema } = {}): ToolCatalog {
  const dir = options.dir ?? OPERATIONS_DIR;
  const apiSchema = options.apiSchema ?? buildSchema(readFileSync(API_SCHEMA_FILE, 'utf8'));
  const tools = readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => loadTool(path.basename(file, '.graphql'), readFileSync(path.join(dir, file), 'utf8'), apiSchema));
  // assistantTools is sized at this many in the schema (@listSize) for the gateway's cost estimate.
  if (tools.length > MAX_TOOLS) throw new Error(`${dir}: at most ${MAX_TOOLS} tools, found ${tools.length}`);
  return { tools, byName: new Map(tools.map((t) => [t.name, t])) };
}
