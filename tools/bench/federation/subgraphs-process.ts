// The four subgraphs of the federation workload, each on its own loopback port, in one process
// apart from the gateways so that a gateway's RSS is its own. Prints one JSON line: the URLs.
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import { subgraphs } from './subgraphs.ts';

const urls: Record<string, string> = {};
for (const { name, typeDefs, resolvers } of subgraphs) {
  const server = new ApolloServer({ schema: buildSubgraphSchema([{ typeDefs, resolvers: resolvers as GraphQLResolverMap }]) });
  urls[name] = (await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } })).url;
}
console.log(JSON.stringify({ urls }));
