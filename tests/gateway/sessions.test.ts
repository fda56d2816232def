import { startGateway, type RunningGateway } from '@lg/gateway';
import { catalogue } from '@lg/events';
import { createPlatform, type Platform } from '@lg/platform';
import { codeOf, graphqlClient, testConfig, testKeys, type GraphQLClient } from '@lg/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestRedis } from '../support/redis-server.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// A second gateway polls the log once a minute, so a session it refuses within 2 s was ended
// through Redis pub/sub, as on a scaled-out deployment.
const SLOW_POLL = 60_000;
const ME = '{ me { id } }';
const SESSIONS = '{ mySessions { id userAgent address createdAt lastUsedAt current } }';
const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken refreshToken } }';
const REFRESH = 'mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }';
const END = 'mutation($id: ID!) { endSession(id: $id) }';
const END_OTHERS = 'mutation { endOtherSessions }';
const CHANGE = 'mutation($c: String!, $n: String!, $end: Boolean) { changePassword(currentPassword: $c, newPassword: $n, endOtherSessions: $end) }';
const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Mobile/15E148';
const LAPTOP = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0';

let redis: TestRedis;
let t: TestStack;
let platformB: Platform;
let gatewayB: RunningGateway;
let gqlB: GraphQLClient;

beforeAll(async () => {
  redis = await TestRedis.start();
  t = await startTestStack({ REDIS_URL: redis.url }, { subscriptionPollMs: SLOW_POLL });
  platformB = await createPlatform(testConfig({ PORT: '0', REDIS_URL: redis.url, MONGODB_DB: t.platform.config.MONGODB_DB }), 'gateway-b', { keys: await testKeys(), events: catalogue });
  gatewayB = await startGateway({
    config: platformB.config, verifier: platformB.verifier, subgraphSecret: platformB.subgraphSecret, logger: platformB.logger, redis: platformB.redis, port: 0,
    subgraphUrls: Object.fromEntries(Object.entries(t.stack.servers).map(([name, s]) => [name, s.url])),
    events: { db: platformB.db, log: platformB.eventLog, pollMs: SLOW_POLL },
  });
  gqlB = graphqlClient(gatewayB.url);
});
afterAll(async () => {
  await gatewayB?.stop();
  await platformB?.close();
  await t?.close();
  await redis?.kill();
});

/** Another sign-in of the user from a device with this user agent. */
async function signInFrom(user: TestUser, agent: string, password = user.password) {
  const res = await t.gql(LOGIN, { e: user.email, p: password }, { headers: { 'user-agent': agent } });
  expect(res.errors).toBeUndefined();
  return res.data!.login as { accessToken: string; refreshToken: string };
}

async function refusedWithin2sOnBothGateways(token: string): Promise<void> {
  await Promise.all([t.gql, gqlB].map((gql) => expect.poll(async () => (await gql(ME, {}, { token })).status, { timeout: 2000, interval: 50 }).toBe(401)));
}

async function servedOnBoth(token: string, userId: string): Promise<void> {
  for (const gql of [t.gql, gqlB]) expect((await gql(ME, {}, { token })).data?.me?.id).toBe(userId);
}

interface Listed { id: string; userAgent: string | null; address: string | null; createdAt: string; lastUsedAt: string; current: boolean }
const sessionsOf = async (token: string) => (await t.gql(SESSIONS, {}, { token, headers: { 'user-agent': LAPTOP } })).data!.mySessions as Listed[];

describe('listing my sessions', () => {
  it('lists each sign-in with its device and address, newest use first, and flags the one asking', async () => {
    const user = await signUp(t);
    await signInFrom(user, PHONE);
    const laptop = await signInFrom(user, LAPTOP);
    const listed = await sessionsOf(laptop.accessToken);
    expect(listed).toHaveLength(3);
    // The sign-up came from the test's own fetch, which names itself "node".
    expect(listed.map((s) => s.userAgent)).toEqual([LAPTOP, PHONE, 'node']);
    expect(listed.map((s) => s.current)).toEqual([true, false, false]);
    for (const s of listed) {
      expect(s.address).toMatch(/127\.0\.0\.1|::1/);
      expect(Date.parse(s.lastUsedAt)).toBeGreaterThanOrEqual(Date.parse(s.createdAt));
    }
    expect(new Set(listed.map((s) => s.id)).size).toBe(3);
  });

  it('a refresh keeps the session, moves its last use and records the device that refreshed', async () => {
    const user = await signUp(t);
    const phone = await signInFrom(user, PHONE);
    const [before] = (await sessionsOf(phone.accessToken)).filter((s) => s.current);
    await new Promise((r) => setTimeout(r, 20));
    const refreshed = await t.gql(REFRESH, { t: phone.refreshToken }, { headers: { 'user-agent': `${PHONE} updated` } });
    const after = (await sessionsOf(refreshed.data!.refreshSession.accessToken)).find((s) => s.current)!;
    expect(after.id).toBe(before!.id);
    expect(after.createdAt).toBe(before!.createdAt);
    expect(Date.parse(after.lastUsedAt)).toBeGreaterThan(Date.parse(before!.lastUsedAt));
    expect(after.userAgent).toBe(`${PHONE} updated`);
    expect(await sessionsOf(refreshed.data!.refreshSession.accessToken)).toHaveLength(2);
  });

  it('keeps a hostile user agent bounded (256 characters) and printable, without failing the sign-in', async () => {
    const user = await signUp(t);
    const session = await signInFrom(user, `Evil\u00e9\u00ff${'x'.repeat(5000)}`);
    const current = (await t.gql(SESSIONS, {}, { token: session.accessToken, headers: { 'user-agent': LAPTOP } })).data!.mySessions.find((s: Listed) => s.userAgent?.startsWith('Evil'));
    expect(current.userAgent).toHaveLength(256);
    expect(current.userAgent).toMatch(/^Evil\?\?x+$/);
  });

  it('is refused signed out and bounded: first must be 1 to 50', async () => {
    const user = await signUp(t);
    expect(codeOf(await t.gql(SESSIONS))).toBe('UNAUTHENTICATED');
    for (const first of [0, 51, -1]) expect(codeOf(await t.gql('query($f: Int) { mySessions(first: $f) { id } }', { f: first }, { token: user.token }))).toBe('BAD_USER_INPUT');
    expect((await t.gql('{ mySessions(first: 1) { id } }', {}, { token: user.token })).data!.mySessions).toHaveLength(1);
  });
});

describe('ending sessions', () => {
  it("ending one session refuses its access token within 2 s on both gateways, and its refresh token; the user's others keep working", async () => {
    const user = await signUp(t);
    const since = new Date();
    const phone = await signInFrom(user, PHONE);
    const laptop = await signInFrom(user, LAPTOP);
    await servedOnBoth(phone.accessToken, user.id);
    const phoneSession = (await sessionsOf(laptop.accessToken)).find((s) => s.userAgent === PHONE)!;
    expect((await t.gql(END, { id: phoneSession.id }, { token: laptop.accessToken })).data!.endSession).toBe(true);
    await refusedWithin2sOnBothGateways(phone.accessToken);
    expect(codeOf(await t.gql(REFRESH, { t: phone.refreshToken }))).toBe('UNAUTHENTICATED');
    await servedOnBoth(laptop.accessToken, user.id);
    await servedOnBoth(user.token, user.id);
    expect((await sessionsOf(laptop.accessToken)).map((s) => s.userAgent)).not.toContain(PHONE);
    const [revoked] = (await t.platform.eventLog.ofTypesSince(['SessionRevoked'], since)).filter((e) => e.userId === user.id);
    expect(revoked!.data).toMatchObject({ sessionId: phoneSession.id, reason: 'ENDED_BY_USER', audit: { actorId: user.id, address: expect.stringMatching(/127\.0\.0\.1|::1/) } });
  });

  it("another user's session is NOT_FOUND and stays open; an ended or malformed id is refused", async () => {
    const owner = await signUp(t);
    const stranger = await signUp(t);
    const [session] = await sessionsOf(owner.token);
    expect(codeOf(await t.gql(END, { id: session!.id }, { token: stranger.token }))).toBe('NOT_FOUND');
    await servedOnBoth(owner.token, owner.id);
    expect(codeOf(await t.gql(END, { id: session!.id }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await t.gql(END, { id: 'not-an-id' }, { token: owner.token }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(END, { id: 'x'.repeat(5000) }, { token: owner.token }))).toBe('BAD_USER_INPUT');
  });

  it('endOtherSessions ends every other session (refused within 2 s on both gateways) and keeps the current one', async () => {
    const user = await signUp(t);
    const phone = await signInFrom(user, PHONE);
    const laptop = await signInFrom(user, LAPTOP);
    expect((await t.gql(END_OTHERS, {}, { token: laptop.accessToken })).data!.endOtherSessions).toBe(2);
    await Promise.all([refusedWithin2sOnBothGateways(phone.accessToken), refusedWithin2sOnBothGateways(user.token)]);
    await servedOnBoth(laptop.accessToken, user.id);
    expect((await sessionsOf(laptop.accessToken)).map((s) => s.userAgent)).toEqual([LAPTOP]);
    expect((await t.gql(END_OTHERS, {}, { token: laptop.accessToken })).data!.endOtherSessions).toBe(0);
  });
});

describe('changing the password', () => {
  it('needs the current password; a weak or unchanged new one is refused; nothing changes then', async () => {
    const user = await signUp(t);
    expect(codeOf(await t.gql(CHANGE, { c: 'wrong password 1', n: 'a new password 77' }, { token: user.token }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(CHANGE, { c: user.password, n: 'short' }, { token: user.token }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(CHANGE, { c: user.password, n: user.password }, { token: user.token }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(CHANGE, { c: user.password, n: 'a new password 77' }))).toBe('UNAUTHENTICATED');
    expect((await t.gql(LOGIN, { e: user.email, p: user.password })).errors).toBeUndefined();
  });

  it('with endOtherSessions, the other sessions end within 2 s; this one stays; only the new password signs in', async () => {
    const user = await signUp(t);
    const since = new Date();
    const phone = await signInFrom(user, PHONE);
    expect((await t.gql(CHANGE, { c: user.password, n: 'a new password 77', end: true }, { token: user.token })).data!.changePassword).toBe(true);
    await refusedWithin2sOnBothGateways(phone.accessToken);
    await servedOnBoth(user.token, user.id);
    expect(codeOf(await t.gql(LOGIN, { e: user.email, p: user.password }))).toBe('UNAUTHENTICATED');
    await signInFrom(user, LAPTOP, 'a new password 77');
    const [changed] = (await t.platform.eventLog.ofTypesSince(['UserPasswordChanged'], since)).filter((e) => e.userId === user.id);
    expect(changed!.data).toMatchObject({ userId: user.id, audit: { actorId: user.id } });
  });

  it('without endOtherSessions, the other sessions keep working', async () => {
    const user = await signUp(t);
    const phone = await signInFrom(user, PHONE);
    expect((await t.gql(CHANGE, { c: user.password, n: 'a new password 78' }, { token: user.token })).data!.changePassword).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    await servedOnBoth(phone.accessToken, user.id);
    expect((await t.gql(REFRESH, { t: phone.refreshToken })).errors).toBeUndefined();
  });

  it('wrong current passwords are throttled like sign-ins', async () => {
    const user = await signUp(t);
    for (let i = 0; i < 5; i += 1) expect(codeOf(await t.gql(CHANGE, { c: `wrong password ${i}`, n: 'a new password 79' }, { token: user.token }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(CHANGE, { c: user.password, n: 'a new password 79' }, { token: user.token }))).toBe('RATE_LIMITED');
  });
});
