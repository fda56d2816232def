import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEvent, newId, type DomainEvent } from '@lg/platform';
import { COMPLETE, actor, codeOf, learningEvents, seedCourse, startLearning, type Actor, type LearningHarness, type SeededCourse } from './harness.ts';
import { uncheckedLog } from '@lg/platform/testing';

// commerce's OrderPaid and OrderRefunded (event.userId; data { orderId, userId, courseIds, ... }),
// appended through the real event log as commerce's outbox does. A refund takes back exactly what
// its order granted.
const orderPaid = (userId: string, courseIds: string[], orderId = newId()): DomainEvent =>
  newEvent('OrderPaid', orderId, { orderId, userId, totalCents: 4_900 * courseIds.length, currency: 'USD', courseIds }, { userId });
const orderRefunded = (userId: string, courseIds: string[], orderId: string): DomainEvent =>
  newEvent('OrderRefunded', orderId, { orderId, userId, totalCents: 4_900 * courseIds.length, currency: 'USD', courseIds, refundedBy: userId, refundedAt: new Date() }, { userId });

let h: LearningHarness;
let instructor: Actor;
let paid: SeededCourse[];
let free: SeededCourse;
beforeAll(async () => {
  h = await startLearning();
  instructor = actor(h, 'INSTRUCTOR');
  paid = [];
  for (let i = 0; i < 3; i += 1) paid.push(await seedCourse(h, instructor, { priceCents: 4_900, lessons: 2 }));
  free = await seedCourse(h, instructor);
});
afterAll(async () => h?.close());

const handled = () => h.learning.orderGrants.catchUp();
const enrolmentsOf = (userId: string) => h.learning.repository.enrollments.find({ userId }).sort({ courseId: 1 }).toArray();
const statusOf = async (userId: string) => Object.fromEntries((await enrolmentsOf(userId)).map((e) => [e.courseId, e.status]));
const count = async (courseId: string) => (await h.gql(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Course { enrollmentCount } } }`,
  { r: [{ __typename: 'Course', id: courseId }] })).data!._entities[0].enrollmentCount as number;

/** A buyer of `courses` in one paid order, granted. */
async function bought(courses: SeededCourse[]): Promise<{ buyer: Actor; orderId: string }> {
  const buyer = actor(h, 'STUDENT');
  const orderId = newId();
  await h.platform.eventLog.append([orderPaid(buyer.id, courses.map((c) => c.courseId), orderId)]);
  await handled();
  return { buyer, orderId };
}

describe('a refunded order', () => {
  it('cancels each enrolment it granted, with cancelledAt and one EnrollmentCancelled each', async () => {
    const { buyer, orderId } = await bought([paid[0]!, paid[1]!]);
    await h.platform.eventLog.append([orderRefunded(buyer.id, [paid[0]!.courseId, paid[1]!.courseId], orderId)]);
    await handled();
    const enrolments = await enrolmentsOf(buyer.id);
    expect(enrolments.map((e) => e.status)).toEqual(['CANCELLED', 'CANCELLED']);
    expect(enrolments.every((e) => e.cancelledAt instanceof Date && e.outbox?.length === 0)).toBe(true);
    const cancelled = await learningEvents(h, 'EnrollmentCancelled', { userId: buyer.id });
    expect(cancelled.map((e) => [e.aggregateId, e.courseId])).toEqual(expect.arrayContaining(enrolments.map((e) => [e._id, e.courseId])));
    expect(cancelled).toHaveLength(2);
    expect(cancelled[0]!.data).toMatchObject({ userId: buyer.id, source: 'ORDER', orderId, reason: 'ORDER_REFUNDED' });
  });

  it('shows the enrolment CANCELLED to its user, and no longer counts it in enrollmentCount', async () => {
    const before = await count(paid[2]!.courseId);
    const { buyer, orderId } = await bought([paid[2]!]);
    expect(await count(paid[2]!.courseId)).toBe(before + 1);
    await h.platform.eventLog.append([orderRefunded(buyer.id, [paid[2]!.courseId], orderId)]);
    await handled();
    expect(await count(paid[2]!.courseId)).toBe(before);
    const mine = (await h.gql(`{ myEnrollments { totalCount edges { node { status cancelledAt course { id } } } } }`, {}, { token: buyer.token })).data!.myEnrollments;
    expect(mine).toMatchObject({ totalCount: 1, edges: [{ node: { status: 'CANCELLED', course: { id: paid[2]!.courseId } } }] });
    expect(Date.parse(mine.edges[0].node.cancelledAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('no longer lets its buyer complete lessons: FORBIDDEN, and the enrolment stays as it was', async () => {
    const { buyer, orderId } = await bought([paid[0]!]);
    const lesson = paid[0]!.lessonIds[0]!;
    expect((await h.gql(COMPLETE, { courseId: paid[0]!.courseId, lessonId: lesson }, { token: buyer.token })).errors).toBeUndefined();
    await h.platform.eventLog.append([orderRefunded(buyer.id, [paid[0]!.courseId], orderId)]);
    await handled();
    const [before] = await enrolmentsOf(buyer.id);
    expect(codeOf(await h.gql(COMPLETE, { courseId: paid[0]!.courseId, lessonId: paid[0]!.lessonIds[1]! }, { token: buyer.token }))).toBe('FORBIDDEN');
    expect(await enrolmentsOf(buyer.id)).toEqual([before]);
  });

  it('leaves alone the enrolments of other orders and free enrolments of the same buyer', async () => {
    const { buyer, orderId } = await bought([paid[0]!]);
    const other = newId();
    await h.platform.eventLog.append([orderPaid(buyer.id, [paid[1]!.courseId], other)]);
    await h.learning.service.enrollInFreeCourse(buyer.viewer, free.courseId);
    // The refund names every course; only the one its order granted is its to take back.
    await h.platform.eventLog.append([orderRefunded(buyer.id, [paid[0]!.courseId, paid[1]!.courseId, free.courseId], orderId)]);
    await handled();
    expect(await statusOf(buyer.id)).toEqual({ [paid[0]!.courseId]: 'CANCELLED', [paid[1]!.courseId]: 'ACTIVE', [free.courseId]: 'ACTIVE' });
    expect(await learningEvents(h, 'EnrollmentCancelled', { userId: buyer.id })).toHaveLength(1);
  });
});

describe('at least once, cancelled once', () => {
  it('the refund logged twice, and the whole log replayed from the start, cancel once and give nothing back', async () => {
    const { buyer, orderId } = await bought([paid[0]!, paid[1]!]);
    const refund = orderRefunded(buyer.id, [paid[0]!.courseId, paid[1]!.courseId], orderId);
    await h.platform.eventLog.append([refund, orderRefunded(buyer.id, [paid[0]!.courseId, paid[1]!.courseId], orderId)]);
    await handled();
    const before = await h.learning.repository.enrollments.find({}).sort({ _id: 1 }).toArray();
    const events = await h.platform.db.collection('platform_events').countDocuments({ type: { $in: ['EnrollmentCreated', 'EnrollmentCancelled'] } });
    // The replay hands the OrderPaid of this order over again too: it must not undo the refund.
    await h.learning.consumers.orders.stop();
    await h.learning.consumers.orders.resetCheckpoint();
    await handled();
    h.learning.consumers.orders.start();
    expect(await h.learning.repository.enrollments.find({}).sort({ _id: 1 }).toArray()).toEqual(before);
    expect(await h.platform.db.collection('platform_events').countDocuments({ type: { $in: ['EnrollmentCreated', 'EnrollmentCancelled'] } })).toBe(events);
    expect(await learningEvents(h, 'EnrollmentCancelled', { userId: buyer.id })).toHaveLength(2);
  });

  it('a refund of an order that granted nothing (or a malformed one) is passed, and the orders after it are handled', async () => {
    const { buyer, orderId } = await bought([paid[2]!]);
    // The malformed one as an older producer could have logged it, before contracts were checked.
    await uncheckedLog(h.platform).append([
      orderRefunded(buyer.id, [paid[2]!.courseId], newId()),
      newEvent('OrderRefunded', newId(), { courseIds: [paid[2]!.courseId] }, {}),
      orderRefunded(buyer.id, [paid[2]!.courseId], orderId),
    ]);
    await handled();
    expect(await statusOf(buyer.id)).toEqual({ [paid[2]!.courseId]: 'CANCELLED' });
    expect(await learningEvents(h, 'EnrollmentCancelled', { userId: buyer.id })).toHaveLength(1);
  });
});

describe('buying a refunded course again', () => {
  it('makes the same enrolment ACTIVE again for the new order, progress kept, with one more EnrollmentCreated', async () => {
    const { buyer, orderId } = await bought([paid[1]!]);
    await h.gql(COMPLETE, { courseId: paid[1]!.courseId, lessonId: paid[1]!.lessonIds[0]! }, { token: buyer.token });
    await h.platform.eventLog.append([orderRefunded(buyer.id, [paid[1]!.courseId], orderId)]);
    const second = newId();
    await h.platform.eventLog.append([orderPaid(buyer.id, [paid[1]!.courseId], second)]);
    await handled();
    const [enrolment] = await enrolmentsOf(buyer.id);
    expect(enrolment).toMatchObject({ status: 'ACTIVE', source: 'ORDER', orderId: second, cancelledAt: null, completedLessonIds: [paid[1]!.lessonIds[0]] });
    const created = await learningEvents(h, 'EnrollmentCreated', { userId: buyer.id });
    expect(created.map((e) => [e.aggregateId, e.data.orderId])).toEqual([[enrolment!._id, orderId], [enrolment!._id, second]]);
    // Granted again, it grants access again.
    const done = await h.gql(COMPLETE, { courseId: paid[1]!.courseId, lessonId: paid[1]!.lessonIds[1]! }, { token: buyer.token });
    expect(done.data!.completeLesson).toMatchObject({ status: 'COMPLETED', progressPercent: 100 });
  });
});
