/**
 * GraphQL Code Generator (`pnpm codegen`): for every subgraphs/<name>/schema.graphql, resolver types in
 * subgraphs/<name>/src/generated/resolvers-types.ts (git-ignored; regenerate after editing a schema).
 *
 * The assistant's tool operations (subgraphs/assistant/operations/) get their result and variable
 * types in subgraphs/assistant/src/generated/, keyed by tool name in `ToolData` and `ToolVariables`.
 *
 * And web/src/gql/: the web client's typed documents from schema/api.graphql (client preset).
 *
 * Conventions, per subgraph:
 *   - the resolver context is `Context` from src/context.ts;
 *   - mappers: src/mappers.ts names the models.ts type each object type's resolvers get as parent;
 *     codegen stops with the reason when that does not hold (tools/codegen/mappers.ts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { addTypenameSelectionDocumentTransform } from '@graphql-codegen/client-preset';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { LOCAL_SDL } from './subgraphs/assistant/src/routes.ts';
import { checkedMappers, type MapperDeclaration } from './tools/codegen/mappers.ts';

const root = import.meta.dirname;

const subgraphsDir = path.join(root, 'subgraphs');
const subgraphNames = readdirSync(subgraphsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(path.join(subgraphsDir, entry.name, 'schema.graphql')))
  .map((entry) => entry.name)
  .sort();

async function declaredMappers(dir: string): Promise<MapperDeclaration> {
  const file = path.join(dir, 'src', 'mappers.ts');
  if (!existsSync(file)) return {};
  return ((await import(pathToFileURL(file).href)) as { mappers: MapperDeclaration }).mappers;
}

const generates: CodegenConfig['generates'] = {};
for (const name of subgraphNames) {
  const dir = path.join(subgraphsDir, name);
  const schemaFile = `subgraphs/${name}/schema.graphql`;
  const mappers = checkedMappers({
    name,
    sdl: readFileSync(path.join(dir, 'schema.graphql'), 'utf8'),
    modelsFile: path.join(dir, 'src', 'models.ts'),
    mappers: await declaredMappers(dir),
  });
  generates[`subgraphs/${name}/src/generated/resolvers-types.ts`] = {
    // `federation: true` declares @key, @link, @shareable & co. itself.
    schema: schemaFile,
    plugins: ['typescript', 'typescript-resolvers'],
    config: {
      federation: true,
      useIndexSignature: true,
      contextType: '../context.ts#Context',
      mappers,
      scalars: { DateTime: 'Date | string' },
      enumsAsTypes: true,
      useTypeImports: true,
      emitLegacyCommonJSImports: false,
    },
  };
}

// The assistant's tools: each operation document's result (`data` of its JSON answer) and variables.
// navigate_to_route runs against the assistant's local route schema, every other one against the API.
const operationsDir = 'subgraphs/assistant/operations';
const LOCAL_OPERATIONS = ['navigate_to_route'];
const operations = readdirSync(path.join(root, operationsDir))
  .filter((file) => file.endsWith('.graphql'))
  .sort()
  .map((file) => {
    const definition = parse(readFileSync(path.join(root, operationsDir, file), 'utf8')).definitions[0] as OperationDefinitionNode;
    const name = path.basename(file, '.graphql');
    // How typescript-operations names its types (namingConvention below): PascalCase, then the operation type.
    const pascal = name.split('_').map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
    const suffix = definition.kind === Kind.OPERATION_DEFINITION ? definition.operation.charAt(0).toUpperCase() + definition.operation.slice(1) : '';
    return { name, file: `${operationsDir}/${file}`, type: `${pascal}${suffix}`, local: LOCAL_OPERATIONS.includes(name) };
  });
const operationConfig = { scalars: { DateTime: 'string' }, enumsAsTypes: true, useTypeImports: true, namingConvention: { transformUnderscore: true } };
const localOperations = operations.filter((o) => o.local);
const toolMaps = [
  `import type { ${localOperations.flatMap((o) => [o.type, `${o.type}Variables`]).join(', ')} } from './route-operations.ts';`,
  '',
  '/** The `data` of each tool\'s answer, by tool name. */',
  `export interface ToolData {\n${operations.map((o) => `  ${o.name}: ${o.type};`).join('\n')}\n}`,
  '/** The variables (arguments) of each tool, by tool name. */',
  `export interface ToolVariables {\n${operations.map((o) => `  ${o.name}: ${o.type}Variables;`).join('\n')}\n}`,
  '',
].join('\n');
generates['subgraphs/assistant/src/generated/operations.ts'] = {
  schema: 'schema/api.graphql',
  documents: operations.filter((o) => !o.local).map((o) => o.file),
  plugins: ['typescript-operations', { add: { placement: 'append', content: toolMaps } }],
  config: operationConfig,
};
generates['subgraphs/assistant/src/generated/route-operations.ts'] = {
  schema: LOCAL_SDL,
  documents: localOperations.map((o) => o.file),
  plugins: ['typescript-operations'],
  config: operationConfig,
};

// The web client: typed documents (client preset) from the public API, for every `graphql(...)` call
// in web/src (git-ignored like the resolver types). Each document carries its SHA-256 id, and
// persisted-documents.json (id → text) is the manifest the gateway registers (trusted documents).
// The ids name the documents urql's graphcache runs: with a __typename in every selection set.
generates['web/src/gql/'] = {
  schema: 'schema/api.graphql',
  documents: ['web/src/**/*.{ts,tsx}', '!web/src/gql/**'],
  preset: 'client',
  presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: 'sha256' } },
  documentTransforms: [addTypenameSelectionDocumentTransform],
  config: { scalars: { DateTime: 'string' }, enumsAsTypes: true, useTypeImports: true },
};

const config: CodegenConfig = {
  overwrite: true,
  silent: true,
  errorsOnly: true,
  generates,
};

export default config;
