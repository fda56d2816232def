import { startGateway, type RunningGateway } from '@lg/gateway';
import { createEngagementSubgraph } from '@lg/engagement';
import { createPlatform, newId, type Platform } from '@lg/platform';
import { graphqlClient, testConfig, testKeys } from '@lg/platform/testing';
import { catalogue } from '@lg/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatMessageSent } from '../../subgraphs/engagement/src/events.ts';
import { createCourse } from '../support/catalog.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// Gateway A serves the subgraphs; gateway B shares only the database. Neither has Redis, so B
// hears of nothing A's subgraphs write: every eviction on B comes from its poll of the log.
let a: TestStack;
let platformB: Platform;
let gatewayB: RunningGateway;
let instructor: TestUser;
let reader: TestUser;
let courseId: string;

const startB = () => startGateway({
  config: platformB.config, verifier: platformB.verifier, subgraphSecret: platformB.subgraphSecret, logger: platformB.logger, port: 0,
  subgraphUrls: Object.fromEntries(Object.entries(a.stack.servers).map(([name, s]) => [name, s.url])),
  events: { db: platformB.db, log: platformB.eventLog },
});
const TITLE = `query($id: ID!) { course(id: $id) { title } }`;
const titleOn = async (url: string, user = reader) => (await graphqlClient(url)(TITLE, { id: courseId }, { token: user.token })).data!.course.title as string;
const rename = async (title: string) => {
  const res = await a.gql(`mutation($id: ID!, $t: String!) { updateCourse(id: $id, input: { title: $t }) { title } }`, { id: courseId, t: title }, { token: instructor.token });
  expect(res.errors).toBeUndefined();
};
const twice = async (read: () => Promise<unknown>) => {
  await read();
  return read();
};

beforeAll(async () => {
  a = await startTestStack();
  platformB = await createPlatform(testConfig({ PORT: '0', MONGODB_DB: a.platform.config.MONGODB_DB }), 'gateway-b', { keys: await testKeys(), events: catalogue });
  gatewayB = await startB();
  instructor = await signUp(a, ['INSTRUCTOR'], 'Invalidation Instructor');
  reader = await signUp(a, [], 'Invalidation Reader');
  courseId = (await createCourse(a, instructor, { title: 'Before' })).id;
});
afterAll(async () => {
  await gatewayB?.stop();
  await platformB?.close();
  await a?.close();
});

describe('CACHES=off', () => {
  it('a gateway started with CACHES=off keeps nothing: a repeated query reads the database again', async () => {
    const off = await startGateway({
      config: { ...platformB.config, CACHES: 'off' }, verifier: platformB.verifier, subgraphSecret: platformB.subgraphSecret, logger: platformB.logger, port: 0,
      subgraphUrls: Object.fromEntries(Object.entries(a.stack.servers).map(([name, s]) => [name, s.url])),
      events: { db: platformB.db, log: platformB.eventLog },
    });
    try {
      expect(off.cache).toBeUndefined();
      await titleOn(off.url);
      expect((await a.countCommands(() => titleOn(off.url))).total).toBeGreaterThan(0);
      await titleOn(gatewayB.url);
      expect((await a.countCommands(() => titleOn(gatewayB.url))).total).toBe(0);
    } finally {
      await off.stop();
    }
  });
});

describe('cache invalidation when wake-ups are missed, processes restart or crash', () => {
  it('a gateway that missed the wake-up (no shared Redis) evicts within 1 s: its poll of the log catches the write', async () => {
    expect(await twice(() => titleOn(gatewayB.url))).toBe('Before');
    await rename('After a missed wake-up');
    await expect.poll(() => titleOn(gatewayB.url), { timeout: 1000, interval: 25 }).toBe('After a missed wake-up');
  });

  it('a restarted gateway answers what was written while it was down, and evicts what is written after', async () => {
    await twice(() => titleOn(gatewayB.url));
    await gatewayB.stop();
    await rename('Written while B was down');
    gatewayB = await startB();
    expect(await twice(() => titleOn(gatewayB.url))).toBe('Written while B was down');
    await rename('Written after B restarted');
    await expect.poll(() => titleOn(gatewayB.url), { timeout: 1000, interval: 25 }).toBe('Written after B restarted');
  });

  it('a write whose process crashed before logging its event is evicted when the restarted subgraph flushes the outbox', async () => {
    const CHAT = `query($id: ID!) { course(id: $id) { chatMessages(last: 10) { edges { node { body } } } } }`;
    const chat = async () => {
      const res = await a.gql(CHAT, { id: courseId }, { token: instructor.token });
      expect(res.errors).toBeUndefined();
      return res.data!.course.chatMessages.edges.map((e: { node: { body: string } }) => e.node.body) as string[];
    };
    // The instructor's own last write (the renames) is more than the read-your-writes grace ago.
    await new Promise((r) => setTimeout(r, 1100));
    expect(await twice(chat)).toEqual([]);
    // What sendChatMessage writes, as if the process died before moving its outbox to the log.
    const id = newId();
    const engagement = a.stack.subgraphs.engagement;
    await engagement.repository.chatMessages.insertOne({
      _id: id, courseId, authorId: instructor.id, body: 'written before the crash', createdAt: new Date(),
      outbox: [chatMessageSent({ messageId: id, courseId, authorId: instructor.id })],
    });
    // No event, no eviction: the cached page still stands.
    expect(await chat()).toEqual([]);
    await engagement.stop();
    // The restarted subgraph flushes pending outboxes at start-up; the event evicts the page.
    const restarted = await createEngagementSubgraph(a.platform);
    await expect.poll(chat, { timeout: 1000, interval: 25 }).toEqual(['written before the crash']);
    await restarted.stop();
  });
});
