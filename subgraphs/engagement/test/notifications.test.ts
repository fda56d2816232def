import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@lg/platform';
import { LabBookingConfirmed, OrderPaid, OrderRefunded } from '@lg/events';
import { actor, as, codeOf, enroll, enrollmentCreated, eventsOf, seedCourse, startEngagement, type Actor, type EngagementHarness } from './harness.ts';

let h: EngagementHarness;
let instructor: Actor;
let courseId: string;
let courseTitle: string;
beforeAll(async () => {
  h = await startEngagement();
  instructor = actor(h, 'INSTRUCTOR');
  const course = await seedCourse(h, instructor);
  courseId = course._id;
  courseTitle = course.title;
});
afterAll(async () => h?.close());

const MINE = `query($first: Int, $after: String, $unread: Boolean) { myNotifications(first: $first, after: $after, unreadOnly: $unread) {
  totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id kind message read createdAt } } } }`;
const MARK = `mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) }`;

async function mine(who: Actor, vars: Record<string, unknown> = {}) {
  await h.settle();
  const res = await h.gql(MINE, vars, as(who));
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.myNotifications as { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: any }[] };
}
const kinds = async (who: Actor) => (await mine(who)).edges.map((e) => e.node.kind);

async function member(): Promise<Actor> {
  const who = actor(h, 'STUDENT');
  await enroll(h, who, courseId);
  return who;
}

describe('notifications made from events', () => {
  it('an enrolment confirms itself to the enrolled user, naming the course', async () => {
    const student = await member();
    const { edges } = await mine(student);
    expect(edges.map((e) => e.node)).toMatchObject([{ kind: 'ENROLLMENT_CONFIRMED', message: `You are enrolled in “${courseTitle}”.`, read: false }]);
  });

  it("someone else's answer to my question notifies me; my own answer does not", async () => {
    const [asker, helper] = [await member(), await member()];
    const question = await h.subgraph.services.questions.askQuestion(asker.viewer, { courseId, title: 'Why is the sky blue?', body: 'Body.' });
    await h.subgraph.services.questions.answerQuestion(asker.viewer, question._id, 'Answering myself.');
    await h.subgraph.services.questions.answerQuestion(helper.viewer, question._id, 'Rayleigh scattering.');
    const { edges } = await mine(asker);
    expect(edges.map((e) => [e.node.kind, e.node.message])).toEqual([
      ['ANSWER_TO_MY_QUESTION', 'New answer to your question “Why is the sky blue?”.'],
      ['ENROLLMENT_CONFIRMED', `You are enrolled in “${courseTitle}”.`],
    ]);
    expect(await kinds(helper)).toEqual(['ENROLLMENT_CONFIRMED']);
  });

  it('my answer accepted by the asker notifies me; accepting my own answer notifies nobody', async () => {
    const [asker, helper] = [await member(), await member()];
    const question = await h.subgraph.services.questions.askQuestion(asker.viewer, { courseId, title: 'Accept which one?', body: 'Body.' });
    const own = await h.subgraph.services.questions.answerQuestion(asker.viewer, question._id, 'Mine.');
    const theirs = await h.subgraph.services.questions.answerQuestion(helper.viewer, question._id, 'Theirs.');
    await h.subgraph.services.questions.acceptAnswer(asker.viewer, own._id);
    await h.subgraph.services.questions.acceptAnswer(asker.viewer, theirs._id);
    expect(await kinds(helper)).toEqual(['ANSWER_ACCEPTED', 'ENROLLMENT_CONFIRMED']);
    expect((await mine(helper)).edges[0]!.node.message).toBe('Your answer to “Accept which one?” was accepted.');
    expect(await kinds(asker)).toEqual(['ANSWER_TO_MY_QUESTION', 'ENROLLMENT_CONFIRMED']);
  });

  it('a paid order (commerce OrderPaid) and a confirmed lab booking (labs LabBookingConfirmed) notify their user', async () => {
    const buyer = actor(h, 'STUDENT');
    await h.platform.eventLog.append([
      OrderPaid.build({ orderId: newId(), userId: buyer.id, totalCents: 4_999, currency: 'EUR', courseIds: [courseId, newId()] }),
      LabBookingConfirmed.build({
        bookingId: newId(), labId: newId(), labTitle: 'Robotics bay', slotStart: '2030-05-04T14:00:00.000Z', slotEnd: '2030-05-04T15:00:00.000Z',
        userId: buyer.id, hostId: newId(),
      }),
    ]);
    const { edges } = await mine(buyer);
    expect(edges.map((e) => [e.node.kind, e.node.message])).toEqual([
      ['LAB_BOOKING_CONFIRMED', 'Your booking of “Robotics bay” on 2030-05-04 14:00 UTC is confirmed.'],
      ['ORDER_PAID', 'Your order of 49.99 EUR is paid (2 courses).'],
    ]);
  });

  it('a refunded order (commerce OrderRefunded) notifies its buyer that its courses were taken back', async () => {
    const buyer = actor(h, 'STUDENT');
    await h.platform.eventLog.append([
      OrderRefunded.build({ orderId: newId(), userId: buyer.id, totalCents: 4_999, currency: 'EUR', courseIds: [courseId, newId()], refundedBy: buyer.id, refundedAt: new Date() }),
      OrderRefunded.build({ orderId: newId(), userId: buyer.id, totalCents: 900, currency: 'USD', courseIds: [courseId], refundedBy: buyer.id, refundedAt: new Date() }),
    ]);
    const { edges } = await mine(buyer);
    expect(edges.map((e) => [e.node.kind, e.node.message])).toEqual([
      ['ORDER_REFUNDED', 'Your order of 9.00 USD was refunded; its course is no longer in your learning.'],
      ['ORDER_REFUNDED', 'Your order of 49.99 EUR was refunded; its courses are no longer in your learning.'],
    ]);
  });

  it('each notification logs NotificationCreated with its owner as userId', async () => {
    const student = await member();
    const { edges } = await mine(student);
    const [event] = await eventsOf(h, { type: 'NotificationCreated', aggregateId: edges[0]!.node.id });
    expect(event).toMatchObject({ userId: student.id, courseId, data: { notificationId: edges[0]!.node.id, kind: 'ENROLLMENT_CONFIRMED' } });
  });

  it('an event handled twice (a replay) makes one notification and one NotificationCreated', async () => {
    const student = actor(h, 'STUDENT');
    const event = enrollmentCreated(student.id, courseId);
    await h.platform.eventLog.append([event]);
    await h.settle();
    await h.subgraph.consumers.notifications.stop();
    await h.subgraph.consumers.notifications.consumer.resetCheckpoint();
    await h.subgraph.consumers.notifications.catchUp();
    h.subgraph.consumers.notifications.start();
    expect(await kinds(student)).toEqual(['ENROLLMENT_CONFIRMED']);
    expect(await h.platform.db.collection('platform_events').countDocuments({ type: 'NotificationCreated', userId: student.id })).toBe(1);
  });
});

describe('myNotifications and markNotificationsRead', () => {
  let owner: Actor;
  let ids: string[];
  beforeAll(async () => {
    owner = actor(h, 'STUDENT');
    await h.platform.eventLog.append(Array.from({ length: 5 }, (_, i) =>
      OrderPaid.build({ orderId: newId(), userId: owner.id, totalCents: 100 * (i + 1), currency: 'USD', courseIds: [] })));
    ids = (await mine(owner)).edges.map((e) => e.node.id);
  });

  it('lists my notifications newest first, across pages', async () => {
    expect(ids).toHaveLength(5);
    const first = await mine(owner, { first: 2 });
    const second = await mine(owner, { first: 2, after: first.pageInfo.endCursor });
    const third = await mine(owner, { first: 2, after: second.pageInfo.endCursor });
    expect([first, second, third].flatMap((p) => p.edges.map((e) => e.node.id))).toEqual(ids);
    expect([first.pageInfo.hasNextPage, second.pageInfo.hasNextPage, third.pageInfo.hasNextPage]).toEqual([true, true, false]);
    expect(first.edges[0]!.node.message).toBe('Your order of 5.00 USD is paid.');
  });

  it('marks only unread ones of my own, returns how many changed, and unreadOnly then leaves them out', async () => {
    const stranger = await member();
    const strangers = (await mine(stranger)).edges.map((e) => e.node.id);
    const res = await h.gql(MARK, { ids: [ids[0], ids[1], ids[1], ...strangers] }, as(owner));
    expect(res.data!.markNotificationsRead).toBe(2);
    expect((await h.gql(MARK, { ids: [ids[0]] }, as(owner))).data!.markNotificationsRead).toBe(0);
    const unread = await mine(owner, { unread: true });
    expect(unread.totalCount).toBe(3);
    expect(unread.edges.map((e) => e.node.id)).toEqual(ids.slice(2));
    expect((await mine(owner)).edges.map((e) => e.node.read)).toEqual([true, true, false, false, false]);
    expect((await mine(stranger)).edges.every((e) => !e.node.read)).toBe(true);
  });

  it('an empty list changes nothing and returns 0', async () => {
    expect((await h.gql(MARK, { ids: [] }, as(owner))).data!.markNotificationsRead).toBe(0);
  });

  it.each([
    ['101 ids', () => Array.from({ length: 101 }, () => newId())],
    ['a malformed id', () => [ids[2], 'nope']],
  ])('%s is BAD_USER_INPUT and nothing is marked', async (_name, make) => {
    const before = await h.subgraph.repository.notifications.countDocuments({ read: true });
    const res = await h.gql(MARK, { ids: make() }, as(owner));
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(await h.subgraph.repository.notifications.countDocuments({ read: true })).toBe(before);
  });

  it('100 ids are fine', async () => {
    const res = await h.gql(MARK, { ids: Array.from({ length: 100 }, () => newId()) }, as(owner));
    expect(res.data!.markNotificationsRead).toBe(0);
  });

  it('signed out: UNAUTHENTICATED', async () => {
    expect(codeOf(await h.gql(MINE, {}))).toBe('UNAUTHENTICATED');
    expect(codeOf(await h.gql(MARK, { ids }))).toBe('UNAUTHENTICATED');
  });

  it('a bad cursor or page size is BAD_USER_INPUT', async () => {
    expect(codeOf(await h.gql(MINE, { after: 'xyz' }, as(owner)))).toBe('BAD_USER_INPUT');
    expect(codeOf(await h.gql(MINE, { first: 101 }, as(owner)))).toBe('BAD_USER_INPUT');
  });
});
