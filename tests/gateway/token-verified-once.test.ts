import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '@lg/gateway';
import { createIdentitySubgraph, type IdentitySubgraph } from '@lg/identity';
import { startSubgraph, type Platform, type RunningServer, type TokenVerifier } from '@lg/platform';
import { closeTestPlatform, codeOf, graphqlClient, signTestToken, testPlatform, type GraphQLClient, type GraphQLResponse } from '@lg/platform/testing';

/** The platform's real verifier, counting how often it is asked. */
function counted(verifier: TokenVerifier): TokenVerifier & { calls: number } {
  const counter = {
    calls: 0,
    verify: (token: string) => ((counter.calls += 1), verifier.verify(token)),
    verifySession: (token: string) => ((counter.calls += 1), verifier.verifySession(token)),
  };
  return counter;
}

let platform: Platform;
let identity: IdentitySubgraph;
let server: RunningServer;
let gateway: RunningGateway;
let gql: GraphQLClient;
let atGateway: ReturnType<typeof counted>;
let atSubgraph: ReturnType<typeof counted>;

beforeAll(async () => {
  platform = await testPlatform();
  atGateway = counted(platform.verifier);
  atSubgraph = counted(platform.verifier);
  identity = await createIdentitySubgraph(platform);
  server = await startSubgraph(identity, { ...platform, verifier: atSubgraph });
  gateway = await startGateway({
    config: platform.config, verifier: atGateway, logger: platform.logger,
    subgraphSecret: platform.subgraphSecret, subgraphUrls: { identity: server.url }, port: 0,
  });
  gql = graphqlClient(gateway.url);
});
afterAll(async () => {
  await gateway?.stop();
  await server?.stop();
  await identity?.stop();
  if (platform) await closeTestPlatform(platform);
});

async function verificationsOf(request: () => Promise<unknown>): Promise<{ gateway: number; subgraph: number }> {
  const before = { gateway: atGateway.calls, subgraph: atSubgraph.calls };
  await request();
  return { gateway: atGateway.calls - before.gateway, subgraph: atSubgraph.calls - before.subgraph };
}

describe('a bearer token', () => {
  it('is verified once per gateway request, though the rate limiter and the context both need its user', async () => {
    const token = signTestToken(platform, 'verified-once', ['STUDENT']);
    let status = 0;
    const counts = await verificationsOf(async () => void ({ status } = await gql('{ me { id } }', {}, { token })));
    expect(status).toBe(200);
    expect(counts.gateway).toBe(1);
  });

  it('is verified again, once, by each subgraph a fetch reaches (the gateway forwards it)', async () => {
    const token = signTestToken(platform, 'verified-once', ['STUDENT']);
    expect((await verificationsOf(() => gql('{ me { id } }', {}, { token }))).subgraph).toBe(1);
  });

  it('that is forged is verified once and refused with 401 before any subgraph is asked', async () => {
    const forged = `${signTestToken(platform, 'forger', ['ADMIN']).slice(0, -4)}AAAA`;
    let answer: GraphQLResponse | undefined;
    const counts = await verificationsOf(async () => void (answer = await gql('{ me { id } }', {}, { token: forged })));
    expect(answer!.status).toBe(401);
    expect(codeOf(answer!)).toBe('UNAUTHENTICATED');
    expect(counts).toEqual({ gateway: 1, subgraph: 0 });
  });

  it('is not needed by an anonymous request, which verifies nothing', async () => {
    expect(await verificationsOf(() => gql('{ me { id } }'))).toEqual({ gateway: 0, subgraph: 0 });
  });
});
