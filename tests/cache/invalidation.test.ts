import { startGateway, type RunningGateway } from '@lg/gateway';
import { createEngagementSubgraph } from '@lg/engagement';
import { createPlatform, newId, type Platform } from '@lg/platform';
import { graphqlClient, testConfig, testKeys } from '@lg/platform/testing';
import { catalogue } from '@lg/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatMessageSent } from '../../subgraphs/engagement/src/events.ts';
import { createCourse } from '../support/catalog.ts';
import { enrol } from '../support/matrix.ts';
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

describe('votes, lesson progress and carts reach a gateway that missed the wake-up: their events are in the log', () => {
  /** Reads through B as `user`, failing on errors. */
  const onB = async (query: string, variables: Record<string, unknown>, user: TestUser) => {
    const res = await graphqlClient(gatewayB.url)(query, variables, { token: user.token });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!;
  };
  /**
   * Once B has heard of everything logged so far (a set-up write's event must not evict later),
   * reads through B twice, then proves the answer is B's cached one: a third read asks no database.
   */
  const cachedOnB = async (query: string, variables: Record<string, unknown>, user: TestUser) => {
    const logged = await a.platform.eventLog.lastSeq();
    await expect.poll(() => gatewayB.cache!.processedSeq(), { timeout: 2000, interval: 25 }).toBeGreaterThanOrEqual(logged);
    await twice(() => onB(query, variables, user));
    expect((await a.countCommands(() => onB(query, variables, user))).total).toBe(0);
    return onB(query, variables, user);
  };
  /**
   * Enrols through A and waits for engagement's notification of it: an event logged a moment later
   * would evict the user's entries on B by itself, and a test could pass without the event it is about.
   */
  const enrolSettled = async (user: TestUser, course: string) => {
    await enrol(a, user, course);
    const events = a.platform.db.collection('platform_events');
    await expect.poll(() => events.countDocuments({ type: 'NotificationCreated', userId: user.id }), { timeout: 5000, interval: 50 }).toBeGreaterThan(0);
  };
  const onA = async (query: string, variables: Record<string, unknown>, user: TestUser) => {
    const res = await a.gql(query, variables, { token: user.token });
    expect(res.errors).toBeUndefined();
    return res.data!;
  };

  it("a vote through A: another member's cached question and the course's TOP list on B show the new score within 1 s", async () => {
    const voter = await signUp(a, [], 'Voter');
    await enrolSettled(reader, courseId);
    await enrolSettled(voter, courseId);
    const asked = await onA(`mutation($c: ID!) { askQuestion(input: { courseId: $c, title: "Fresh on B?", body: "Votes have events now." }) { id } }`, { c: courseId }, reader);
    const id = asked.askQuestion.id as string;
    const QUESTION = `query($id: ID!) { question(id: $id) { voteScore viewerVote } }`;
    const TOP = `query($c: ID!) { course(id: $c) { questions(first: 5, orderBy: TOP) { edges { node { id voteScore } } } } }`;
    expect(await cachedOnB(QUESTION, { id }, reader)).toEqual({ question: { voteScore: 0, viewerVote: 0 } });
    expect((await cachedOnB(TOP, { c: courseId }, reader)).course.questions.edges).toEqual([{ node: { id, voteScore: 0 } }]);
    await onA(`mutation($id: ID!) { voteOnQuestion(questionId: $id, value: 1) { voteScore } }`, { id }, voter);
    await expect.poll(async () => (await onB(QUESTION, { id }, reader)).question, { timeout: 1000, interval: 25 }).toEqual({ voteScore: 1, viewerVote: 0 });
    await expect.poll(async () => (await onB(TOP, { c: courseId }, reader)).course.questions.edges, { timeout: 1000, interval: 25 }).toEqual([{ node: { id, voteScore: 1 } }]);
  });

  it("a lesson completed through A: the student's own cached enrolment and an ADMIN's view of their progress on B follow within 1 s", async () => {
    const student = await signUp(a, [], 'Completing Student');
    const admin = await signUp(a, ['ADMIN'], 'Progress Admin');
    // Two lessons: completing one leaves the enrolment ACTIVE, so only LessonCompleted is logged.
    const course = await createCourse(a, instructor, { title: 'Two lessons' });
    await onA(`mutation($s: ID!) { addLesson(sectionId: $s, input: { title: "Second", kind: READING }) { id } }`, { s: course.sectionId }, instructor);
    await enrolSettled(student, course.id);
    const lessonId = (await onA(`query($id: ID!) { course(id: $id) { sections { lessons { id } } } }`, { id: course.id }, student)).course.sections[0].lessons[0].id as string;
    const OWN = `query($id: ID!) { course(id: $id) { viewerEnrollment { completedLessonIds } } }`;
    const ADMIN_VIEW = `query($u: ID!) { user(id: $u) { enrollments(first: 5) { edges { node { progressPercent } } } } }`;
    expect((await cachedOnB(OWN, { id: course.id }, student)).course.viewerEnrollment).toEqual({ completedLessonIds: [] });
    expect((await cachedOnB(ADMIN_VIEW, { u: student.id }, admin)).user.enrollments.edges).toEqual([{ node: { progressPercent: 0 } }]);
    await onA(`mutation($c: ID!, $l: ID!) { completeLesson(courseId: $c, lessonId: $l) { id } }`, { c: course.id, l: lessonId }, student);
    await expect.poll(async () => (await onB(OWN, { id: course.id }, student)).course.viewerEnrollment, { timeout: 1000, interval: 25 }).toEqual({ completedLessonIds: [lessonId] });
    await expect.poll(async () => (await onB(ADMIN_VIEW, { u: student.id }, admin)).user.enrollments.edges, { timeout: 1000, interval: 25 }).toEqual([{ node: { progressPercent: 50 } }]);
  });

  it("a course added to the cart through A: the same user's cached cart on B shows it within 1 s, while B's cached course page stays", async () => {
    const buyer = await signUp(a, [], 'Cart Buyer');
    const paid = (await createCourse(a, instructor, { title: 'Paid on B', priceCents: 1500 })).id;
    const CART = `{ cart { items { course { id } } } }`;
    expect((await cachedOnB(CART, {}, buyer)).cart.items).toEqual([]);
    const page = `query($id: ID!) { course(id: $id) { title } }`;
    await cachedOnB(page, { id: paid }, reader);
    await onA(`mutation($c: ID!) { addCourseToCart(courseId: $c) { items { id } } }`, { c: paid }, buyer);
    await expect.poll(async () => (await onB(CART, {}, buyer)).cart.items, { timeout: 1000, interval: 25 }).toEqual([{ course: { id: paid } }]);
    // The event names the buyer's own entries only: another reader's page of the course was not evicted.
    expect((await a.countCommands(() => onB(page, { id: paid }, reader))).total).toBe(0);
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
