import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId } from '@lg/platform';
import { REFUND_STEPS, REFUND_WINDOW_MS, TEST_REFUNDS, orderIdFor, type RefundStep, type TestRefundDocument } from '../src/index.ts';
import {
  ADD, ORDER_FIELDS, actor, as, charges, codeOf, enrolmentsOf, eventsOf, newKey, seedCourses, snapshot, startCommerce,
  type Actor, type CommerceHarness,
} from './harness.ts';

// A refund gives a PAID order's money back through the provider, makes it REFUNDED with one
// OrderRefunded, and takes its courses back: learning (in-process) cancels the enrolments the order
// granted, and commerce no longer counts the courses as owned, so they can be bought again.

const REFUND_FIELDS = `${ORDER_FIELDS} refundedAt refundReason refundableUntil`;
const REFUND = `mutation($id: ID!, $reason: String) { refundOrder(id: $id, reason: $reason) { ${REFUND_FIELDS} } }`;
const DAY = 24 * 60 * 60 * 1000;

let h: CommerceHarness;
let instructor: Actor;
let admin: Actor;
let courses: string[];
beforeAll(async () => {
  h = await startCommerce();
  instructor = actor(h, 'STUDENT', 'INSTRUCTOR');
  admin = actor(h, 'STUDENT', 'ADMIN');
  courses = await h.quietly(() => seedCourses(h, instructor, 2, { priceCents: 2_000 }));
});
afterAll(async () => h?.close());

/** A student who bought both courses (one PAID order), with learning's enrolments granted. */
async function buyer(): Promise<{ student: Actor; orderId: string }> {
  const student = actor(h, 'STUDENT');
  for (const courseId of courses) await h.commerce.service.addCourseToCart(student.viewer, courseId);
  const order = await h.commerce.service.checkout(student.viewer, newKey(), 'tok_ok');
  expect(order.status).toBe('PAID');
  await h.settle();
  return { student, orderId: order._id };
}

const refund = (who: Actor | undefined, id: string, reason?: string) => h.gql(REFUND, { id, reason }, as(who));
const refundsOf = (orderId: string) => h.platform.db.collection<TestRefundDocument>(TEST_REFUNDS).find({ idempotencyKey: orderId }).toArray();
/** Commerce's state, the charges and the log (snapshot) and the refunds and ownership records besides: what a refused refund must leave alone. */
const state = async () => ({
  ...(await snapshot(h)),
  refunds: await h.platform.db.collection(TEST_REFUNDS).countDocuments(),
  ownerships: await h.commerce.repository.ownerships.find({}).sort({ _id: 1 }).toArray(),
  enrolments: await h.learning.repository.enrollments.find({}).sort({ _id: 1 }).toArray(),
});
const owned = (student: Actor) => h.commerce.repository.ownedAmong(student.id, courses);

/** Refunded exactly once, all the way: the order, the provider, the log, learning and ownership. */
async function expectRefundedOnce(student: Actor, orderId: string) {
  const order = await h.commerce.repository.orders.findOne({ _id: orderId });
  expect(order).toMatchObject({ status: 'REFUNDED', outbox: [], refund: { ownershipReleased: true } });
  expect(order!.refundedAt).toBeInstanceOf(Date);
  const [charge] = await charges(h, orderId);
  expect(await refundsOf(orderId)).toMatchObject([{ chargeId: charge!.chargeId, amountCents: 4_000, currency: 'USD' }]);
  expect(order!.refund!.refundId).toBe((await refundsOf(orderId))[0]!.refundId);
  expect(await eventsOf(h, { type: 'OrderRefunded', aggregateId: orderId })).toHaveLength(1);
  expect(await owned(student)).toEqual(new Set());
  await h.settle();
  const enrolments = await enrolmentsOf(h, student.id);
  expect(enrolments.map((e) => [e.courseId, e.status]).sort()).toEqual(courses.map((c) => [c, 'CANCELLED']).sort());
  expect(await eventsOf(h, { type: 'EnrollmentCancelled', userId: student.id })).toHaveLength(2);
}

describe('a refund asked for by the buyer', () => {
  it('gives the charge back in full: REFUNDED with refundedAt and the reason, one provider refund, one OrderRefunded', async () => {
    const { student, orderId } = await buyer();
    const res = await refund(student, orderId, '  Not what I expected.  ');
    expect(res.errors).toBeUndefined();
    const order = res.data!.refundOrder;
    expect(order).toMatchObject({ id: orderId, status: 'REFUNDED', totalCents: 4_000, refundReason: 'Not what I expected.', refundableUntil: null });
    expect(Date.parse(order.refundedAt)).toBeGreaterThanOrEqual(Date.parse(order.paidAt));
    const [event] = await eventsOf(h, { type: 'OrderRefunded', aggregateId: orderId });
    expect(event).toMatchObject({ userId: student.id, data: { orderId, userId: student.id, totalCents: 4_000, currency: 'USD', courseIds: courses, refundedBy: student.id } });
    await expectRefundedOnce(student, orderId);
  });

  it('cancels every enrolment the order granted, and nothing else of the buyer', async () => {
    const { student, orderId } = await buyer();
    const [other] = await h.quietly(() => seedCourses(h, instructor, 1, { priceCents: 500 }));
    await h.commerce.service.addCourseToCart(student.viewer, other!);
    const second = await h.commerce.service.checkout(student.viewer, newKey(), 'tok_ok');
    await h.settle();
    await refund(student, orderId);
    await h.settle();
    const status = Object.fromEntries((await enrolmentsOf(h, student.id)).map((e) => [e.courseId, [e.status, e.orderId]]));
    expect(status).toEqual({ [courses[0]!]: ['CANCELLED', orderId], [courses[1]!]: ['CANCELLED', orderId], [other!]: ['ACTIVE', second._id] });
  });

  it('lets the buyer put the courses in the cart and buy them again, which makes the same enrolments ACTIVE again', async () => {
    const { student, orderId } = await buyer();
    const before = await enrolmentsOf(h, student.id);
    await refund(student, orderId);
    const added = await h.gql(ADD, { c: courses[0] }, as(student));
    expect(added.errors).toBeUndefined();
    await h.commerce.service.addCourseToCart(student.viewer, courses[1]!);
    const again = await h.commerce.service.checkout(student.viewer, newKey(), 'tok_ok');
    expect(again).toMatchObject({ status: 'PAID', totalCents: 4_000 });
    await h.settle();
    const after = await enrolmentsOf(h, student.id);
    expect(after.map((e) => [e._id, e.status, e.orderId]).sort()).toEqual(before.map((e) => [e._id, 'ACTIVE', again._id]).sort());
    expect(await owned(student)).toEqual(new Set(courses));
    // Learning's late events of the refunded order, seen again, do not take the new purchase back.
    await h.commerce.consumers.ownership.rebuild();
    expect(await owned(student)).toEqual(new Set(courses));
  });

  it('shows refundableUntil, 14 days after paidAt, while the order is PAID', async () => {
    const { student, orderId } = await buyer();
    const order = (await h.gql(`query($id: ID!) { order(id: $id) { paidAt refundableUntil refundedAt } }`, { id: orderId }, as(student))).data!.order;
    expect(Date.parse(order.refundableUntil) - Date.parse(order.paidAt)).toBe(REFUND_WINDOW_MS);
    expect(order.refundedAt).toBeNull();
  });

  it('is taken within the 14 days, to the last minute', async () => {
    const { student, orderId } = await buyer();
    h.clockOffset = REFUND_WINDOW_MS - 60_000;
    try {
      expect((await refund(student, orderId)).data!.refundOrder.status).toBe('REFUNDED');
    } finally {
      h.clockOffset = 0;
    }
  });
});

describe('who may refund', () => {
  it('another student is FORBIDDEN, and nothing changes', async () => {
    const { orderId } = await buyer();
    const before = await state();
    expect(codeOf(await refund(actor(h, 'STUDENT'), orderId))).toBe('FORBIDDEN');
    expect(await state()).toEqual(before);
  });

  it("the courses' instructor is FORBIDDEN, and nothing changes", async () => {
    const { orderId } = await buyer();
    const before = await state();
    expect(codeOf(await refund(instructor, orderId))).toBe('FORBIDDEN');
    expect(await state()).toEqual(before);
  });

  it('an anonymous caller is UNAUTHENTICATED, and nothing changes', async () => {
    const { orderId } = await buyer();
    const before = await state();
    expect(codeOf(await refund(undefined, orderId))).toBe('UNAUTHENTICATED');
    await expect(h.commerce.service.refundOrder(null, orderId, null)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(await state()).toEqual(before);
  });

  it('the buyer after the 14 days is BAD_USER_INPUT with the date it was paid, and nothing changes', async () => {
    const { student, orderId } = await buyer();
    const before = await state();
    h.clockOffset = REFUND_WINDOW_MS + 60_000;
    try {
      const res = await refund(student, orderId);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0]!.message).toMatch(/within 14 days of payment; this order was paid on \d{4}-\d{2}-\d{2}/);
    } finally {
      h.clockOffset = 0;
    }
    expect(await state()).toEqual(before);
  });

  it('an ADMIN refunds any PAID order, also long after the 14 days, and is recorded as the one who did', async () => {
    const { student, orderId } = await buyer();
    h.clockOffset = 90 * DAY;
    try {
      const res = await refund(admin, orderId, 'Goodwill');
      expect(res.data!.refundOrder).toMatchObject({ id: orderId, status: 'REFUNDED', user: { id: student.id }, refundReason: 'Goodwill' });
    } finally {
      h.clockOffset = 0;
    }
    expect((await eventsOf(h, { type: 'OrderRefunded', aggregateId: orderId }))[0]).toMatchObject({ data: { refundedBy: admin.id } });
    await expectRefundedOnce(student, orderId);
  });
});

describe('what is refused', () => {
  it('an order refunded already is CONFLICT, and nothing changes', async () => {
    const { student, orderId } = await buyer();
    await refund(student, orderId);
    await h.settle();
    const before = await state();
    for (const who of [student, admin]) {
      const res = await refund(who, orderId);
      expect(codeOf(res)).toBe('CONFLICT');
      expect(res.errors![0]!.message).toMatch(/refunded already/);
    }
    expect(await state()).toEqual(before);
  });

  it('a FAILED order is BAD_USER_INPUT (nothing was charged), also for an ADMIN, and nothing changes', async () => {
    const student = actor(h, 'STUDENT');
    await h.commerce.service.addCourseToCart(student.viewer, courses[0]!);
    const failed = await h.commerce.service.checkout(student.viewer, newKey(), 'tok_declined');
    const before = await state();
    for (const who of [student, admin]) {
      const res = await refund(who, failed._id);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0]!.message).toMatch(/nothing was charged/);
    }
    expect(await state()).toEqual(before);
  });

  it('a PENDING order (its checkout interrupted) is CONFLICT, and nothing changes', async () => {
    const student = actor(h, 'STUDENT');
    await h.commerce.service.addCourseToCart(student.viewer, courses[1]!);
    const key = newKey();
    const dying = await h.instance({ faults: (step) => { if (step === 'orderCreated') throw new Error('crash'); } });
    await expect(dying.service.checkout(student.viewer, key, 'tok_ok')).rejects.toThrow('crash');
    await dying.stop();
    const before = await state();
    const res = await refund(student, orderIdFor(student.id, key));
    expect(codeOf(res)).toBe('CONFLICT');
    expect(res.errors![0]!.message).toMatch(/still being paid/);
    expect(await state()).toEqual(before);
  });

  it.each([
    ['an unknown order', 'NOT_FOUND', () => newId()],
    ['a malformed id', 'BAD_USER_INPUT', () => 'not-an-id'],
  ])('%s is %s, and nothing changes', async (_name, code, id) => {
    const { student } = await buyer();
    const before = await state();
    expect(codeOf(await refund(student, id()))).toBe(code);
    expect(await state()).toEqual(before);
  });

  it('a reason over 500 characters is BAD_USER_INPUT, and nothing changes; 500 are taken', async () => {
    const { student, orderId } = await buyer();
    const before = await state();
    const res = await refund(student, orderId, 'x'.repeat(501));
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe('reason');
    expect(await state()).toEqual(before);
    expect((await refund(student, orderId, 'y'.repeat(500))).data!.refundOrder.refundReason).toHaveLength(500);
  });
});

describe('races', () => {
  it('20 concurrent refunds of one order refund it once: one provider refund, one OrderRefunded, each course cancelled once', async () => {
    const { student, orderId } = await buyer();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => refund(i % 2 ? student : admin, orderId)));
    // Each call either took part in the one refund, or came after it and was told it was refunded already.
    const outcomes = results.map((r) => (r.errors ? codeOf(r) : `${r.data!.refundOrder.id} ${r.data!.refundOrder.status}`));
    expect(new Set(outcomes)).toEqual(new Set([`${orderId} REFUNDED`, ...(outcomes.includes('CONFLICT') ? ['CONFLICT'] : [])]));
    await expectRefundedOnce(student, orderId);
  });

  it('two processes refunding the same order side by side, the buyer on one and an ADMIN on the other, refund it once', async () => {
    const { student, orderId } = await buyer();
    // Both meet once each has read the claimed order, so that both run every remaining step at once.
    let arrived = 0;
    const together = async (step: string) => {
      if (step !== 'refundRead') return;
      arrived += 1;
      await vi.waitFor(() => expect(arrived).toBe(2), { timeout: 15_000, interval: 5 });
    };
    const [one, two] = [(await h.instance({ faults: together })).service, (await h.instance({ faults: together })).service];
    const orders = await Promise.all([one.refundOrder(student.viewer, orderId, null), two.refundOrder(admin.viewer, orderId, null)]);
    expect(arrived).toBe(2);
    expect(orders.map((o) => o.status)).toEqual(['REFUNDED', 'REFUNDED']);
    await expectRefundedOnce(student, orderId);
  });
});

class Crash extends Error {}

/** The buyer's refund, killed right after `step` in an instance of its own (as a crash would). */
async function crashAfter(step: RefundStep) {
  const { student, orderId } = await buyer();
  const dying = await h.instance({ faults: (at, id) => { if (at === step && id === orderId) throw new Crash(`crashed after ${at}`); } });
  await expect(dying.service.refundOrder(student.viewer, orderId, 'crash test')).rejects.toBeInstanceOf(Crash);
  await dying.stop();
  return { student, orderId, left: await h.commerce.repository.orders.findOne({ _id: orderId }) };
}

describe('a refund killed after each step', () => {
  it.each(REFUND_STEPS)('after %s: the restart finishes it, once', async (step) => {
    const { student, orderId, left } = await crashAfter(step);
    expect(left!.status).toBe(['refundEventRecorded', 'ownershipReleased'].includes(step) ? 'REFUNDED' : 'PAID');
    const restarted = await h.instance();
    await restarted.stop();
    expect(restarted.resumed.failed).toBe(0);
    await expectRefundedOnce(student, orderId);
  });

  it.each(REFUND_STEPS)('after %s: the buyer asking again (no restart) finishes it just the same', async (step) => {
    const { student, orderId } = await crashAfter(step);
    const res = await refund(student, orderId);
    // Only after the last step was the refund complete: then it is refunded already.
    if (step === 'ownershipReleased') expect(codeOf(res)).toBe('CONFLICT');
    else expect(res.data!.refundOrder).toMatchObject({ id: orderId, status: 'REFUNDED', refundReason: 'crash test' });
    await expectRefundedOnce(student, orderId);
  });

  it('a refund claimed within the 14 days is finished when the buyer asks again after them', async () => {
    const { student, orderId } = await crashAfter('refundClaimed');
    h.clockOffset = 20 * DAY;
    try {
      expect((await refund(student, orderId)).data!.refundOrder.status).toBe('REFUNDED');
    } finally {
      h.clockOffset = 0;
    }
    await expectRefundedOnce(student, orderId);
  });
});
