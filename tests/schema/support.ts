/** Helpers for the schema tests: the real subgraph SDLs and in-memory variants of them. */
import { composeSupergraph, discoverSubgraphs, type SubgraphSource } from '../../tools/schema/composition.ts';

/**
 * identity and catalog as they are in the repository: the in-memory variants start from these two
 * only, so that the tests keep meaning the same thing as further subgraphs arrive.
 */
export const currentSubgraphs = (): SubgraphSource[] =>
  discoverSubgraphs().filter((subgraph) => subgraph.name === 'identity' || subgraph.name === 'catalog');

/**
 * The current subgraphs with `from` replaced by `to` in one subgraph's SDL. Throws when `from` is not
 * there, so that a test cannot pass silently after the SDL changed under it.
 */
export function withEdit(name: string, from: string | RegExp, to: string, subgraphs = currentSubgraphs()): SubgraphSource[] {
  return subgraphs.map((subgraph) => {
    if (subgraph.name !== name) return subgraph;
    const edited = subgraph.sdl.replace(from, to);
    if (edited === subgraph.sdl) throw new Error(`test setup: ${String(from)} not found in subgraphs/${name}/schema.graphql`);
    return { ...subgraph, sdl: edited };
  });
}

/** The API SDL of a composition that must succeed. */
export function composedApi(subgraphs: SubgraphSource[]): string {
  const outcome = composeSupergraph(subgraphs);
  if (!outcome.ok) throw new Error(`test setup: composition failed:\n${outcome.errors.join('\n')}`);
  return outcome.apiSdl;
}

export const FEDERATION_LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])\n';
