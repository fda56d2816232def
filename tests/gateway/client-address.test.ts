import { startGateway, type RunningGateway } from '@lg/gateway';
import { graphqlClient, type GraphQLClient } from '@lg/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitAudit } from '../support/audit.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// The gateway tells subgraphs the client's address (x-lg-client-address, set by itself on every
// signed fetch); identity records it in the audit log, where these tests read it back.
let t: TestStack;
let proxied: RunningGateway;
let gqlProxied: GraphQLClient;
let admin: TestUser;
const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }';
const LOOPBACK = /^(::ffff:)?127\.0\.0\.1$|^::1$/;

beforeAll(async () => {
  // The default: TRUST_PROXY empty, no proxy believed.
  t = await startTestStack();
  // The same subgraphs behind a gateway configured to sit behind a proxy on loopback.
  proxied = await startGateway({
    config: { ...t.platform.config, TRUST_PROXY: 'loopback' }, verifier: t.platform.verifier, subgraphSecret: t.platform.subgraphSecret, logger: t.platform.logger, port: 0,
    subgraphUrls: Object.fromEntries(Object.entries(t.stack.servers).map(([name, s]) => [name, s.url])),
  });
  gqlProxied = graphqlClient(proxied.url);
  admin = await signUp(t, ['ADMIN']);
});
afterAll(async () => {
  await proxied?.stop();
  await t?.close();
});

async function addressOfSignIn(gql: GraphQLClient, headers: Record<string, string>): Promise<string | null> {
  const user = await signUp(t);
  const requestId = `client-address-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  expect((await gql(LOGIN, { e: user.email, p: user.password }, { headers: { ...headers, 'x-request-id': requestId } })).status).toBe(200);
  // Two sign-ins: the registration's first session, then this one.
  const entries = await awaitAudit(t, admin.token, { action: 'UserSignedIn', targetId: user.id }, 2);
  return entries.find((e) => e.requestId === requestId)!.address;
}

describe("the client's address as subgraphs see it", () => {
  it("is the socket's by default: a client's X-Forwarded-For and its own x-lg-client-address are ignored", async () => {
    expect(await addressOfSignIn(t.gql, {})).toMatch(LOOPBACK);
    expect(await addressOfSignIn(t.gql, { 'x-forwarded-for': '203.0.113.5', 'x-lg-client-address': '198.51.100.5' })).toMatch(LOOPBACK);
  });

  it('is the one X-Forwarded-For names when the proxy it came through is trusted (TRUST_PROXY)', async () => {
    expect(await addressOfSignIn(gqlProxied, { 'x-forwarded-for': '203.0.113.6' })).toBe('203.0.113.6');
    // The proxy appends the client's address to what the client claimed: the nearest untrusted one counts.
    expect(await addressOfSignIn(gqlProxied, { 'x-forwarded-for': '10.9.9.9, 203.0.113.7' })).toBe('203.0.113.7');
    // A client-sent header of the gateway's own is still replaced, never passed on.
    expect(await addressOfSignIn(gqlProxied, { 'x-forwarded-for': '203.0.113.8', 'x-lg-client-address': '198.51.100.8' })).toBe('203.0.113.8');
  });
});
