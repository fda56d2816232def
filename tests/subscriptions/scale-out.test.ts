import { startGateway, type RunningGateway } from '@lg/gateway';
import { createEngagementSubgraph } from '@lg/engagement';
import { createPlatform, newId, type Platform } from '@lg/platform';
import { testConfig, testKeys } from '@lg/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatMessageSent } from '../../subgraphs/engagement/src/events.ts';
import { createCourse } from '../support/catalog.ts';
import { TestRedis } from '../support/redis-server.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';
import { settleSubscriptions, subscribe, wsClient } from '../support/ws.ts';
import { catalogue } from '@lg/events';

// Both gateways poll the log only once a minute here, so prompt delivery proves Redis fan-out.
const SLOW_POLL = 60_000;

let redis: TestRedis;
let a: TestStack;
let platformB: Platform;
let gatewayB: RunningGateway;
let instructor: TestUser;
let student: TestUser;
let courseId: string;
const clients: { dispose(): unknown }[] = [];
const client = (url: string, token: string) => {
  const c = wsClient(url, token);
  clients.push(c);
  return c;
};

beforeAll(async () => {
  redis = await TestRedis.start();
  a = await startTestStack({ REDIS_URL: redis.url }, { subscriptionPollMs: SLOW_POLL });
  // A second gateway process in all but name: its own database client, Redis connection and bus.
  platformB = await createPlatform(testConfig({ PORT: '0', REDIS_URL: redis.url, MONGODB_DB: a.platform.config.MONGODB_DB }), 'gateway-b', { keys: await testKeys(), events: catalogue });
  gatewayB = await startGateway({
    config: platformB.config, verifier: platformB.verifier, subgraphSecret: platformB.subgraphSecret, logger: platformB.logger, redis: platformB.redis, port: 0,
    subgraphUrls: Object.fromEntries(Object.entries(a.stack.servers).map(([name, s]) => [name, s.url])),
    events: { db: platformB.db, log: platformB.eventLog, pollMs: SLOW_POLL },
  });
  instructor = await signUp(a, ['INSTRUCTOR']);
  student = await signUp(a, [], 'Scaled Student');
  courseId = (await createCourse(a, instructor, { title: 'Scaled Course' })).id;
  await a.gql(`mutation($c: ID!) { enrollInFreeCourse(courseId: $c) { id } }`, { c: courseId }, { token: student.token });
});
afterAll(async () => {
  for (const c of clients) await c.dispose();
  await gatewayB?.stop();
  await platformB?.close();
  await a?.close();
  await redis?.kill();
});

const CHAT = `subscription($c: ID!) { chatMessageAdded(courseId: $c) { body author { displayName } } }`;
const send = (body: string) =>
  a.gql(`mutation($c: ID!, $b: String!) { sendChatMessage(courseId: $c, body: $b) { id } }`, { c: courseId, b: body }, { token: instructor.token });
const bodies = (sub: { results: any[] }) => sub.results.map((r) => r.data?.chatMessageAdded?.body);

describe('several gateways behind a load balancer', () => {
  it('with Redis, two gateways each deliver every event to their own subscribers', async () => {
    const onA = subscribe(client(a.url, student.token), CHAT, { c: courseId });
    const onB = subscribe(client(gatewayB.url, student.token), CHAT, { c: courseId });
    await settleSubscriptions();
    await send('to everyone');
    expect((await onA.nth(1, 3000)).data).toEqual({ chatMessageAdded: { body: 'to everyone', author: { displayName: expect.any(String) } } });
    expect((await onB.nth(1, 3000)).data).toEqual((await onA.nth(1)).data);
    onA.unsubscribe();
    onB.unsubscribe();
  });

  it('Redis stopped and restarted while subscribed: nothing crashes and events resume, none lost', async () => {
    const onB = subscribe(client(gatewayB.url, student.token), CHAT, { c: courseId });
    await settleSubscriptions();
    await redis.kill();
    expect((await send('while Redis is down')).errors).toBeUndefined();
    await redis.restart();
    // Give ioredis time to reconnect and resubscribe before the next wake-up.
    await expect.poll(async () => (await send('after the restart'), bodies(onB).includes('after the restart')), { timeout: 15_000, interval: 1500 }).toBe(true);
    expect(bodies(onB).slice(0, 2)).toEqual(['while Redis is down', 'after the restart']);
    expect((await fetch(gatewayB.url.replace('/graphql', '/health'))).status).toBe(200);
    onB.unsubscribe();
  });
});

describe('a subgraph restart', () => {
  it('an event written just before the engagement subgraph went down is delivered after it restarts', async () => {
    const onA = subscribe(client(a.url, student.token), CHAT, { c: courseId });
    await settleSubscriptions();
    // What sendChatMessage writes, as if the process died before moving its outbox to the log.
    const id = newId();
    const engagement = a.stack.subgraphs.engagement;
    await engagement.repository.chatMessages.insertOne({
      _id: id, courseId, authorId: instructor.id, body: 'written before the crash', createdAt: new Date(),
      outbox: [chatMessageSent({ messageId: id, courseId, authorId: instructor.id })],
    });
    await engagement.stop();
    // The restarted subgraph flushes pending outboxes at start-up.
    const restarted = await createEngagementSubgraph(a.platform);
    // A late wake-up of the previous test's messages may come first; this one must come.
    await expect.poll(() => bodies(onA), { timeout: 5000 }).toContain('written before the crash');
    await restarted.stop();
    onA.unsubscribe();
  });
});
