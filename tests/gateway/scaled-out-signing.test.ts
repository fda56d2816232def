import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '@lg/gateway';
import { createIdentitySubgraph, type IdentitySubgraph } from '@lg/identity';
import { generateSubgraphSecret, loadSubgraphSecret, startSubgraph, type Platform, type RunningServer } from '@lg/platform';
import { closeTestPlatform, codeOf, graphqlClient, testConfig, testPlatform } from '@lg/platform/testing';

// The scaled-out shape: a subgraph served on its own (as `tools/dev/serve.ts identity` does) and
// gateways started apart from it, each with its own configuration, reaching it at the URL given.
let platform: Platform;
let identity: IdentitySubgraph;
let server: RunningServer;
let gateway: RunningGateway;
let misconfigured: RunningGateway;

async function gatewayWith(env: Record<string, string>): Promise<RunningGateway> {
  const config = testConfig({ PORT: '0', ...env });
  return startGateway({
    config, verifier: platform.verifier, logger: platform.logger,
    subgraphSecret: loadSubgraphSecret(config), subgraphUrls: { identity: server.url }, port: 0,
  });
}

beforeAll(async () => {
  platform = await testPlatform();
  identity = await createIdentitySubgraph(platform);
  server = await startSubgraph(identity, platform);
  gateway = await gatewayWith({});
  misconfigured = await gatewayWith({ SUBGRAPH_SECRET: generateSubgraphSecret() });
});
afterAll(async () => {
  await gateway?.stop();
  await misconfigured?.stop();
  await server?.stop();
  await identity?.stop();
  if (platform) await closeTestPlatform(platform);
});

const REGISTER = 'mutation($input: RegisterInput!) { register(input: $input) { accessToken user { id } } }';
const input = (email: string) => ({ input: { email, password: 'a long password 42', displayName: 'Scaled' } });
const userExists = async (email: string) => (await platform.db.collection('identity_users').countDocuments({ email })) > 0;

describe('a subgraph served apart from its gateway', () => {
  it('serves the gateway that holds the shared secret: a user registers and reads their profile through it', async () => {
    const gql = graphqlClient(gateway.url);
    const registered = await gql(REGISTER, input(`scaled.${Date.now()}@example.com`));
    expect(registered.errors).toBeUndefined();
    const me = await gql('{ me { id } }', {}, { token: registered.data!.register.accessToken });
    expect(me.data).toEqual({ me: { id: registered.data!.register.user.id } });
  });

  it('refuses a gateway with another secret, which answers its caller with a server error, not a sign-in error', async () => {
    const email = `refused.${Date.now()}@example.com`;
    const res = await graphqlClient(misconfigured.url)(REGISTER, input(email));
    expect(res.data).toBeNull();
    expect(codeOf(res)).toBe('INTERNAL_SERVER_ERROR');
    expect(res.errors![0]!.extensions).toMatchObject({ reason: 'SUBGRAPH_SIGNATURE_REFUSED' });
    expect(res.errors![0]!.message).toBe('The identity subgraph refused the gateway\'s request signature.');
    expect(await userExists(email)).toBe(false);
  });
});
