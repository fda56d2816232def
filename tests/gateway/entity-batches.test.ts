import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '@lg/gateway';
import { allow, notFound, startSubgraph, type Platform, type RunningServer } from '@lg/platform';
import { closeTestPlatform, graphqlClient, testConfig, testPlatform } from '@lg/platform/testing';

// Two small real subgraphs behind the real gateway: a shelf lists items, naming some item more
// than once, and a stock subgraph counts each item (and knows no item called "gone").
const federation = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';
const sdl = {
  shelf: `${federation} type Query { items(ids: [ID!]!): [Item!]! } type Item @key(fields: "id") { id: ID! }`,
  stock: `${federation} type Item @key(fields: "id") { id: ID! count: Int }`,
};
const counts: Record<string, number> = { a: 3, b: 5 };
/** Every representation the stock subgraph was asked to resolve, in order. */
const resolved: string[] = [];

let platform: Platform;
let subgraphs: RunningServer[] = [];
let gateway: RunningGateway;

beforeAll(async () => {
  platform = await testPlatform();
  const shelf = await startSubgraph({
    name: 'shelf', typeDefs: parse(sdl.shelf),
    resolvers: { Query: { items: (_: unknown, { ids }: { ids: string[] }) => ids.map((id) => ({ id })) } },
    permissions: { Query: { items: allow }, Item: allow }, createContext: <C>(base: C) => base, ready: async () => true,
  }, platform);
  const stock = await startSubgraph({
    name: 'stock', typeDefs: parse(sdl.stock),
    resolvers: {
      Item: {
        __resolveReference: ({ id }: { id: string }) => {
          resolved.push(id);
          if (!(id in counts)) throw notFound(`Item ${id}`);
          return { id, count: counts[id] };
        },
      },
    },
    permissions: { Item: allow }, createContext: <C>(base: C) => base, ready: async () => true,
  }, platform);
  subgraphs = [shelf, stock];
  const urls = { shelf: shelf.url, stock: stock.url };
  const composed = composeServices(Object.entries(sdl).map(([name, typeDefs]) => ({ name, url: urls[name as keyof typeof urls], typeDefs: parse(typeDefs) })));
  if (!composed.supergraphSdl) throw new Error(composed.errors?.map((e) => e.message).join('; '));
  gateway = await startGateway({
    config: testConfig({ PORT: '0' }), verifier: platform.verifier, logger: platform.logger,
    subgraphSecret: platform.subgraphSecret, supergraphSdl: composed.supergraphSdl, subgraphUrls: urls, port: 0,
  });
});
afterAll(async () => {
  await gateway?.stop();
  for (const subgraph of subgraphs) await subgraph.stop();
  if (platform) await closeTestPlatform(platform);
});

const itemsQuery = 'query ($ids: [ID!]!) { items(ids: $ids) { id count } }';

describe('an entity that a plan reaches many times', () => {
  it('is sent to its subgraph once, and every place that asked for it gets its data', async () => {
    resolved.length = 0;
    const res = await graphqlClient(gateway.url)(itemsQuery, { ids: ['a', 'b', 'a', 'a', 'b'] });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ items: [{ id: 'a', count: 3 }, { id: 'b', count: 5 }, { id: 'a', count: 3 }, { id: 'a', count: 3 }, { id: 'b', count: 5 }] });
    expect(resolved).toEqual(['a', 'b']);
  });

  it('that its subgraph refuses still reaches the subgraph once, and the refusal reaches the caller as the subgraph gave it', async () => {
    resolved.length = 0;
    const res = await graphqlClient(gateway.url)(itemsQuery, { ids: ['a', 'gone', 'a', 'gone'] });
    expect(resolved).toEqual(['a', 'gone']);
    // Our subgraphs refuse the whole `_entities` list (its path has no index), so every count is null.
    expect(res.data).toEqual({ items: [{ id: 'a', count: null }, { id: 'gone', count: null }, { id: 'a', count: null }, { id: 'gone', count: null }] });
    expect(res.errors?.map((e) => [e.path, e.extensions?.code, e.message])).toEqual([[['items', '@', '_entities'], 'NOT_FOUND', 'Item gone was not found.']]);
  });
});
