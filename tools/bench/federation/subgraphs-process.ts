// The four subgraphs of the federation workload, each on its own loopback port, in one process
// apart from the gateways so that a gateway's RSS is its own. Prints one JSON line: the URLs.
// On the command `count` it prints the requests and entity representations received since the
// last `count` (one JSON line), so the bench can show what one query asked of the subgraphs.
import { createInterface } from 'node:readline';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import { subgraphs } from './subgraphs.ts';

let received = { requests: 0, representations: 0 };
const urls: Record<string, string> = {};
for (const { name, typeDefs, resolvers } of subgraphs) {
  const server = new ApolloServer({
    schema: buildSubgraphSchema([{ typeDefs, resolvers: resolvers as GraphQLResolverMap }]),
    plugins: [{
      async requestDidStart({ request }) {
        received.requests += 1;
        const representations = request.variables?.representations;
        if (Array.isArray(representations)) received.representations += representations.length;
      },
    }],
  });
  urls[name] = (await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } })).url;
}
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'count') return;
  console.log(JSON.stringify({ received }));
  received = { requests: 0, representations: 0 };
});
console.log(JSON.stringify({ urls }));
