import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, Kind, parse, typeFromAST,
  type DefinitionNode, type DocumentNode, type FragmentDefinitionNode, type GraphQLInputType, type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';

const root = path.resolve(import.meta.dirname, '../..');

export interface RealOperation {
  source: string;
  name: string;
  document: DocumentNode;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => !f.includes(`${path.sep}gql${path.sep}`));
}

/**
 * Every operation the web client sends: the `graphql(\`…\`)` documents of web/src (what the client
 * preset compiles), each with the fragments of the client it spreads.
 */
export function webOperations(): RealOperation[] {
  const definitions: { file: string; definition: DefinitionNode }[] = [];
  for (const file of sourceFiles(path.join(root, 'web/src'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(/graphql\(\s*`([^`]*)`/g)) {
      for (const definition of parse(match[1]!).definitions) definitions.push({ file: path.relative(root, file), definition });
    }
  }
  const fragments = definitions.map((d) => d.definition).filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
  return definitions
    .filter((d): d is { file: string; definition: OperationDefinitionNode } => d.definition.kind === Kind.OPERATION_DEFINITION)
    .map(({ file, definition }) => ({
      source: file,
      name: definition.name?.value ?? '(anonymous)',
      document: { kind: Kind.DOCUMENT, definitions: [definition, ...fragments] },
    }));
}

/** Every tool operation of the assistant (and so of MCP), as it sends them through the gateway. */
export function assistantOperations(): RealOperation[] {
  const dir = path.join(root, 'subgraphs/assistant/operations');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql') && f !== 'navigate_to_route.graphql')
    .map((f) => ({ source: `assistant/${f}`, name: f.replace(/\.graphql$/, ''), document: parse(readFileSync(path.join(dir, f), 'utf8')) }));
}

/** The largest page the subgraphs serve: an operation must pass with its lists at their largest. */
const LARGEST_PAGE = 100;

function sampleValue(type: GraphQLInputType, name: string): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType, name);
  if (isListType(type)) return [sampleValue(type.ofType, name)];
  const named = getNamedType(type);
  if (isEnumType(named)) return named.getValues()[0]!.value;
  if (isInputObjectType(named)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(named.getFields())) if (isNonNullType(field.type)) value[field.name] = sampleValue(field.type, field.name);
    return value;
  }
  switch (named.name) {
    case 'Int': return name === 'first' || name === 'last' ? LARGEST_PAGE : 1;
    case 'Float': return 1;
    case 'Boolean': return false;
    case 'DateTime': return '2030-01-01T10:00:00.000Z';
    default: return 'x';
  }
}

/**
 * Variables for an operation: page sizes at the largest the subgraphs serve (defaults too, so
 * the estimate is the worst the operation can cost), required values filled with samples.
 */
export function worstCaseVariables(schema: GraphQLSchema, document: DocumentNode): Record<string, unknown> {
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const variables: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (!type) continue;
    if (name === 'first' || name === 'last') variables[name] = LARGEST_PAGE;
    else if (isNonNullType(type)) variables[name] = sampleValue(type, name);
  }
  return variables;
}
