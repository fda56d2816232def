// One gateway of the federation benchmark in its own process (its RSS is its own), serving the
// supergraph file given as the second argument: `ours` (@lg/gateway, as deployed: production
// mode, signed subgraph requests) or `apollo` (stock Apollo Server and @apollo/gateway, defaults).
// Prints one JSON line: the URL.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { startGateway } from '@lg/gateway';
import { createLogger, createTokenVerifier, generateKeyPem, loadConfig, startTracing } from '@lg/platform';

const [which, supergraphFile] = process.argv.slice(2) as ['ours' | 'apollo', string];
const supergraphSdl = readFileSync(supergraphFile, 'utf8');
process.env.APOLLO_TELEMETRY_DISABLED = 'true';
// An orderly exit on SIGTERM, so that a CPU profile (--cpu-prof) is written.
process.on('SIGTERM', () => process.exit(0));

if (which === 'apollo') {
  const server = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl }) });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  console.log(JSON.stringify({ url }));
} else {
  const keys = await generateKeyPem();
  // The limits federation.ts raises arrive in the environment; the rest is the deployed default.
  const config = loadConfig({
    ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'error', PORT: '0',
    JWT_PUBLIC_KEY: keys.publicKeyPem, SUBGRAPH_SECRET: randomBytes(32).toString('hex'),
  });
  // As every service of ours: traced when OTEL_EXPORTER_OTLP_ENDPOINT is set, untouched otherwise.
  await startTracing('gateway', config);
  const gateway = await startGateway({
    config,
    verifier: await createTokenVerifier(keys.publicKeyPem, config.JWT_ISSUER, config.JWT_AUDIENCE),
    logger: createLogger('bench-gateway', config.LOG_LEVEL),
    subgraphSecret: config.SUBGRAPH_SECRET!,
    supergraphSdl,
  });
  console.log(JSON.stringify({ url: gateway.url }));
}
