/**
 * Every subgraph the supergraph knows, with the port it listens on when run as its own process.
 * The composed supergraph carries these URLs; the single-process mode overrides them.
 */
export const SUBGRAPH_PORTS = {
  identity: 4101,
  catalog: 4102,
  learning: 4103,
  assessment: 4104,
  engagement: 4105,
  commerce: 4106,
  labs: 4107,
  assistant: 4108,
  media: 4109,
  analytics: 4110,
} as const;

export type SubgraphName = keyof typeof SUBGRAPH_PORTS;

export const defaultSubgraphUrl = (name: SubgraphName): string => `http://127.0.0.1:${SUBGRAPH_PORTS[name]}/graphql`;
