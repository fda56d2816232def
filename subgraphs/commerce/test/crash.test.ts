import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKOUT_STEPS, orderIdFor, type CheckoutStep } from '../src/index.ts';
import { CART, CHECKOUT, actor, as, charges, enrolmentsOf, eventsOf, newKey, seedCourses, startCommerce, type Actor, type CommerceHarness } from './harness.ts';

// A checkout is killed right after each of its steps (a fault hook that throws there, as a crash
// would), then a new commerce instance starts on the same database, as after a restart. Its
// start-up must finish the checkout: exactly one charge, one OrderPaid, each paid course enrolled
// exactly once by learning (running in-process), the cart emptied of what was bought; or, for a
// declined payment, a FAILED order, the cart kept and nothing granted.

let h: CommerceHarness;
let courses: string[];
beforeAll(async () => {
  h = await startCommerce();
  const instructor = actor(h, 'INSTRUCTOR');
  courses = await h.quietly(() => seedCourses(h, instructor, 2, { priceCents: 3_300 }));
});
afterAll(async () => h?.close());

class Crash extends Error {}

/** A student with both courses in the cart, whose checkout dies right after `step`; then a restart. */
async function crashAfter(step: CheckoutStep, token: 'tok_ok' | 'tok_declined') {
  const student = actor(h, 'STUDENT');
  for (const courseId of courses) await h.commerce.service.addCourseToCart(student.viewer, courseId);
  const key = newKey();
  const orderId = orderIdFor(student.id, key);
  const dying = await h.instance({ faults: (at, id) => { if (at === step && id === orderId) throw new Crash(`crashed after ${at}`); } });
  await expect(dying.service.checkout(student.viewer, key, token)).rejects.toBeInstanceOf(Crash);
  await dying.stop();
  const left = await h.commerce.repository.orders.findOne({ _id: orderId });
  // The restart: its start-up alone finishes the checkout (its consumers are not needed here).
  const restarted = await h.instance();
  await restarted.stop();
  return { student, key, orderId, left, restarted };
}

async function expectBoughtOnce(student: Actor, orderId: string) {
  const order = await h.commerce.repository.orders.findOne({ _id: orderId });
  expect(order).toMatchObject({ status: 'PAID', totalCents: 6_600, outbox: [], steps: { cartCleared: true, eventRecorded: true } });
  expect(order!.paidAt).toBeInstanceOf(Date);
  expect(await charges(h, orderId)).toMatchObject([{ status: 'SUCCEEDED', amountCents: 6_600 }]);
  expect(await eventsOf(h, { type: 'OrderPaid', aggregateId: orderId })).toHaveLength(1);
  expect(await h.commerce.repository.carts.findOne({ _id: student.id })).toMatchObject({ items: [], checkout: null });
  await h.settle();
  const enrolments = await enrolmentsOf(h, student.id);
  expect(enrolments.map((e) => e.courseId).sort()).toEqual([...courses].sort());
  expect(enrolments.every((e) => e.orderId === orderId)).toBe(true);
  expect(await eventsOf(h, { type: 'EnrollmentCreated', userId: student.id })).toHaveLength(2);
}

const PAID_STEPS = CHECKOUT_STEPS.filter((s) => s !== 'cartReleased');
const DECLINED_STEPS = CHECKOUT_STEPS.filter((s) => s !== 'cartCleared' && s !== 'eventRecorded');

describe('a paid checkout killed after each step', () => {
  it.each(PAID_STEPS)('after %s: the restart finishes it, one charge, one OrderPaid, each course enrolled once', async (step) => {
    const { student, key, orderId, left, restarted } = await crashAfter(step, 'tok_ok');
    // What the crash left: no order yet after the claim, a PENDING one after the later steps, PAID with its event unsent after the last.
    if (step === 'cartClaimed') expect(left).toBeNull();
    else expect(left!.status).toBe(step === 'eventRecorded' ? 'PAID' : 'PENDING');
    expect(restarted.resumed.failed).toBe(0);
    await expectBoughtOnce(student, orderId);
    // The client's retry with its key answers the order, and changes nothing.
    const retry = await h.gql(CHECKOUT, { k: key, t: 'tok_ok' }, as(student));
    expect(retry.data!.checkout).toMatchObject({ id: orderId, status: 'PAID' });
    await expectBoughtOnce(student, orderId);
  });

  it.each(PAID_STEPS)('after %s: the client retrying with its key (no restart) finishes it just the same', async (step) => {
    const student = actor(h, 'STUDENT');
    for (const courseId of courses) await h.commerce.service.addCourseToCart(student.viewer, courseId);
    const key = newKey();
    const orderId = orderIdFor(student.id, key);
    const dying = await h.instance({ faults: (at, id) => { if (at === step && id === orderId) throw new Crash(at); } });
    await expect(dying.service.checkout(student.viewer, key, 'tok_ok')).rejects.toBeInstanceOf(Crash);
    await dying.stop();
    const retry = await h.gql(CHECKOUT, { k: key, t: 'tok_ok' }, as(student));
    expect(retry.errors).toBeUndefined();
    expect(retry.data!.checkout).toMatchObject({ id: orderId, status: 'PAID', totalCents: 6_600 });
    await expectBoughtOnce(student, orderId);
  });
});

describe('a declined checkout killed after each step', () => {
  it.each(DECLINED_STEPS)('after %s: the restart ends it FAILED, one charge, the cart kept and released, nothing granted', async (step) => {
    const { student, orderId } = await crashAfter(step, 'tok_declined');
    const order = await h.commerce.repository.orders.findOne({ _id: orderId });
    expect(order).toMatchObject({ status: 'FAILED', failureReason: 'The card was declined.', steps: { cartReleased: true } });
    expect(order).not.toHaveProperty('paymentToken');
    expect(await charges(h, orderId)).toMatchObject([{ status: 'DECLINED' }]);
    const cart = (await h.gql(CART, {}, as(student))).data!.cart;
    expect(cart.items.map((i: any) => i.course.id)).toEqual(courses);
    expect(await h.commerce.repository.carts.findOne({ _id: student.id })).toMatchObject({ checkout: null });
    await h.settle();
    expect(await enrolmentsOf(h, student.id)).toEqual([]);
    expect(await eventsOf(h, { type: 'OrderPaid', aggregateId: orderId })).toEqual([]);
    // The kept cart can be bought with a new key.
    const paid = (await h.gql(CHECKOUT, { k: newKey(), t: 'tok_ok' }, as(student))).data!.checkout;
    expect(paid).toMatchObject({ status: 'PAID', totalCents: 6_600 });
  });
});

describe('a checkout interrupted while another key waits', () => {
  it('a second key finishes the interrupted checkout of the cart first, then finds nothing left to buy', async () => {
    const student = actor(h, 'STUDENT');
    for (const courseId of courses) await h.commerce.service.addCourseToCart(student.viewer, courseId);
    const first = newKey();
    const dying = await h.instance({ faults: (at) => { if (at === 'charged') throw new Crash(at); } });
    await expect(dying.service.checkout(student.viewer, first, 'tok_ok')).rejects.toBeInstanceOf(Crash);
    await dying.stop();
    const res = await h.gql(CHECKOUT, { k: newKey(), t: 'tok_ok' }, as(student));
    expect(res.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    await expectBoughtOnce(student, orderIdFor(student.id, first));
  });
});
