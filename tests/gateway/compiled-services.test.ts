import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '@lg/platform';
import { closeTestPlatform, graphqlClient, testPlatform, type GraphQLClient } from '@lg/platform/testing';
import { buildServices } from '../../tools/build/build.ts';
import { startServiceProcess, type ServiceProcess } from '../../tools/build/service-process.ts';
import { startOtlpReceiver, type OtlpReceiver } from '../../tools/otlp-receiver/launcher.ts';
import { hasSpan, orphans, spansOf, upstreamCaller } from '../support/traces.ts';

// Production runs the build's output with node, not tsx: this builds it, starts a gateway and two
// subgraphs from it as separate processes (the deploy/ shape) and goes through them. They export
// their traces to a real OTLP receiver, as a deployment pointed at a collector would.
let platform: Platform;
let receiver: OtlpReceiver;
let built: string[];
const services: ServiceProcess[] = [];
let gql: GraphQLClient;

beforeAll(async () => {
  platform = await testPlatform();
  receiver = await startOtlpReceiver();
  built = await buildServices();
  const { config, keys, subgraphSecret } = platform;
  const env = {
    NODE_ENV: 'production', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: '0',
    MONGODB_URI: config.MONGODB_URI!, MONGODB_DB: config.MONGODB_DB, DATA_DIR: config.DATA_DIR,
    JWT_PRIVATE_KEY: keys.privateKeyPem!, JWT_PUBLIC_KEY: keys.publicKeyPem, SUBGRAPH_SECRET: subgraphSecret,
    PAYMENT_PROVIDER: 'test',
    // The raw documents below are an integrator's; trusted documents have their own test.
    TRUSTED_DOCUMENTS: 'off',
    // Exported a fifth of a second after they end, not five seconds.
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_BSP_SCHEDULE_DELAY: '200',
    // As testConfig: a busy test machine must not turn slow answers (argon2) into partial ones.
    GATEWAY_DEADLINE_MS: String(config.GATEWAY_DEADLINE_MS), SUBGRAPH_TIMEOUT_MS: String(config.SUBGRAPH_TIMEOUT_MS), SHED_EVENT_LOOP_DELAY_MS: '0',
  };
  const [identity, catalog] = await Promise.all([startServiceProcess('identity', 'compiled', env), startServiceProcess('catalog', 'compiled', env)]);
  services.push(identity!, catalog!);
  const gateway = await startServiceProcess('gateway', 'compiled', { ...env, SUBGRAPH_URL_IDENTITY: identity!.url, SUBGRAPH_URL_CATALOG: catalog!.url });
  services.push(gateway);
  gql = graphqlClient(gateway.url);
});
afterAll(async () => {
  await Promise.all(services.map((s) => s.stop()));
  await receiver?.stop();
  if (platform) await closeTestPlatform(platform);
});

describe('the compiled services', () => {
  it('are one JavaScript bundle, run by node without tsx', () => {
    expect(built).toEqual(['dist/serve.js']);
    for (const service of services) expect(service.child.spawnargs.slice(1)).toEqual([expect.stringMatching(/dist\/serve\.js$/), service.name]);
  });

  it('sign a user up and read their profile through the gateway (argon2, a native addon, loads from node_modules)', async () => {
    const registered = await gql(
      'mutation($input: RegisterInput!) { register(input: $input) { accessToken user { id } } }',
      { input: { email: `compiled.${Date.now()}@example.com`, password: 'a long password 42', displayName: 'Compiled' } },
    );
    expect(registered.errors).toBeUndefined();
    const me = await gql('{ me { id displayName } }', {}, { token: registered.data!.register.accessToken });
    expect(me.data).toEqual({ me: { id: registered.data!.register.user.id, displayName: 'Compiled' } });
  });

  it('serve the schemas they read from the repository at run time (a catalog page through the gateway)', async () => {
    const page = await gql('{ courses(first: 2) { totalCount edges { node { id } } } categories }');
    expect(page.errors).toBeUndefined();
    expect(page.data).toEqual({ courses: { totalCount: 0, edges: [] }, categories: [] });
  });

  it('trace a request across their processes: one trace from the gateway through both subgraphs to MongoDB, each under its own service name', async () => {
    const registered = await gql(
      'mutation($input: RegisterInput!) { register(input: $input) { accessToken } }',
      { input: { email: `compiled.traced.${Date.now()}@example.com`, password: 'a long password 42', displayName: 'Compiled Traced' } },
    );
    const caller = upstreamCaller();
    const me = await gql('{ me { displayName taughtCourses { id } } }', {}, { token: registered.data!.register.accessToken, headers: caller.headers });
    expect(me.data).toEqual({ me: { displayName: 'Compiled Traced', taughtCourses: [] } });
    const spans = await spansOf(receiver, caller.traceId, (s) => hasSpan(s, 'identity', 'mongodb find') && hasSpan(s, 'catalog', 'mongodb find') && hasSpan(s, 'gateway', 'POST /graphql'));
    expect(new Set(spans.map((s) => s.service))).toEqual(new Set(['gateway', 'identity', 'catalog']));
    for (const service of ['identity', 'catalog']) expect(hasSpan(spans, service, 'mongodb find')).toBe(true);
    expect(orphans(spans, caller.parentSpanId)).toEqual([]);
  });
});
