import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newEvent, newId, type DomainEvent, type LoggedEvent } from '@lg/platform';
import { ORDER_CONSUMER, OrderGrants, grantsOf } from '../src/index.ts';
import { actor, learningEvents, seedCourse, startLearning, type Actor, type LearningHarness } from './harness.ts';
import { uncheckedLog } from '@lg/platform/testing';

// commerce's OrderPaid (event.userId; data { orderId, userId, totalCents, currency, courseIds }),
// appended through the real event log as commerce's outbox does.
const orderPaid = (userId: string, courseIds: string[], orderId = newId()): DomainEvent =>
  newEvent('OrderPaid', orderId, { orderId, userId, totalCents: 4_900 * courseIds.length, currency: 'USD', courseIds }, { userId });

let h: LearningHarness;
let instructor: Actor;
let paid: string[];
beforeAll(async () => {
  h = await startLearning();
  instructor = actor(h, 'INSTRUCTOR');
  paid = [];
  for (let i = 0; i < 3; i += 1) paid.push((await seedCourse(h, instructor, { priceCents: 4_900 })).courseId);
});
afterAll(async () => h?.close());

const enrolmentsOf = (userId: string) => h.learning.repository.enrollments.find({ userId }).sort({ courseId: 1 }).toArray();
const grants = () => h.learning.orderGrants.catchUp();

describe('granting paid orders', () => {
  it('enrols the buyer in every course of an OrderPaid, source ORDER with the order id, one EnrollmentCreated each', async () => {
    const buyer = actor(h, 'STUDENT');
    const event = orderPaid(buyer.id, [paid[0]!, paid[1]!]);
    await h.platform.eventLog.append([event]);
    await grants();
    const enrolments = await enrolmentsOf(buyer.id);
    expect(enrolments.map((e) => e.courseId)).toEqual([paid[0], paid[1]].sort());
    expect(enrolments.every((e) => e.source === 'ORDER' && e.orderId === event.aggregateId && e.status === 'ACTIVE')).toBe(true);
    const created = await learningEvents(h, 'EnrollmentCreated', { userId: buyer.id });
    const enrolmentOf = (courseId: string | undefined) => enrolments.find((e) => e.courseId === courseId)!._id;
    expect(created.map((e) => e.data)).toEqual(expect.arrayContaining([
      { enrollmentId: enrolmentOf(paid[0]), userId: buyer.id, courseId: paid[0], source: 'ORDER', orderId: event.aggregateId },
      { enrollmentId: enrolmentOf(paid[1]), userId: buyer.id, courseId: paid[1], source: 'ORDER', orderId: event.aggregateId },
    ]));
    expect(created).toHaveLength(2);
  });

  it('grants as soon as the event is logged, without being asked (the running consumer is woken)', async () => {
    const buyer = actor(h, 'STUDENT');
    await h.platform.eventLog.append([orderPaid(buyer.id, [paid[2]!])]);
    await vi.waitFor(async () => expect(await enrolmentsOf(buyer.id)).toHaveLength(1), { timeout: 5000 });
  });

  it('keeps the enrolment a buyer had already (enrolled for free before the course was priced)', async () => {
    const buyer = actor(h, 'STUDENT');
    const { courseId } = await seedCourse(h, instructor);
    const free = await h.learning.service.enrollInFreeCourse(buyer.viewer, courseId);
    await h.platform.eventLog.append([orderPaid(buyer.id, [courseId])]);
    await grants();
    expect(await enrolmentsOf(buyer.id)).toEqual([expect.objectContaining({ _id: free._id, source: 'FREE' })]);
    expect(await learningEvents(h, 'EnrollmentCreated', { userId: buyer.id })).toHaveLength(1);
  });

  it('grants a course the course projection had not seen yet (its consumer stopped), by catching up', async () => {
    await h.learning.projector.stop();
    try {
      const { courseId } = await seedCourse(h, instructor, { priceCents: 990 });
      const buyer = actor(h, 'STUDENT');
      await h.platform.eventLog.append([orderPaid(buyer.id, [courseId])]);
      await grants();
      expect(await enrolmentsOf(buyer.id)).toEqual([expect.objectContaining({ courseId, source: 'ORDER' })]);
    } finally {
      h.learning.projector.start();
    }
  });
});

describe('at least once, exactly one enrolment', () => {
  it('an OrderPaid handled again (checkpoint reset, replay from the start) grants nothing more', async () => {
    const buyer = actor(h, 'STUDENT');
    await h.platform.eventLog.append([orderPaid(buyer.id, paid)]);
    await grants();
    const before = await h.learning.repository.enrollments.find({}).sort({ _id: 1 }).toArray();
    const events = await h.platform.db.collection('platform_events').countDocuments({ type: 'EnrollmentCreated' });
    await h.learning.consumers.orders.stop();
    await h.learning.consumers.orders.resetCheckpoint();
    await grants();
    h.learning.consumers.orders.start();
    expect(await h.learning.repository.enrollments.find({}).sort({ _id: 1 }).toArray()).toEqual(before);
    expect(await h.platform.db.collection('platform_events').countDocuments({ type: 'EnrollmentCreated' })).toBe(events);
  });

  it('one order logged twice (two events with its id) and overlapping orders grant each course once', async () => {
    const buyer = actor(h, 'STUDENT');
    const orderId = newId();
    await h.platform.eventLog.append([orderPaid(buyer.id, paid, orderId), orderPaid(buyer.id, paid, orderId), orderPaid(buyer.id, [paid[0]!])]);
    await grants();
    expect((await enrolmentsOf(buyer.id)).map((e) => e.orderId)).toEqual([orderId, orderId, orderId]);
    expect(await learningEvents(h, 'EnrollmentCreated', { userId: buyer.id })).toHaveLength(3);
  });

  it('orders paid while learning was down are granted after its restart, from the checkpoint', async () => {
    const buyer = actor(h, 'STUDENT');
    const checkpoint = await h.platform.db.collection('platform_event_checkpoints').findOne({ _id: ORDER_CONSUMER as never });
    expect(checkpoint?.seq).toBeGreaterThan(0);
    await h.restartLearning(() => h.platform.eventLog.append([orderPaid(buyer.id, [paid[0]!, paid[2]!])]));
    await vi.waitFor(async () => expect(await enrolmentsOf(buyer.id)).toHaveLength(2), { timeout: 5000 });
  });

  it('a grant that fails for a passing reason is retried from the checkpoint, and the order is granted once', async () => {
    const buyer = actor(h, 'STUDENT');
    // The running consumer has stored its checkpoint at the end of the log; a flaky one takes over from there.
    await grants();
    await h.learning.orderGrants.stop();
    let failures = 1;
    const flaky = new OrderGrants(h.platform.db, h.platform.eventLog, h.platform.logger, {
      grantEnrollment: async (...args) => {
        if (failures > 0) {
          failures -= 1;
          throw new Error('the database is restarting');
        }
        return h.learning.service.grantEnrollment(...args);
      },
      cancelOrderEnrollments: (...args) => h.learning.service.cancelOrderEnrollments(...args),
    });
    try {
      await h.platform.eventLog.append([orderPaid(buyer.id, [paid[1]!, paid[2]!])]);
      await expect(flaky.catchUp()).rejects.toThrow('restarting');
      expect(await enrolmentsOf(buyer.id)).toEqual([]);
      await flaky.catchUp();
      expect(await enrolmentsOf(buyer.id)).toHaveLength(2);
    } finally {
      h.learning.orderGrants.start();
    }
  });

  it('passes an OrderPaid that can never be granted, and goes on with the orders after it', async () => {
    const buyer = actor(h, 'STUDENT');
    // The first as an older producer could have logged it, before contracts were checked.
    await uncheckedLog(h.platform).append([
      newEvent('OrderPaid', newId(), { orderId: newId(), courseIds: [paid[0]] }, {}),
      orderPaid('not-a-user', [paid[0]!]),
      orderPaid(buyer.id, [newId(), 'not-a-course', paid[1]!]),
      orderPaid(buyer.id, [paid[2]!]),
    ]);
    const last = await h.platform.eventLog.lastSeq();
    await grants();
    expect((await enrolmentsOf(buyer.id)).map((e) => e.courseId)).toEqual([paid[1], paid[2]].sort());
    expect(await h.learning.consumers.orders.checkpoint()).toBeGreaterThanOrEqual(last);
  });
});

describe('reading an OrderPaid', () => {
  const at = new Date();
  const logged = (event: DomainEvent): LoggedEvent => ({ ...event, at, seq: 1 });
  it('takes the buyer from the event, the order from its data, and each course once', () => {
    const [userId, orderId, course] = [newId(), newId(), newId()];
    expect(grantsOf(logged(orderPaid(userId, [course, course, 7 as never], orderId)))).toEqual({ userId, orderId, courseIds: [course] });
  });

  it('is null without a valid buyer or order id', () => {
    expect(grantsOf(logged(newEvent('OrderPaid', newId(), { courseIds: [] })))).toBeNull();
    expect(grantsOf(logged(newEvent('OrderPaid', 'x', { orderId: 'x', courseIds: [] }, { userId: newId() })))).toBeNull();
  });
});
