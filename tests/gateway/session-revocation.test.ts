import { startGateway, type RunningGateway } from '@lg/gateway';
import { createPlatform, type Platform } from '@lg/platform';
import { codeOf, graphqlClient, testConfig, testKeys, type GraphQLClient } from '@lg/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createCourse } from '../support/catalog.ts';
import { TestRedis } from '../support/redis-server.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';
import { settleSubscriptions, subscribe, wsClient } from '../support/ws.ts';
import { catalogue } from '@lg/events';

// Both gateways poll the log only once a minute here, so a revocation seen within 2 s on the
// second one came through Redis pub/sub, and one seen by a gateway started later came from its
// start-up read of the log.
const SLOW_POLL = 60_000;
const ENDED = 'This session has ended; sign in again.';
const ME = '{ me { id roles } }';
const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken refreshToken } }';
const REFRESH = 'mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }';
const LOGOUT = 'mutation($t: String!) { logout(refreshToken: $t) }';

let redis: TestRedis;
let a: TestStack;
let platformB: Platform;
let gatewayB: RunningGateway;
let gqlB: GraphQLClient;
const sockets: { dispose(): unknown }[] = [];

const gatewayOf = (platform: Platform) => startGateway({
  config: platform.config, verifier: platform.verifier, subgraphSecret: platform.subgraphSecret, logger: platform.logger, redis: platform.redis, port: 0,
  subgraphUrls: Object.fromEntries(Object.entries(a.stack.servers).map(([name, s]) => [name, s.url])),
  events: { db: platform.db, log: platform.eventLog, pollMs: SLOW_POLL },
});

beforeAll(async () => {
  redis = await TestRedis.start();
  a = await startTestStack({ REDIS_URL: redis.url }, { subscriptionPollMs: SLOW_POLL });
  // A second gateway process in all but name: its own database client, Redis connection and bus.
  platformB = await createPlatform(testConfig({ PORT: '0', REDIS_URL: redis.url, MONGODB_DB: a.platform.config.MONGODB_DB }), 'gateway-b', { keys: await testKeys(), events: catalogue });
  gatewayB = await gatewayOf(platformB);
  gqlB = graphqlClient(gatewayB.url);
});
afterAll(async () => {
  for (const s of sockets) await s.dispose();
  await gatewayB?.stop();
  await platformB?.close();
  await a?.close();
  await redis?.kill();
});

/** Another sign-in of the same user: a second session. */
const signIn = async (user: TestUser) => {
  const res = await a.gql(LOGIN, { e: user.email, p: user.password });
  return res.data!.login as { accessToken: string; refreshToken: string };
};

/** Passes once `me` with the token is refused with HTTP 401 and the session-ended message, within 2 s. */
async function refusedWithin2s(gql: GraphQLClient, token: string): Promise<void> {
  await expect.poll(async () => (await gql(ME, {}, { token })).status, { timeout: 2000, interval: 50 }).toBe(401);
  const res = await gql(ME, {}, { token });
  expect(codeOf(res)).toBe('UNAUTHENTICATED');
  expect(res.errors![0]!.message).toBe(ENDED);
  expect(res.data ?? null).toBeNull();
}

async function servedAs(gql: GraphQLClient, token: string, userId: string): Promise<void> {
  const res = await gql(ME, {}, { token });
  expect(res.status).toBe(200);
  expect(res.data!.me.id).toBe(userId);
}

describe('logging out', () => {
  it('after logout, `me` with the old access token is UNAUTHENTICATED (HTTP 401) within 2 s on both gateways sharing Redis', async () => {
    const user = await signUp(a);
    await servedAs(a.gql, user.token, user.id);
    await servedAs(gqlB, user.token, user.id);
    expect((await a.gql(LOGOUT, { t: user.refreshToken })).data!.logout).toBe(true);
    await Promise.all([refusedWithin2s(a.gql, user.token), refusedWithin2s(gqlB, user.token)]);
    expect(codeOf(await gqlB(REFRESH, { t: user.refreshToken }))).toBe('UNAUTHENTICATED');
  });

  it('a token of another session of the same user keeps working after a plain logout', async () => {
    const user = await signUp(a);
    const other = await signIn(user);
    await a.gql(LOGOUT, { t: user.refreshToken });
    await Promise.all([refusedWithin2s(a.gql, user.token), refusedWithin2s(gqlB, user.token)]);
    await servedAs(a.gql, other.accessToken, user.id);
    await servedAs(gqlB, other.accessToken, user.id);
  });
});

describe('other ends of a session', () => {
  it('a password reset ends every earlier access token of the user; a token signed in after it works', async () => {
    const user = await signUp(a);
    const other = await signIn(user);
    await a.gql('mutation($e: String!) { requestPasswordReset(email: $e) }', { e: user.email });
    const mail = await a.stack.subgraphs.identity.repository.mail.find({ to: user.email }).sort({ createdAt: -1 }).limit(1).next();
    const resetToken = /Reset token: (\S+)/.exec(mail!.text)![1]!;
    expect((await a.gql('mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }', { t: resetToken, p: 'a new password 43' })).data!.resetPassword).toBe(true);
    await Promise.all([user.token, other.accessToken].flatMap((token) => [refusedWithin2s(a.gql, token), refusedWithin2s(gqlB, token)]));
    const fresh = (await a.gql(LOGIN, { e: user.email, p: 'a new password 43' })).data!.login.accessToken as string;
    await servedAs(a.gql, fresh, user.id);
    await servedAs(gqlB, fresh, user.id);
  });

  it("replaying a rotated refresh token ends that session's access tokens, the old one and the rotated one", async () => {
    const user = await signUp(a);
    const rotated = (await a.gql(REFRESH, { t: user.refreshToken })).data!.refreshSession as { accessToken: string };
    expect(codeOf(await a.gql(REFRESH, { t: user.refreshToken }))).toBe('UNAUTHENTICATED');
    await Promise.all([user.token, rotated.accessToken].flatMap((token) => [refusedWithin2s(a.gql, token), refusedWithin2s(gqlB, token)]));
  });

  it("revokeRole ends the user's access tokens; a refresh then gives a token without the role", async () => {
    const admin = await signUp(a, ['ADMIN']);
    const instructor = await signUp(a, ['INSTRUCTOR']);
    const revoked = await a.gql('mutation($u: ID!) { revokeRole(userId: $u, role: INSTRUCTOR) { roles } }', { u: instructor.id }, { token: admin.token });
    expect(revoked.data!.revokeRole.roles).toEqual(['STUDENT']);
    await Promise.all([refusedWithin2s(a.gql, instructor.token), refusedWithin2s(gqlB, instructor.token)]);
    const renewed = (await a.gql(REFRESH, { t: instructor.refreshToken })).data!.refreshSession.accessToken as string;
    expect((await gqlB(ME, {}, { token: renewed })).data!.me).toEqual({ id: instructor.id, roles: ['STUDENT'] });
    const create = await gqlB('mutation { createCourse(input: { title: "Not mine to make", summary: "S", description: "D", category: "Testing", level: BEGINNER, priceCents: 0 }) { id } }', {}, { token: renewed });
    expect(codeOf(create)).toBe('FORBIDDEN');
    // The ADMIN who did it is untouched.
    await servedAs(gqlB, admin.token, admin.id);
  });
});

describe('the assistant', () => {
  it('refuses an ended session on its REST and MCP endpoints, and through the gateway', async () => {
    const user = await signUp(a);
    const chat = (token: string) => fetch(a.url.replace('/graphql', '/v1/ai/chat'), {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ prompt: 'what am I enrolled in' }),
    });
    expect((await chat(user.token)).status).toBe(200);
    await a.gql(LOGOUT, { t: user.refreshToken });
    await refusedWithin2s(a.gql, user.token);
    const refused = await chat(user.token);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: ENDED } });
    const mcp = await fetch(a.url.replace('/graphql', '/mcp'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${user.token}` },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
    });
    expect(mcp.status).toBe(401);
    const ask = await a.gql('mutation { askAssistant(prompt: "find python courses") { message { content } } }', {}, { token: user.token });
    expect(ask.status).toBe(401);
  });
});

describe('a restarted gateway', () => {
  it('still refuses a token revoked before it started, and serves the others', async () => {
    const user = await signUp(a);
    const other = await signIn(user);
    await a.gql(LOGOUT, { t: user.refreshToken });
    await refusedWithin2s(a.gql, user.token);
    const platformC = await createPlatform(testConfig({ PORT: '0', MONGODB_DB: a.platform.config.MONGODB_DB }), 'gateway-c', { keys: await testKeys(), events: catalogue });
    const gatewayC = await gatewayOf(platformC);
    try {
      const gqlC = graphqlClient(gatewayC.url);
      // At once: no wake-up or poll has run yet; what it knows it read from the log at start.
      const res = await gqlC(ME, {}, { token: user.token });
      expect(res.status).toBe(401);
      expect(res.errors![0]!.message).toBe(ENDED);
      await servedAs(gqlC, other.accessToken, user.id);
    } finally {
      await gatewayC.stop();
      await platformC.close();
    }
  });
});

describe('subscriptions of an ended session', () => {
  let instructor: TestUser;
  let courseId: string;
  const CHAT = 'subscription($c: ID!) { chatMessageAdded(courseId: $c) { body } }';
  const send = (body: string) =>
    a.gql('mutation($c: ID!, $b: String!) { sendChatMessage(courseId: $c, body: $b) { id } }', { c: courseId, b: body }, { token: instructor.token });
  const enrolled = async () => {
    const student = await signUp(a);
    await a.gql('mutation($c: ID!) { enrollInFreeCourse(courseId: $c) { id } }', { c: courseId }, { token: student.token });
    return student;
  };
  beforeAll(async () => {
    instructor = await signUp(a, ['INSTRUCTOR']);
    courseId = (await createCourse(a, instructor, { title: 'Revocation Course' })).id;
  });

  it('a running subscription of a revoked session ends with UNAUTHENTICATED within 2 s, on the other gateway too', async () => {
    const student = await enrolled();
    const client = wsClient(gatewayB.url, student.token);
    sockets.push(client);
    const sub = subscribe(client, CHAT, { c: courseId });
    await settleSubscriptions();
    await send('before the logout');
    expect((await sub.nth(1, 3000)).data).toEqual({ chatMessageAdded: { body: 'before the logout' } });
    const loggedOutAt = Date.now();
    await a.gql(LOGOUT, { t: student.refreshToken });
    await sub.ended;
    expect(Date.now() - loggedOutAt).toBeLessThan(2000);
    expect(sub.results.at(-1)!.errors![0]).toMatchObject({ message: ENDED, extensions: { code: 'UNAUTHENTICATED' } });
    // A new connection with the ended token is refused outright.
    const again = wsClient(gatewayB.url, student.token);
    sockets.push(again);
    const closed = await new Promise<{ code: number; reason: string }>((resolve) => again.on('closed', (e) => resolve(e as { code: number; reason: string })));
    expect(closed).toMatchObject({ code: 4401, reason: ENDED });
  });

  it('a ping renewal with a revoked token is refused: the connection keeps its own live session', async () => {
    const student = await enrolled();
    const ended = await signIn(student);
    await a.gql(LOGOUT, { t: ended.refreshToken });
    await refusedWithin2s(gqlB, ended.accessToken);
    // The graphql-ws protocol by hand: its client library sends no ping payloads.
    const socket = new WebSocket(gatewayB.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    sockets.push({ dispose: () => socket.close() });
    const messages: any[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    await new Promise((r) => socket.once('open', r));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${student.token}` } }));
    await expect.poll(() => messages.some((m) => m.type === 'connection_ack')).toBe(true);
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: CHAT, variables: { c: courseId } } }));
    await settleSubscriptions();
    socket.send(JSON.stringify({ type: 'ping', payload: { authorization: `Bearer ${ended.accessToken}` } }));
    await expect.poll(() => messages.some((m) => m.type === 'pong')).toBe(true);
    // Had the renewal been taken, the next event would end the subscription as UNAUTHENTICATED.
    await send('still the live session');
    await expect.poll(() => messages.find((m) => m.type === 'next')?.payload, { timeout: 5000 }).toEqual({ data: { chatMessageAdded: { body: 'still the live session' } } });
    expect(messages.some((m) => m.type === 'error' || m.type === 'complete')).toBe(false);
  });
});
