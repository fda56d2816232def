/**
 * Pure supergraph composition: subgraph SDL in, supergraph SDL and public API SDL out.
 * Used by tools/schema/compose.ts and the schema tests; it touches the file system only in
 * `discoverSubgraphs`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { buildASTSchema, lexicographicSortSchema, parse, printSchema, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';
import { SUBGRAPH_PORTS, defaultSubgraphUrl, type SubgraphName } from '../../packages/platform/src/subgraph-registry.ts';

export interface SubgraphSource {
  /** The subgraph's name: its folder under subgraphs/. */
  name: string;
  /** The routing URL the supergraph carries for it. */
  url: string;
  sdl: string;
}

export type CompositionOutcome =
  | { ok: true; supergraphSdl: string; apiSdl: string; hints: string[] }
  | { ok: false; errors: string[] };

export const isSubgraphName = (name: string): name is SubgraphName => Object.hasOwn(SUBGRAPH_PORTS, name);

/** The repository root (two levels above this file). */
export const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/**
 * Every `subgraphs/<name>/schema.graphql`, sorted by name. A folder whose name is not in the
 * subgraph registry is an error, since the supergraph could not route to it.
 */
export function discoverSubgraphs(root: string = repoRoot): SubgraphSource[] {
  const dir = path.join(root, 'subgraphs');
  if (!existsSync(dir)) return [];
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'schema.graphql')))
    .map((entry) => entry.name)
    .sort();
  const unknown = names.filter((name) => !isSubgraphName(name));
  if (unknown.length > 0) {
    throw new Error(
      `subgraphs/${unknown.join(', subgraphs/')}: not in SUBGRAPH_PORTS (packages/platform/src/subgraph-registry.ts); ` +
        `known subgraphs: ${Object.keys(SUBGRAPH_PORTS).join(', ')}`,
    );
  }
  return names.map((name) => ({
    name,
    url: defaultSubgraphUrl(name as SubgraphName),
    sdl: readFileSync(path.join(dir, name, 'schema.graphql'), 'utf8'),
  }));
}

/** A subgraph source for a registry name, with its default URL; handy for in-memory variants. */
export function subgraphSource(name: SubgraphName, sdl: string): SubgraphSource {
  return { name, url: defaultSubgraphUrl(name), sdl };
}

const describeError = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Messages that do not already say which subgraph they are about get a `[name]` prefix where known. */
function withSubgraphName(name: string, message: string): string {
  return message.startsWith(`[${name}]`) ? message : `[${name}] ${message}`;
}

/** A canonical, stable printing of the public API schema. */
export function printApiSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

/**
 * Composes the subgraphs with Apollo Federation 2 composition. On success returns the supergraph
 * SDL and the public API schema (sorted so that it is stable); on failure every error message,
 * each naming the subgraph(s) involved as composition reports them.
 */
export function composeSupergraph(subgraphs: readonly SubgraphSource[]): CompositionOutcome {
  if (subgraphs.length === 0) return { ok: false, errors: ['no subgraphs: expected subgraphs/<name>/schema.graphql'] };

  const parseErrors: string[] = [];
  const services: { name: string; url: string; typeDefs: DocumentNode }[] = [];
  for (const subgraph of subgraphs) {
    try {
      services.push({ name: subgraph.name, url: subgraph.url, typeDefs: parse(subgraph.sdl) });
    } catch (error) {
      parseErrors.push(withSubgraphName(subgraph.name, `syntax error in schema.graphql: ${describeError(error)}`));
    }
  }
  if (parseErrors.length > 0) return { ok: false, errors: parseErrors };

  let result: ReturnType<typeof composeServices>;
  try {
    result = composeServices(services);
  } catch (error) {
    return { ok: false, errors: [`composition threw: ${describeError(error)}`] };
  }
  if (result.errors) {
    return { ok: false, errors: result.errors.map((error: GraphQLError) => error.message) };
  }
  // Cross into our own copy of graphql-js through a plain AST: composition runs on the CommonJS build
  // of graphql, and this module may be loaded with the ESM build (vitest), whose classes differ.
  const apiSchema = buildASTSchema(result.schema.toAPISchema().toAST());
  return {
    ok: true,
    supergraphSdl: result.supergraphSdl.endsWith('\n') ? result.supergraphSdl : `${result.supergraphSdl}\n`,
    apiSdl: printApiSchema(apiSchema),
    hints: result.hints.map((hint) => hint.toString()),
  };
}
