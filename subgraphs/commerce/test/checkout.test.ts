import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId } from '@lg/platform';
import { orderIdFor } from '../src/index.ts';
import {
  CART, CHECKOUT, actor, as, charges, codeOf, enrolmentsOf, eventsOf, newKey, seedCourse, seedCourses, snapshot, startCommerce,
  type Actor, type CommerceHarness,
} from './harness.ts';

let h: CommerceHarness;
let instructor: Actor;
let a: string;
let b: string;
let c: string;
let spare: string[];
beforeAll(async () => {
  h = await startCommerce();
  instructor = actor(h, 'STUDENT', 'INSTRUCTOR');
  await h.quietly(async () => {
    [a, b, c] = [await seedCourse(h, instructor, { priceCents: 4_900 }), await seedCourse(h, instructor, { priceCents: 2_500 }), await seedCourse(h, instructor, { priceCents: 1_000 })];
    spare = await seedCourses(h, instructor, 6, { priceCents: 700 });
  });
});
afterAll(async () => h?.close());

const checkout = (who: Actor | undefined, key: string, token = 'tok_ok') => h.gql(CHECKOUT, { k: key, t: token }, as(who));
async function withCart(...courses: string[]): Promise<Actor> {
  const student = actor(h, 'STUDENT');
  for (const courseId of courses) await h.commerce.service.addCourseToCart(student.viewer, courseId);
  return student;
}
const cartOf = async (who: Actor) => (await h.gql(CART, {}, as(who))).data!.cart;

describe('a paid checkout', () => {
  it('buys the cart: PAID with paidAt, the items at their prices, the total, an emptied cart and one charge', async () => {
    const student = await withCart(a, b);
    const key = newKey();
    const res = await checkout(student, key);
    expect(res.errors).toBeUndefined();
    const order = res.data!.checkout;
    expect(order).toMatchObject({
      id: orderIdFor(student.id, key), status: 'PAID', totalCents: 7_400, currency: 'USD', failureReason: null, user: { id: student.id },
      items: [{ course: { id: a }, priceCents: 4_900 }, { course: { id: b }, priceCents: 2_500 }],
    });
    expect(Date.parse(order.paidAt)).toBeGreaterThanOrEqual(Date.parse(order.createdAt));
    expect(await cartOf(student)).toEqual({ items: [], subtotalCents: 0, currency: 'USD' });
    expect(await charges(h, order.id)).toMatchObject([{ status: 'SUCCEEDED', amountCents: 7_400, currency: 'USD' }]);
    const stored = await h.commerce.repository.orders.findOne({ _id: order.id });
    expect(stored).toMatchObject({ idempotencyKey: key, outbox: [], steps: { cartCleared: true, eventRecorded: true } });
    expect(stored).not.toHaveProperty('paymentToken');
  });

  it('records OrderPaid once, with the buyer, the order, the total, the currency and the courses', async () => {
    const student = await withCart(a, c);
    const order = (await checkout(student, newKey())).data!.checkout;
    const events = await eventsOf(h, { type: 'OrderPaid', aggregateId: order.id });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ userId: student.id, data: { orderId: order.id, userId: student.id, totalCents: 5_900, currency: 'USD', courseIds: [a, c] } });
    expect(events[0]).not.toHaveProperty('courseId');
  });

  it('grants every course of the order as an enrolment of source ORDER, once each', async () => {
    const student = await withCart(a, b, c);
    const order = (await checkout(student, newKey())).data!.checkout;
    await h.settle();
    const enrolments = await enrolmentsOf(h, student.id);
    expect(enrolments.map((e) => e.courseId).sort()).toEqual([a, b, c].sort());
    expect(enrolments.every((e) => e.source === 'ORDER' && e.orderId === order.id && e.status === 'ACTIVE')).toBe(true);
    expect(await eventsOf(h, { type: 'EnrollmentCreated', userId: student.id })).toHaveLength(3);
    // As the student sees them in learning: each paid course once.
    const mine = await h.learning.service.myEnrollments(student.viewer, 20, null);
    expect(mine.edges.map((e) => e.node.courseId).sort()).toEqual([a, b, c].sort());
  });

  it('answers the same order for the same key again, with nothing charged, recorded or granted twice', async () => {
    const student = await withCart(b);
    const key = newKey();
    const first = (await checkout(student, key)).data!.checkout;
    await h.settle();
    const before = await snapshot(h);
    const again = await checkout(student, key);
    expect(again.data!.checkout).toEqual(first);
    await h.settle();
    expect(await snapshot(h)).toEqual(before);
    expect(await charges(h, first.id)).toHaveLength(1);
  });

  it('charges the price the course has at checkout, not the price it had when added', async () => {
    const courseId = spare[0]!;
    const student = await withCart(courseId);
    await h.catalog.service.updateCourse(instructor.viewer, courseId, { priceCents: 950 });
    await h.settle();
    const order = (await checkout(student, newKey())).data!.checkout;
    expect(order).toMatchObject({ totalCents: 950, items: [{ priceCents: 950 }] });
    expect((await charges(h, order.id))[0]).toMatchObject({ amountCents: 950 });
  });

  it('makes a bought course owned at once: adding it again is CONFLICT, before learning has even granted it', async () => {
    await h.learning.orderGrants.stop();
    try {
      const student = await withCart(spare[1]!);
      await checkout(student, newKey());
      const res = await h.gql(`mutation($c: ID!) { addCourseToCart(courseId: $c) { subtotalCents } }`, { c: spare[1] }, as(student));
      expect(codeOf(res)).toBe('CONFLICT');
      expect(await enrolmentsOf(h, student.id)).toEqual([]);
    } finally {
      h.learning.orderGrants.start();
    }
  });

  it('leaves an item added while the checkout was running in the cart', async () => {
    const student = await withCart(a);
    let added = '';
    const other = await h.instance({
      faults: async (step) => {
        if (step === 'chargeRecorded') added = (await h.commerce.service.addCourseToCart(student.viewer, b)).items.at(-1)!.id;
      },
    });
    const order = await other.service.checkout(student.viewer, newKey(), 'tok_ok');
    expect(order).toMatchObject({ status: 'PAID', totalCents: 4_900 });
    await other.stop();
    expect((await cartOf(student)).items).toEqual([expect.objectContaining({ id: added, course: { id: b } })]);
  });

  it('leaves out a course the buyer came to own meanwhile, and takes it out of the cart with the rest', async () => {
    const student = await withCart(a, b);
    await h.learning.service.grantEnrollment(student.id, a, 'ORDER', newId());
    const order = (await checkout(student, newKey())).data!.checkout;
    expect(order).toMatchObject({ status: 'PAID', totalCents: 2_500, items: [{ course: { id: b } }] });
    expect((await cartOf(student)).items).toEqual([]);
  });

  it('refuses a cart with nothing left to buy with BAD_USER_INPUT, and changes nothing', async () => {
    const student = await withCart(c);
    await h.learning.service.grantEnrollment(student.id, c, 'ORDER', newId());
    await h.settle();
    const before = await snapshot(h);
    const res = await checkout(student, newKey());
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.message).toMatch(/Nothing in your cart is for sale/);
    expect(await snapshot(h)).toEqual(before);
  });
});

describe('a declined payment', () => {
  it('answers the FAILED order with its reason; the cart is kept, nothing is recorded or granted', async () => {
    const student = await withCart(a, b);
    const cartBefore = await cartOf(student);
    const res = await checkout(student, newKey(), 'tok_declined');
    expect(res.errors).toBeUndefined();
    const order = res.data!.checkout;
    expect(order).toMatchObject({ status: 'FAILED', paidAt: null, totalCents: 7_400, failureReason: 'The card was declined.' });
    expect(await cartOf(student)).toEqual(cartBefore);
    expect(await charges(h, order.id)).toMatchObject([{ status: 'DECLINED' }]);
    expect(await eventsOf(h, { type: 'OrderPaid', aggregateId: order.id })).toEqual([]);
    await h.settle();
    expect(await enrolmentsOf(h, student.id)).toEqual([]);
    expect(await h.commerce.repository.orders.findOne({ _id: order.id })).not.toHaveProperty('paymentToken');
  });

  it('the same key keeps answering the FAILED order, even with tok_ok; a new key buys the kept cart', async () => {
    const student = await withCart(c);
    const key = newKey();
    const failed = (await checkout(student, key, 'tok_declined')).data!.checkout;
    expect((await checkout(student, key, 'tok_ok')).data!.checkout).toEqual(failed);
    expect(await charges(h, failed.id)).toHaveLength(1);
    const paid = (await checkout(student, newKey(), 'tok_ok')).data!.checkout;
    expect(paid).toMatchObject({ status: 'PAID', totalCents: 1_000 });
    expect(paid.id).not.toBe(failed.id);
    const mine = (await h.gql(`{ myOrders { totalCount edges { node { id status } } } }`, {}, as(student))).data!.myOrders;
    expect(mine).toEqual({ totalCount: 2, edges: [{ node: { id: paid.id, status: 'PAID' } }, { node: { id: failed.id, status: 'FAILED' } }] });
  });
});

describe('what is refused', () => {
  it.each([
    ['a 7-character key', 'short7c'],
    ['a 101-character key', 'k'.repeat(101)],
    ['a key with a space', 'has a space'],
    ['a key with punctuation', 'semi;colon!'],
    ['an empty key', ''],
  ])('%s is BAD_USER_INPUT and nothing changes', async (_name, key) => {
    const student = await withCart(a);
    const before = await snapshot(h);
    const res = await checkout(student, key);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe('idempotencyKey');
    expect(await snapshot(h)).toEqual(before);
  });

  it('takes keys of exactly 8 and exactly 100 characters', async () => {
    expect((await checkout(await withCart(a), 'A-b_9xyz')).data!.checkout.status).toBe('PAID');
    expect((await checkout(await withCart(a), 'K'.repeat(100))).data!.checkout.status).toBe('PAID');
  });

  it.each([
    ['an unknown token', 'tok_nope'],
    ['an empty token', ''],
    ['a 10 000-character token', 'x'.repeat(10_000)],
  ])('%s is BAD_USER_INPUT and nothing changes', async (_name, token) => {
    const student = await withCart(a);
    const before = await snapshot(h);
    const res = await checkout(student, newKey(), token);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe('paymentToken');
    expect(await snapshot(h)).toEqual(before);
  });

  it('an empty cart is BAD_USER_INPUT and nothing changes, whether it never had items or they were removed', async () => {
    const never = actor(h, 'STUDENT');
    const emptied = await withCart(a);
    const cart = (await h.commerce.service.cart(emptied.viewer));
    await h.commerce.service.removeFromCart(emptied.viewer, cart.items[0]!.id);
    const before = await snapshot(h);
    for (const who of [never, emptied]) {
      const res = await checkout(who, newKey());
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0]!.message).toMatch(/cart is empty/);
    }
    expect(await snapshot(h)).toEqual(before);
  });

  it('an anonymous caller is UNAUTHENTICATED and nothing changes', async () => {
    const before = await snapshot(h);
    expect(codeOf(await checkout(undefined, newKey()))).toBe('UNAUTHENTICATED');
    expect(await snapshot(h)).toEqual(before);
  });
});

describe('retries and races', () => {
  it('20 concurrent checkouts with one key make one order, one charge and one OrderPaid, and all answer that order', async () => {
    const student = await withCart(a, b);
    const key = newKey();
    const results = await Promise.all(Array.from({ length: 20 }, () => checkout(student, key)));
    expect(results.map(codeOf)).toEqual(results.map(() => undefined));
    const orders = results.map((r) => r.data!.checkout);
    expect(new Set(orders.map((o) => o.id))).toEqual(new Set([orderIdFor(student.id, key)]));
    expect(orders.every((o) => o.status === 'PAID' && o.totalCents === 7_400)).toBe(true);
    expect(await h.commerce.repository.orders.countDocuments({ userId: student.id })).toBe(1);
    expect(await charges(h, orders[0].id)).toHaveLength(1);
    expect(await eventsOf(h, { type: 'OrderPaid', userId: student.id })).toHaveLength(1);
    await h.settle();
    expect((await enrolmentsOf(h, student.id)).map((e) => e.courseId).sort()).toEqual([a, b].sort());
  });

  it('20 concurrent checkouts with one key and a declined token make one FAILED order and one charge', async () => {
    const student = await withCart(c);
    const key = newKey();
    const results = await Promise.all(Array.from({ length: 20 }, () => checkout(student, key, 'tok_declined')));
    expect(new Set(results.map((r) => `${r.data?.checkout.id} ${r.data?.checkout.status}`))).toEqual(new Set([`${orderIdFor(student.id, key)} FAILED`]));
    expect(await charges(h, orderIdFor(student.id, key))).toHaveLength(1);
    expect((await cartOf(student)).items).toHaveLength(1);
  });

  it('checkouts of one cart with five different keys at once charge it once: one buys it, the others find it empty', async () => {
    const student = await withCart(a, c);
    const results = await Promise.all(Array.from({ length: 5 }, () => checkout(student, newKey())));
    const paid = results.filter((r) => r.errors === undefined);
    expect(paid).toHaveLength(1);
    expect(paid[0]!.data!.checkout).toMatchObject({ status: 'PAID', totalCents: 5_900 });
    expect(results.filter((r) => codeOf(r) === 'BAD_USER_INPUT')).toHaveLength(4);
    expect(await h.commerce.repository.orders.countDocuments({ userId: student.id })).toBe(1);
    expect(await charges(h, paid[0]!.data!.checkout.id)).toHaveLength(1);
  });

  it('two processes running every step of the same PENDING order side by side charge it once and record one OrderPaid', async () => {
    const student = await withCart(spare[2]!, spare[3]!);
    const key = newKey();
    // Two processes are up. They meet once each has read the PENDING order (so both see it
    // uncharged, however slow the machine) and again once each has recorded the charge, so that
    // both run the remaining steps (cart, PAID with its event) at the same moment.
    const arrivedAt = { orderRead: 0, chargeRecorded: 0 };
    const together = async (step: string) => {
      if (step !== 'orderRead' && step !== 'chargeRecorded') return;
      arrivedAt[step] += 1;
      await vi.waitFor(() => expect(arrivedAt[step]).toBe(2), { timeout: 15_000, interval: 5 });
    };
    const [one, two] = [(await h.instance({ faults: together })).service, (await h.instance({ faults: together })).service];
    // A third claims the cart, creates the order and dies before charging.
    const crashing = await h.instance({ faults: (step) => { if (step === 'orderCreated') throw new Error('crash'); } });
    await expect(crashing.service.checkout(student.viewer, key, 'tok_ok')).rejects.toThrow('crash');
    await crashing.stop();
    expect(await h.commerce.repository.orders.findOne({ _id: orderIdFor(student.id, key) })).toMatchObject({ status: 'PENDING', steps: {} });
    // The client retries, and its retries reach both live processes at once.
    const orders = await Promise.all([one.checkout(student.viewer, key, 'tok_ok'), two.checkout(student.viewer, key, 'tok_ok')]);
    expect(arrivedAt).toEqual({ orderRead: 2, chargeRecorded: 2 });
    expect(new Set(orders.map((o) => `${o._id} ${o.status}`))).toEqual(new Set([`${orderIdFor(student.id, key)} PAID`]));
    expect(await charges(h, orders[0]!._id)).toHaveLength(1);
    expect(await eventsOf(h, { type: 'OrderPaid', aggregateId: orders[0]!._id })).toHaveLength(1);
    expect((await cartOf(student)).items).toEqual([]);
    await h.settle();
    expect(await eventsOf(h, { type: 'EnrollmentCreated', userId: student.id })).toHaveLength(2);
  });

  it('two processes resuming the same PENDING order at the same moment charge it once', async () => {
    const student = await withCart(spare[4]!);
    const key = newKey();
    const crashing = await h.instance({ faults: (step) => { if (step === 'orderCreated') throw new Error('crash'); } });
    await expect(crashing.service.checkout(student.viewer, key, 'tok_ok')).rejects.toThrow('crash');
    await crashing.stop();
    // Two instances whose start-up runs at once: both find the order PENDING and finish it.
    const instances = await Promise.all([h.instance(), h.instance()]);
    expect(instances.reduce((n, i) => n + i.resumed.finished, 0)).toBeGreaterThanOrEqual(1);
    const order = await h.commerce.repository.orders.findOne({ _id: orderIdFor(student.id, key) });
    expect(order).toMatchObject({ status: 'PAID', outbox: [] });
    expect(await charges(h, order!._id)).toHaveLength(1);
    expect(await eventsOf(h, { type: 'OrderPaid', aggregateId: order!._id })).toHaveLength(1);
    await h.settle();
    expect(await enrolmentsOf(h, student.id)).toHaveLength(1);
  });
});
