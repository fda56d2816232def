// Runs one service as its own process, for the scaled-out mode (MONGODB_URI and REDIS_URL set):
//   tsx tools/dev/serve.ts identity|catalog|gateway
// Subgraphs listen on their registry port (or PORT); the gateway reaches them at the URLs composed
// into schema/supergraph.graphql, or at SUBGRAPH_URL_<NAME> when set. The gateway signs every
// subgraph request with SUBGRAPH_SECRET (in development generated once into DATA_DIR/keys, so that
// processes sharing a data directory share it); subgraphs refuse anything unsigned.
import { startGateway } from '@lg/gateway';
import { SUBGRAPH_PORTS, createPlatform, loadConfig, startSubgraph, type BaseContext, type SubgraphDefinition, type SubgraphName } from '@lg/platform';
import { subgraphFactories } from './stack.ts';
import { catalogue } from '@lg/events';

const name = process.argv[2] ?? '';
const config = loadConfig();
const platform = await createPlatform(config, name || 'service', { events: catalogue });
let stop: () => Promise<void>;

if (name === 'gateway') {
  const subgraphUrls = Object.fromEntries(
    Object.keys(SUBGRAPH_PORTS).flatMap((n) => {
      const url = process.env[`SUBGRAPH_URL_${n.toUpperCase()}`];
      return url ? [[n, url]] : [];
    }),
  );
  const gateway = await startGateway({ config, verifier: platform.verifier, subgraphSecret: platform.subgraphSecret, redis: platform.redis, live: platform.live, presence: platform.presence, metrics: platform.metrics, events: { db: platform.db, log: platform.eventLog }, logger: platform.logger, subgraphUrls });
  console.log(`gateway on ${gateway.url}`);
  stop = gateway.stop;
} else if (name in subgraphFactories) {
  const subgraph = (await subgraphFactories[name as keyof typeof subgraphFactories](platform)) as unknown as SubgraphDefinition<BaseContext>;
  const port = process.env.PORT ? config.PORT : SUBGRAPH_PORTS[name as SubgraphName];
  const server = await startSubgraph(subgraph, { ...platform, port });
  console.log(`${name} subgraph on ${server.url}`);
  stop = async () => {
    await server.stop();
    await subgraph.stop?.();
  };
} else {
  console.error(`Unknown service "${name}"; expected gateway or one of: ${Object.keys(subgraphFactories).join(', ')}.`);
  process.exit(2);
}

const shutdown = async () => {
  await stop();
  await platform.close();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
