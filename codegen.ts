/**
 * GraphQL Code Generator (`pnpm codegen`): for every subgraphs/<name>/schema.graphql, resolver types in
 * subgraphs/<name>/src/generated/resolvers-types.ts (git-ignored; regenerate after editing a schema).
 *
 * And web/src/gql/: the web client's typed documents from schema/api.graphql (client preset).
 *
 * Conventions, per subgraph:
 *   - the resolver context is `Context` from src/context.ts;
 *   - mappers: every `export interface XModel` / `export type XModel` in src/models.ts is the parent
 *     type of the resolvers of object type X, when X is an object type of that subgraph's schema.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { Kind, parse } from 'graphql';

const root = import.meta.dirname;

/** Object type names defined or extended in a schema file. */
function objectTypeNames(schemaFile: string): Set<string> {
  const names = new Set<string>();
  for (const definition of parse(readFileSync(schemaFile, 'utf8')).definitions) {
    if (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION) {
      names.add(definition.name.value);
    }
  }
  return names;
}

/** `{ User: '../models.ts#UserModel' }` for every exported `UserModel` whose `User` is an object type. */
function mappersFor(subgraphDir: string, objectTypes: Set<string>): Record<string, string> {
  const modelsFile = path.join(subgraphDir, 'src', 'models.ts');
  if (!existsSync(modelsFile)) return {};
  const mappers: Record<string, string> = {};
  for (const match of readFileSync(modelsFile, 'utf8').matchAll(/^export\s+(?:interface|type)\s+([A-Z]\w*)Model\b/gm)) {
    const typeName = match[1];
    if (typeName && objectTypes.has(typeName)) mappers[typeName] = `../models.ts#${typeName}Model`;
  }
  return mappers;
}

const subgraphsDir = path.join(root, 'subgraphs');
const subgraphNames = readdirSync(subgraphsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(path.join(subgraphsDir, entry.name, 'schema.graphql')))
  .map((entry) => entry.name)
  .sort();

const generates: CodegenConfig['generates'] = {};
for (const name of subgraphNames) {
  const dir = path.join(subgraphsDir, name);
  const schemaFile = `subgraphs/${name}/schema.graphql`;
  generates[`subgraphs/${name}/src/generated/resolvers-types.ts`] = {
    // `federation: true` declares @key, @link, @shareable & co. itself.
    schema: schemaFile,
    plugins: ['typescript', 'typescript-resolvers'],
    config: {
      federation: true,
      useIndexSignature: true,
      contextType: '../context.ts#Context',
      mappers: mappersFor(dir, objectTypeNames(path.join(dir, 'schema.graphql'))),
      scalars: { DateTime: 'Date | string' },
      enumsAsTypes: true,
      useTypeImports: true,
      emitLegacyCommonJSImports: false,
    },
  };
}

// The web client: typed documents (client preset) from the public API, for every `graphql(...)` call
// in web/src (git-ignored like the resolver types).
generates['web/src/gql/'] = {
  schema: 'schema/api.graphql',
  documents: ['web/src/**/*.{ts,tsx}', '!web/src/gql/**'],
  preset: 'client',
  presetConfig: { fragmentMasking: false },
  config: { scalars: { DateTime: 'string' }, enumsAsTypes: true, useTypeImports: true },
};

const config: CodegenConfig = {
  overwrite: true,
  silent: true,
  errorsOnly: true,
  generates,
};

export default config;
