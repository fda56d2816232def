// ESLint 9 flat config (`pnpm lint`): typescript-eslint's recommended rules for TypeScript (syntactic
// only, no type information, so that it stays fast) and graphql-eslint for each subgraph's schema.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'eslint/config';
import graphqlPlugin from '@graphql-eslint/eslint-plugin';
import { Kind, parse, print } from 'graphql';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;

const subgraphSchemas = readdirSync(path.join(root, 'subgraphs'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(path.join(root, 'subgraphs', entry.name, 'schema.graphql')))
  .map((entry) => `subgraphs/${entry.name}/schema.graphql`)
  .sort();

/** Federation 2 directive definitions, by the name a subgraph imports them under. */
const FEDERATION_DIRECTIVES = {
  '@key': 'directive @key(fields: federation__FieldSet!, resolvable: Boolean = true) repeatable on OBJECT | INTERFACE',
  '@requires': 'directive @requires(fields: federation__FieldSet!) on FIELD_DEFINITION',
  '@provides': 'directive @provides(fields: federation__FieldSet!) on FIELD_DEFINITION',
  '@external': 'directive @external(reason: String) on OBJECT | FIELD_DEFINITION',
  '@shareable': 'directive @shareable repeatable on OBJECT | FIELD_DEFINITION',
  '@inaccessible':
    'directive @inaccessible on FIELD_DEFINITION | OBJECT | INTERFACE | UNION | ARGUMENT_DEFINITION | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION',
  '@tag':
    'directive @tag(name: String!) repeatable on FIELD_DEFINITION | INTERFACE | OBJECT | UNION | ARGUMENT_DEFINITION | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION | SCHEMA',
  '@override': 'directive @override(from: String!, label: String) on FIELD_DEFINITION',
  '@composeDirective': 'directive @composeDirective(name: String!) repeatable on SCHEMA',
  '@interfaceObject': 'directive @interfaceObject on OBJECT',
  '@extends': 'directive @extends on OBJECT | INTERFACE',
  '@authenticated': 'directive @authenticated on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM',
  '@requiresScopes': 'directive @requiresScopes(scopes: [[federation__Scope!]!]!) on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM',
  '@policy': 'directive @policy(policies: [[federation__Policy!]!]!) on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM',
  '@context': 'directive @context(name: String!) repeatable on INTERFACE | OBJECT | UNION',
  '@fromContext': 'directive @fromContext(field: federation__ContextFieldValue) on ARGUMENT_DEFINITION',
  '@cost': 'directive @cost(weight: Int!) on ARGUMENT_DEFINITION | ENUM | FIELD_DEFINITION | INPUT_FIELD_DEFINITION | OBJECT | SCALAR',
  '@listSize':
    'directive @listSize(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!], requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION',
};

/**
 * The schema a subgraph's SDL is linted against: the file as the subgraph server builds it. The
 * directives it imports from the federation spec (and @link) are declared; Query gains `_entities`
 * and `_service`, so that entity types count as reachable. graphql-eslint's own federation support
 * (buildSubgraphSchema({ typeDefs })) is not used: the installed @apollo/subgraph does not accept
 * that form, so the `extend schema @link(...)` is left out of this schema (the file keeps it).
 */
function lintSchemaFor(file) {
  const sdl = readFileSync(path.join(root, file), 'utf8');
  let document;
  try {
    document = parse(sdl);
  } catch {
    return sdl; // graphql-eslint reports the syntax error against the file itself
  }
  const imported = new Set();
  const definitions = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.SCHEMA_EXTENSION) {
      for (const directive of definition.directives ?? []) {
        const url = directive.arguments?.find((arg) => arg.name.value === 'url')?.value;
        const imports = directive.arguments?.find((arg) => arg.name.value === 'import')?.value;
        if (directive.name.value !== 'link' || url?.kind !== Kind.STRING || !url.value.includes('specs.apollo.dev/federation/')) continue;
        for (const value of imports?.kind === Kind.LIST ? imports.values : []) {
          if (value.kind === Kind.STRING) imported.add(value.value);
        }
      }
      continue;
    }
    definitions.push(definition);
  }
  const entities = definitions
    .filter((d) => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.directives?.some((directive) => directive.name.value === 'key'))
    .map((d) => d.name.value);
  const rootFields = parse(
    `type Query { _service: _Service! ${entities.length > 0 ? '_entities(representations: [_Any!]!): [_Entity]!' : ''} }`,
  ).definitions[0].fields;
  const hasQuery = definitions.some((d) => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Query');
  const withRootFields = hasQuery
    ? definitions.map((d) => (d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Query' ? { ...d, fields: [...(d.fields ?? []), ...rootFields] } : d))
    : [...definitions, { kind: Kind.OBJECT_TYPE_DEFINITION, name: { kind: Kind.NAME, value: 'Query' }, fields: rootFields }];
  return [
    print({ kind: Kind.DOCUMENT, definitions: withRootFields }),
    'enum link__Purpose { SECURITY EXECUTION }',
    'scalar link__Import',
    'directive @link(url: String!, as: String, for: link__Purpose, import: [link__Import]) repeatable on SCHEMA',
    'scalar federation__FieldSet',
    'scalar federation__Scope',
    'scalar federation__Policy',
    'scalar federation__ContextFieldValue',
    'scalar _Any',
    'type _Service { sdl: String }',
    entities.length > 0 ? `union _Entity = ${entities.join(' | ')}` : '',
    ...[...imported].map((name) => FEDERATION_DIRECTIVES[name] ?? ''),
  ].join('\n');
}

/** Rules for Federation 2 subgraph SDL, each file checked against its own subgraph's schema. */
const schemaRules = {
  // Names: PascalCase types, camelCase fields and arguments, UPPER_CASE enum values, no `getX` queries.
  ...graphqlPlugin.configs['flat/schema-recommended'].rules,
  // Descriptions are welcome, not required (the contract documents the API); when present they are
  // "inline" strings, as in the current SDLs, and never `#` comments (those are not descriptions).
  '@graphql-eslint/require-description': 'off',
  '@graphql-eslint/description-style': ['error', { style: 'inline' }],
  // Payloads, edges, PageInfo and the like have no id of their own.
  '@graphql-eslint/strict-id-in-types': 'off',
  // Relay connections as the contract describes them: { edges { cursor node } pageInfo totalCount }
  // with first/after or last/before. The contract's PageInfo is forward-only and nodes need not
  // implement a Node interface.
  '@graphql-eslint/relay-connection-types': 'error',
  '@graphql-eslint/relay-edge-types': ['error', { withEdgeSuffix: true, shouldImplementNode: false, listTypeCanWrapOnlyEdgeType: false }],
  '@graphql-eslint/relay-arguments': ['error', { includeBoth: false }],
};

export default defineConfig([
  {
    ignores: ['**/node_modules/**', '.data/**', '**/generated/**', 'web/dist/**', 'dist/**', 'web/src/gql/**', 'web/build/**', 'coverage/**', 'test-results/**'],
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'],
    extends: [tseslint.configs.recommended],
    rules: {
      // `_`-prefixed parameters and variables are deliberately unused (resolver signatures).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
  {
    // Test helpers (vitest among them) stay out of what runs in production: only tests and the
    // test-only entry point may use them.
    files: ['packages/*/src/**/*.ts', 'subgraphs/*/src/**/*.ts', 'gateway/src/**/*.ts', 'web/src/**/*.{ts,tsx}'],
    ignores: ['packages/platform/src/testing/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: '@lg/platform/testing', message: 'Test helpers are for tests only.' }],
        patterns: [{ group: ['vitest', 'vitest/*', '**/testing/*'], message: 'Test helpers are for tests only.' }],
      }],
    },
  },
  {
    // Tests read GraphQL answers whose shape the query itself states; typing each one adds nothing.
    files: ['**/test/**/*.ts', 'tests/**/*.ts', 'packages/platform/src/testing/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: subgraphSchemas,
    languageOptions: {
      parser: graphqlPlugin.parser,
      // graphql-eslint loads this once for every file, so every subgraph is a project that includes
      // its own file (a path relative to the working directory, as graphql-config matches it).
      parserOptions: {
        graphQLConfig: {
          projects: Object.fromEntries(
            subgraphSchemas.map((file) => [
              file.split('/')[1],
              { schema: lintSchemaFor(file), include: path.relative(process.cwd(), path.join(root, file)) },
            ]),
          ),
        },
      },
    },
    plugins: { '@graphql-eslint': graphqlPlugin },
    rules: schemaRules,
  },
]);
