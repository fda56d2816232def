import { catalogue } from '@lg/events';
import { startGateway, type RunningGateway } from '@lg/gateway';
import { createPlatform, type Platform } from '@lg/platform';
import { codeOf, graphqlClient, testConfig, testKeys, type GraphQLClient } from '@lg/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestRedis } from '../support/redis-server.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// Two gateways sharing Redis, both polling the log only once a minute: a suspension seen within
// 2 s on the second one came through Redis pub/sub, as a real scaled-out deployment sees it.
const SLOW_POLL = 60_000;
const ENDED = 'This session has ended; sign in again.';
const ME = '{ me { id displayName } }';
const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken refreshToken } }';
const REFRESH = 'mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }';
const SUSPEND = 'mutation($u: ID!, $r: String!) { suspendUser(userId: $u, reason: $r) { id status suspension { reason by { id } } } }';
const REACTIVATE = 'mutation($u: ID!) { reactivateUser(userId: $u) { id status suspension { reason } } }';

let redis: TestRedis;
let a: TestStack;
let platformB: Platform;
let gatewayB: RunningGateway;
let gqlB: GraphQLClient;
let admin: TestUser;

beforeAll(async () => {
  redis = await TestRedis.start();
  a = await startTestStack({ REDIS_URL: redis.url }, { subscriptionPollMs: SLOW_POLL });
  platformB = await createPlatform(testConfig({ PORT: '0', REDIS_URL: redis.url, MONGODB_DB: a.platform.config.MONGODB_DB }), 'gateway-b', { keys: await testKeys(), events: catalogue });
  gatewayB = await startGateway({
    config: platformB.config, verifier: platformB.verifier, subgraphSecret: platformB.subgraphSecret, logger: platformB.logger, redis: platformB.redis, port: 0,
    subgraphUrls: Object.fromEntries(Object.entries(a.stack.servers).map(([name, s]) => [name, s.url])),
    events: { db: platformB.db, log: platformB.eventLog, pollMs: SLOW_POLL },
  });
  gqlB = graphqlClient(gatewayB.url);
  admin = await signUp(a, ['ADMIN'], 'Suspending Admin');
});
afterAll(async () => {
  await gatewayB?.stop();
  await platformB?.close();
  await a?.close();
  await redis?.kill();
});

const suspend = (userId: string, reason = 'Spamming the course chats', token = admin.token) => a.gql(SUSPEND, { u: userId, r: reason }, { token });
const login = (user: TestUser, gql: GraphQLClient = a.gql) => gql(LOGIN, { e: user.email, p: user.password });

async function refusedWithin2s(gql: GraphQLClient, token: string): Promise<void> {
  await expect.poll(async () => (await gql(ME, {}, { token })).status, { timeout: 2000, interval: 50 }).toBe(401);
  const res = await gql(ME, {}, { token });
  expect(codeOf(res)).toBe('UNAUTHENTICATED');
  expect(res.errors![0]!.message).toBe(ENDED);
}

describe('suspending a user', () => {
  it("ends the user's access tokens within 2 s on both gateways, every session of them", async () => {
    const user = await signUp(a);
    const other = (await login(user)).data!.login as { accessToken: string };
    expect((await gqlB(ME, {}, { token: user.token })).data!.me.id).toBe(user.id);
    const res = await suspend(user.id);
    expect(res.data!.suspendUser).toEqual({ id: user.id, status: 'SUSPENDED', suspension: { reason: 'Spamming the course chats', by: { id: admin.id } } });
    await Promise.all([user.token, other.accessToken].flatMap((token) => [refusedWithin2s(a.gql, token), refusedWithin2s(gqlB, token)]));
  });

  it('refuses their sign-in and their refresh with FORBIDDEN (reason ACCOUNT_SUSPENDED), and issues no token', async () => {
    const user = await signUp(a);
    await suspend(user.id);
    for (const gql of [a.gql, gqlB]) {
      const signIn = await login(user, gql);
      expect(codeOf(signIn)).toBe('FORBIDDEN');
      expect(signIn.errors![0]!.extensions!.reason).toBe('ACCOUNT_SUSPENDED');
      expect(signIn.errors![0]!.message).toBe("This account is suspended; contact the platform's administrators.");
      expect(signIn.data?.login ?? null).toBeNull();
    }
    // The refresh token was revoked with every other; the wrong password still says only that.
    expect(codeOf(await a.gql(REFRESH, { t: user.refreshToken }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await a.gql(LOGIN, { e: user.email, p: 'not the password 1' }))).toBe('UNAUTHENTICATED');
  });

  it('refuses the refresh of a sign-in that raced the suspension (its refresh token outlived the revocation)', async () => {
    const user = await signUp(a);
    await suspend(user.id);
    // A sign-in that read the user just before the suspension leaves a refresh token made after
    // the families were revoked; identity's own refresh check stops it.
    const identity = a.stack.subgraphs.identity as unknown as { repository: { refreshTokens: { updateMany(f: object, u: object): Promise<unknown> } } };
    await identity.repository.refreshTokens.updateMany({ userId: user.id }, { $set: { revokedAt: null } });
    const refresh = await a.gql(REFRESH, { t: user.refreshToken });
    expect(codeOf(refresh)).toBe('FORBIDDEN');
    expect(refresh.errors![0]!.extensions!.reason).toBe('ACCOUNT_SUSPENDED');
    // And that family is ended now.
    expect(codeOf(await a.gql(REFRESH, { t: user.refreshToken }))).toBe('UNAUTHENTICATED');
  });

  it("keeps the user's content and profile: others still read them", async () => {
    const user = await signUp(a, [], 'Kept Content Person');
    await a.gql('mutation { updateProfile(input: { bio: "I wrote things" }) { id } }', {}, { token: user.token });
    await suspend(user.id);
    const seen = await a.gql('query($id: ID!) { user(id: $id) { displayName bio } }', { id: user.id }, { token: admin.token });
    expect(seen.data!.user).toEqual({ displayName: 'Kept Content Person', bio: 'I wrote things' });
  });

  it('suspending a suspended user changes nothing: the first reason and ADMIN stay', async () => {
    const user = await signUp(a);
    await suspend(user.id, 'First reason');
    const again = await suspend(user.id, 'Second reason');
    expect(again.data!.suspendUser.suspension).toEqual({ reason: 'First reason', by: { id: admin.id } });
  });

  it('an ADMIN cannot suspend themself (FORBIDDEN), and stays signed in', async () => {
    const res = await suspend(admin.id);
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(res.errors![0]!.message).toBe('You cannot suspend yourself; ask another ADMIN.');
    expect((await a.gql(ME, {}, { token: admin.token })).data!.me.id).toBe(admin.id);
  });

  it('refuses bad input with BAD_USER_INPUT naming the field, and an unknown user with NOT_FOUND', async () => {
    const user = await signUp(a);
    const field = async (res: Awaited<ReturnType<typeof suspend>>) => [codeOf(res), res.errors?.[0]?.extensions?.field];
    expect(await field(await suspend('not-an-id'))).toEqual(['BAD_USER_INPUT', 'userId']);
    expect(await field(await suspend(user.id, '   '))).toEqual(['BAD_USER_INPUT', 'reason']);
    expect(await field(await suspend(user.id, 'x'.repeat(501)))).toEqual(['BAD_USER_INPUT', 'reason']);
    expect(codeOf(await suspend('0190a0a0-0000-7000-8000-000000000000'))).toBe('NOT_FOUND');
    // Nothing was written by the refusals: the user still signs in.
    expect((await login(user)).data!.login.accessToken).toEqual(expect.any(String));
  });
});

describe('reactivating a user', () => {
  it('lets them sign in again (their old sessions stay ended), and clears the suspension', async () => {
    const user = await signUp(a);
    await suspend(user.id);
    await refusedWithin2s(a.gql, user.token);
    const res = await a.gql(REACTIVATE, { u: user.id }, { token: admin.token });
    expect(res.data!.reactivateUser).toEqual({ id: user.id, status: 'ACTIVE', suspension: null });
    const signedIn = (await login(user, gqlB)).data!.login as { accessToken: string; refreshToken: string };
    expect((await gqlB(ME, {}, { token: signedIn.accessToken })).data!.me.id).toBe(user.id);
    expect((await a.gql(REFRESH, { t: signedIn.refreshToken })).data!.refreshSession.accessToken).toEqual(expect.any(String));
    expect(codeOf(await a.gql(REFRESH, { t: user.refreshToken }))).toBe('UNAUTHENTICATED');
    expect((await a.gql(ME, {}, { token: user.token })).status).toBe(401);
  });

  it('reactivating an active user changes nothing; an unknown one is NOT_FOUND', async () => {
    const user = await signUp(a);
    expect((await a.gql(REACTIVATE, { u: user.id }, { token: admin.token })).data!.reactivateUser.status).toBe('ACTIVE');
    expect(codeOf(await a.gql(REACTIVATE, { u: '0190a0a0-0000-7000-8000-000000000000' }, { token: admin.token }))).toBe('NOT_FOUND');
  });
});
