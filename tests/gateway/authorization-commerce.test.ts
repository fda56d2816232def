import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { UNKNOWN_ID, askTwice, later, matrixOf, resultOf } from '../support/matrix.ts';
import { expiredTokenFor, signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// Every commerce field of the API, asked through the running gateway by each of six callers.
// `owner` bought SOLD (a PAID order), then was declined for IN_CART (a FAILED order; the course
// stays in their cart); `student` has CHOSEN in their cart and no order; `otherStudent` has
// nothing; `instructor` teaches every course sold here. The reads see the set-up only; the bad
// inputs come next and change nothing; the writes come last.

const callers = ['anonymous', 'student', 'owner', 'otherStudent', 'instructor', 'admin'] as const;
type Caller = (typeof callers)[number];
type Person = Exclude<Caller, 'anonymous'>;
const matrix = matrixOf<Caller>({
  actors: callers,
  labels: {
    anonymous: 'an anonymous caller',
    student: 'a student with a course in their cart',
    owner: "the order's buyer",
    otherStudent: 'another student',
    instructor: "the courses' instructor",
    admin: 'an ADMIN',
  },
});

const SOLD = 'Commerce sold course';
const IN_CART = 'Commerce declined course';
const CHOSEN = 'Commerce chosen course';
const TO_ADD = 'Commerce added course';
const TO_BUY = 'Commerce bought course';
const TO_DECLINE = 'Commerce refused course';

interface Course { id: string; title: string; priceCents: number }
interface Item { id: string; addedAt: string }
interface OrderSeen { id: string; createdAt: string; paidAt: string | null }

let t: TestStack;
let people: Record<Person, TestUser>;
let courses: Record<'sold' | 'inCart' | 'chosen' | 'toAdd' | 'toBuy' | 'toDecline' | 'free' | 'draft' | 'euro', Course>;
let paid: OrderSeen;
let failed: OrderSeen;
let ownerItem: Item;
let studentItem: Item;

const CART_FIELDS = 'items { id priceCents addedAt course { id title } } subtotalCents currency';
const ORDER_FIELDS = 'id status totalCents currency createdAt paidAt failureReason user { id displayName email } items { priceCents course { id title instructor { displayName } } }';
const CART = `{ cart { ${CART_FIELDS} } }`;
const ADD = `mutation($c: ID!) { addCourseToCart(courseId: $c) { ${CART_FIELDS} } }`;
const REMOVE = `mutation($i: ID!) { removeFromCart(itemId: $i) { ${CART_FIELDS} } }`;
const CHECKOUT = `mutation($k: String!, $t: String!) { checkout(idempotencyKey: $k, paymentToken: $t) { ${ORDER_FIELDS} } }`;
const ORDER = `query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`;

const as = (a: Caller, query: string, variables: Record<string, unknown> = {}) =>
  askTwice(t.gql, query, variables, a === 'anonymous' ? {} : { token: people[a].token });
async function ok(a: Person, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await as(a, query, variables);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

beforeAll(async () => {
  t = await startTestStack();
  people = {
    student: await signUp(t, [], 'Commerce Student'),
    owner: await signUp(t, [], 'Commerce Owner'),
    otherStudent: await signUp(t, [], 'Commerce Other Student'),
    instructor: await signUp(t, ['INSTRUCTOR'], 'Commerce Instructor'),
    admin: await signUp(t, ['ADMIN'], 'Commerce Admin'),
  };
  const course = async (title: string, priceCents: number, { publish = true, currency = 'USD' } = {}): Promise<Course> =>
    ({ id: (await createCourse(t, people.instructor, { title, priceCents, currency }, { publish })).id, title, priceCents });
  // Made at once: the database does one thing at a time anyway, but the requests overlap.
  const [sold, inCart, chosen, toAdd, toBuy, toDecline, free, draft, euro] = await Promise.all([
    course(SOLD, 5_000), course(IN_CART, 2_000), course(CHOSEN, 4_000), course(TO_ADD, 1_500), course(TO_BUY, 1_000), course(TO_DECLINE, 700),
    course('Commerce free course', 0), course('Commerce draft course', 2_500, { publish: false }), course('Commerce euro course', 3_000, { currency: 'EUR' }),
  ]);
  courses = { sold, inCart, chosen, toAdd, toBuy, toDecline, free, draft, euro };
  await ok('owner', ADD, { c: courses.sold.id });
  paid = (await ok('owner', CHECKOUT, { k: 'setup-paid-order', t: 'tok_ok' })).checkout;
  ownerItem = (await ok('owner', ADD, { c: courses.inCart.id })).addCourseToCart.items[0];
  failed = (await ok('owner', CHECKOUT, { k: 'setup-failed-order', t: 'tok_declined' })).checkout;
  studentItem = (await ok('student', ADD, { c: courses.chosen.id })).addCourseToCart.items[0];
  if (!paid.paidAt || failed.paidAt) throw new Error(`The set-up orders are not PAID and FAILED: ${JSON.stringify({ paid, failed })}`);
});
afterAll(async () => t?.close());

const each = <T>(value: T) => Object.fromEntries(callers.map((a) => [a, value])) as Record<Caller, T>;
/** `signedIn` for everyone signed in, UNAUTHENTICATED for the anonymous caller. */
const forSignedIn = (signedIn: unknown) => ({ ...each(signedIn), anonymous: 'UNAUTHENTICATED' });
/** The order's buyer and ADMIN read an order; anyone else signed in is FORBIDDEN. */
const buyerAndAdmin = (value: unknown) => ({
  anonymous: 'UNAUTHENTICATED', student: 'FORBIDDEN', owner: value, otherStudent: 'FORBIDDEN', instructor: 'FORBIDDEN', admin: value,
});
const EMPTY_CART = { items: [], subtotalCents: 0, currency: 'USD' };
const itemOf = (item: Item, course: Course) => ({ id: item.id, priceCents: course.priceCents, addedAt: item.addedAt, course: { id: course.id, title: course.title } });

/** An order as its buyer and ADMIN read it, every field. */
const orderOf = (seen: OrderSeen, status: string, bought: Course[], failureReason: string | null) => ({
  id: seen.id, status, totalCents: bought.reduce((sum, c) => sum + c.priceCents, 0), currency: 'USD', createdAt: seen.createdAt, paidAt: seen.paidAt,
  failureReason, user: { id: people.owner.id, displayName: 'Commerce Owner', email: people.owner.email },
  items: bought.map((c) => ({ priceCents: c.priceCents, course: { id: c.id, title: c.title, instructor: { displayName: 'Commerce Instructor' } } })),
});

matrix('commerce reads through the gateway, for each caller', [
  {
    name: "cart is the caller's own cart, priced now, and an empty one in USD for someone who added nothing",
    run: async (a) => resultOf(await as(a, `{ cart { items { course { title } priceCents } subtotalCents currency } }`), (d) => d.cart),
    expect: {
      ...forSignedIn(EMPTY_CART),
      student: { items: [{ course: { title: CHOSEN }, priceCents: 4_000 }], subtotalCents: 4_000, currency: 'USD' },
      owner: { items: [{ course: { title: IN_CART }, priceCents: 2_000 }], subtotalCents: 2_000, currency: 'USD' },
    },
    words: {
      student: 'their chosen course at 4000 cents', owner: 'their declined course at 2000 cents',
      otherStudent: 'an empty cart in USD', instructor: 'an empty cart in USD', admin: 'an empty cart in USD',
    },
  },
  {
    name: "CartItem fields are those of the caller's own items: id, course, current price and when it was added",
    run: async (a) => resultOf(await as(a, CART), (d) => d.cart.items),
    expect: {
      ...forSignedIn([]),
      student: later(() => [itemOf(studentItem, courses.chosen)]),
      owner: later(() => [itemOf(ownerItem, courses.inCart)]),
    },
    words: { student: 'every field of their item', owner: 'every field of their item', otherStudent: 'none', instructor: 'none', admin: 'none' },
  },
  {
    name: "myOrders lists the caller's own orders, newest first (an ADMIN's own too)",
    run: async (a) => resultOf(await as(a, `{ myOrders { totalCount pageInfo { hasNextPage } edges { node { id status totalCents } } } }`), (d) => d.myOrders),
    expect: {
      ...forSignedIn({ totalCount: 0, pageInfo: { hasNextPage: false }, edges: [] }),
      owner: later(() => ({
        totalCount: 2, pageInfo: { hasNextPage: false },
        edges: [{ node: { id: failed.id, status: 'FAILED', totalCents: 2_000 } }, { node: { id: paid.id, status: 'PAID', totalCents: 5_000 } }],
      })),
    },
    words: { owner: 'their FAILED order, then their PAID one', student: 'none', otherStudent: 'none', instructor: 'none', admin: 'none' },
  },
  {
    name: 'order(id) of a paid order shows every field, its user and its courses to its buyer and an ADMIN only',
    run: async (a) => resultOf(await as(a, ORDER, { id: paid.id }), (d) => d.order),
    expect: buyerAndAdmin(later(() => orderOf(paid, 'PAID', [courses.sold], null))),
    words: { owner: 'the PAID order', admin: 'the PAID order' },
  },
  {
    name: 'order(id) of a declined order shows why, with no paidAt, to its buyer and an ADMIN only',
    run: async (a) => resultOf(await as(a, ORDER, { id: failed.id }), (d) => d.order),
    expect: buyerAndAdmin(later(() => orderOf(failed, 'FAILED', [courses.inCart], 'The card was declined.'))),
    words: { owner: 'the FAILED order', admin: 'the FAILED order' },
  },
  {
    name: 'order(id) of an unknown id is null for anyone signed in',
    run: async (a) => resultOf(await as(a, `query($id: ID!) { order(id: $id) { id } }`, { id: UNKNOWN_ID }), (d) => d.order),
    expect: forSignedIn(null),
  },
  {
    name: 'order(id) of a malformed id is BAD_USER_INPUT for anyone signed in',
    run: async (a) => resultOf(await as(a, `query($id: ID!) { order(id: $id) { id } }`, { id: 'not-an-id' }), (d) => d.order),
    expect: forSignedIn('BAD_USER_INPUT'),
  },
]);

// ------------------------------------------------------------------------------------ bad inputs

/** What a refused call must leave as it was: the three students' carts and orders, seen through the gateway, and the charges. */
async function state() {
  const seen: Record<string, unknown> = {};
  for (const who of ['student', 'owner', 'otherStudent'] as const)
    seen[who] = await ok(who, `{ cart { items { id course { id } } subtotalCents currency } myOrders(first: 100) { totalCount edges { node { id status } } } }`);
  const charges = t.platform.db.collection('commerce_test_charges');
  seen.charges = { succeeded: await charges.countDocuments({ status: 'SUCCEEDED' }), declined: await charges.countDocuments({ status: 'DECLINED' }) };
  return seen;
}

interface BadInput {
  name: string;
  who: Person;
  query: string;
  variables?: () => Record<string, unknown>;
  /** A code, or the value picked from the answer. */
  expect: unknown;
  pick?: (data: any) => unknown;
  /** Words for an expected value that is not a code. */
  words?: string;
  /** Another bearer token than the caller's. */
  token?: () => Promise<string> | string;
}

const add = (name: string, courseId: () => string, code: string): BadInput =>
  ({ name: `addCourseToCart ${name}`, who: 'owner', query: ADD, variables: () => ({ c: courseId() }), expect: code });
const remove = (name: string, itemId: () => string, code: string): BadInput =>
  ({ name: `removeFromCart ${name}`, who: 'owner', query: REMOVE, variables: () => ({ i: itemId() }), expect: code });
const checkout = (name: string, key: string, token: string, who: Person = 'owner'): BadInput =>
  ({ name: `checkout ${name}`, who, query: `mutation($k: String!, $t: String!) { checkout(idempotencyKey: $k, paymentToken: $t) { id } }`, variables: () => ({ k: key, t: token }), expect: 'BAD_USER_INPUT' });
const refundOf = (name: string, id: () => string, code: string, reason?: string): BadInput =>
  ({ name: `refundOrder ${name}`, who: 'owner', query: `mutation($id: ID!, $r: String) { refundOrder(id: $id, reason: $r) { id } }`, variables: () => ({ id: id(), r: reason }), expect: code });
const ordersPage = (name: string, variables: Record<string, unknown>): BadInput =>
  ({ name: `myOrders ${name}`, who: 'owner', query: `query($f: Int, $a: String) { myOrders(first: $f, after: $a) { totalCount } }`, variables: () => variables, expect: 'BAD_USER_INPUT' });
const cursor = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');

const badInputs: BadInput[] = [
  add('with a malformed course id', () => 'not-an-id', 'BAD_USER_INPUT'),
  add('with a 10 000-character course id', () => 'x'.repeat(10_000), 'BAD_USER_INPUT'),
  add('of an unknown course', () => UNKNOWN_ID, 'NOT_FOUND'),
  add('of a draft course', () => courses.draft.id, 'NOT_FOUND'),
  add('of a free course', () => courses.free.id, 'BAD_USER_INPUT'),
  add('of a course the caller bought already', () => courses.sold.id, 'CONFLICT'),
  add('of a course already in the cart', () => courses.inCart.id, 'CONFLICT'),
  add('of a course in EUR while the cart is in USD', () => courses.euro.id, 'BAD_USER_INPUT'),
  remove('with a malformed item id', () => 'not-an-id', 'BAD_USER_INPUT'),
  remove('of an unknown item id', () => UNKNOWN_ID, 'NOT_FOUND'),
  remove("of an item in someone else's cart", () => studentItem.id, 'NOT_FOUND'),
  remove("with a course's id instead of its item's", () => courses.inCart.id, 'NOT_FOUND'),
  checkout('with an idempotency key of 7 characters', 'abcdefg', 'tok_ok'),
  checkout('with an idempotency key of 101 characters', 'k'.repeat(101), 'tok_ok'),
  checkout('with an empty idempotency key', '', 'tok_ok'),
  checkout('with spaces in the idempotency key', 'my purchase 1', 'tok_ok'),
  checkout('with letters outside A-Z in the idempotency key', 'achat-numéro-1', 'tok_ok'),
  checkout('with an unknown payment token', 'bad-token-unknown', 'tok_unknown'),
  checkout('with a payment token in the wrong case', 'bad-token-case', 'TOK_OK'),
  checkout('with an empty payment token', 'bad-token-empty', ''),
  checkout('with a 10 000-character payment token', 'bad-token-huge', `tok_ok${'x'.repeat(10_000)}`),
  checkout('of an empty cart', 'empty-cart-1', 'tok_ok', 'otherStudent'),
  {
    name: 'checkout without a payment token', who: 'owner', expect: 'BAD_USER_INPUT',
    query: `mutation { checkout(idempotencyKey: "no-token-given") { id } }`,
  },
  {
    name: 'checkout with the key of the declined order, now with tok_ok', words: 'that FAILED order again, and nothing is charged', who: 'owner', query: CHECKOUT, variables: () => ({ k: 'setup-failed-order', t: 'tok_ok' }),
    pick: (d) => ({ id: d.checkout.id, status: d.checkout.status }), expect: later(() => ({ id: failed.id, status: 'FAILED' })),
  },
  {
    name: 'checkout with an unknown bearer token', who: 'owner', expect: 'UNAUTHENTICATED', token: () => 'not.a.token',
    query: `mutation { checkout(idempotencyKey: "unknown-bearer", paymentToken: "tok_ok") { id } }`,
  },
  {
    name: "checkout with the buyer's expired token", who: 'owner', expect: 'UNAUTHENTICATED',
    token: () => expiredTokenFor(t, people.owner.id), query: `mutation { checkout(idempotencyKey: "expired-bearer", paymentToken: "tok_ok") { id } }`,
  },
  refundOf('of a declined order (nothing was charged)', () => failed.id, 'BAD_USER_INPUT'),
  refundOf('of an unknown order', () => UNKNOWN_ID, 'NOT_FOUND'),
  refundOf('with a malformed id', () => 'not-an-id', 'BAD_USER_INPUT'),
  refundOf('with a reason of 501 characters', () => paid.id, 'BAD_USER_INPUT', 'r'.repeat(501)),
  ordersPage('with first: -1', { f: -1 }),
  ordersPage('with first: 101', { f: 101 }),
  ordersPage('with first: 3000000000, beyond a GraphQL Int', { f: 3_000_000_000 }),
  ordersPage('with first: "ten"', { f: 'ten' }),
  ordersPage('after a cursor that is not base64 JSON', { a: '!!!not a cursor' }),
  ordersPage('after a cursor of another list', { a: cursor([UNKNOWN_ID]) }),
  ordersPage('after a cursor with a date that is not one', { a: cursor(['yesterday', UNKNOWN_ID]) }),
  ordersPage('after a 600-character cursor', { a: 'A'.repeat(600) }),
];

describe('commerce bad inputs through the gateway: each answered with its code, and carts, orders and charges stay as they were', () => {
  for (const row of badInputs) {
    it(`${row.name}: ${row.words ?? String(row.expect)}`, async () => {
      const before = await state();
      const token = row.token ? await row.token() : people[row.who].token;
      const res = await t.gql(row.query, row.variables?.() ?? {}, { token });
      const expected = typeof row.expect === 'function' ? (row.expect as () => unknown)() : row.expect;
      expect(resultOf(res, row.pick ?? ((d) => d))).toEqual(expected);
      if (row.expect === 'UNAUTHENTICATED') expect(res.status).toBe(401);
      expect(await state()).toEqual(before);
    });
  }

  it('addCourseToCart of a 21st course is BAD_USER_INPUT, and the cart keeps its 20', async () => {
    const collector = await signUp(t, [], 'Commerce Collector');
    const twenty = await Promise.all(Array.from({ length: 21 }, (_, i) => createCourse(t, people.instructor, { title: `Commerce shelf course ${i + 1}`, priceCents: 100 })));
    for (const c of twenty.slice(0, 20)) {
      const res = await t.gql(`mutation($c: ID!) { addCourseToCart(courseId: $c) { subtotalCents } }`, { c: c.id }, { token: collector.token });
      expect(res.errors).toBeUndefined();
    }
    const before = await t.gql(`{ cart { items { id } subtotalCents } }`, {}, { token: collector.token });
    expect(before.data!.cart.subtotalCents).toBe(2_000);
    const res = await t.gql(ADD, { c: twenty[20]!.id }, { token: collector.token });
    expect(resultOf(res, (d) => d)).toBe('BAD_USER_INPUT');
    expect((await t.gql(`{ cart { items { id } subtotalCents } }`, {}, { token: collector.token })).data).toEqual(before.data);
  });
});

// ---------------------------------------------------------------------------------------- writes

/** The titles of the courses in a caller's cart, oldest first. */
const cartOf = async (a: Person) => (await ok(a, CART)).cart.items.map((i: any) => i.course.title) as string[];
/** Carts, orders and charges in the whole database: what an anonymous call must not change. */
const stored = async () => {
  const db = t.platform.db;
  return { carts: await db.collection('commerce_carts').countDocuments(), orders: await db.collection('commerce_orders').countDocuments(), charges: await db.collection('commerce_test_charges').countDocuments() };
};
/** The anonymous caller's cell: its code, and how much the database holds more after the call (nothing). */
const anonymously = async (call: () => Promise<unknown>) => {
  const before = await stored();
  const outcome = await call();
  const after = await stored();
  return { outcome, added: { carts: after.carts - before.carts, orders: after.orders - before.orders, charges: after.charges - before.charges } };
};
const NOTHING_ADDED = { outcome: 'UNAUTHENTICATED', added: { carts: 0, orders: 0, charges: 0 } };
const signedInWords = (words: string) => ({ student: words, owner: words, otherStudent: words, instructor: words, admin: words });
let key = 0;
const newKey = (a: Caller) => `matrix-${a}-${(key += 1)}-${Date.now()}`;

matrix('commerce writes through the gateway, for each caller', [
  {
    name: "addCourseToCart puts the course in the caller's own cart, and the same course a second time is CONFLICT",
    run: async (a) => {
      if (a === 'anonymous') return anonymously(async () => resultOf(await as(a, ADD, { c: courses.toAdd.id }), () => 'added'));
      const first = (await ok(a, ADD, { c: courses.toAdd.id })).addCourseToCart;
      const again = resultOf(await as(a, ADD, { c: courses.toAdd.id }), () => 'added twice');
      return { cart: first.items.map((i: any) => [i.course.title, i.priceCents]), subtotalCents: first.subtotalCents, again, after: await cartOf(a) };
    },
    expect: {
      anonymous: NOTHING_ADDED,
      student: { cart: [[CHOSEN, 4_000], [TO_ADD, 1_500]], subtotalCents: 5_500, again: 'CONFLICT', after: [CHOSEN, TO_ADD] },
      owner: { cart: [[IN_CART, 2_000], [TO_ADD, 1_500]], subtotalCents: 3_500, again: 'CONFLICT', after: [IN_CART, TO_ADD] },
      ...Object.fromEntries((['otherStudent', 'instructor', 'admin'] as const).map((a) =>
        [a, { cart: [[TO_ADD, 1_500]], subtotalCents: 1_500, again: 'CONFLICT', after: [TO_ADD] }])),
    } as Record<Caller, unknown>,
    words: { anonymous: 'UNAUTHENTICATED, and no cart is stored', ...signedInWords('the course added to their own cart once, CONFLICT the second time') },
  },
  {
    name: "removeFromCart of an item in someone else's cart is NOT_FOUND, even for an ADMIN, and that cart keeps it",
    // Everyone tries the buyer's item; the buyer tries the student's.
    run: async (a) => {
      const [item, victim] = a === 'owner' ? [studentItem, 'student' as const] : [ownerItem, 'owner' as const];
      return [resultOf(await as(a, REMOVE, { i: item.id }), () => 'removed'), await cartOf(victim)];
    },
    expect: { ...each(['NOT_FOUND', [IN_CART, TO_ADD]]), anonymous: ['UNAUTHENTICATED', [IN_CART, TO_ADD]], owner: ['NOT_FOUND', [CHOSEN, TO_ADD]] },
    words: {
      anonymous: "UNAUTHENTICATED, and the buyer's cart keeps the item", owner: "NOT_FOUND, and the student's cart keeps the item",
      ...Object.fromEntries((['student', 'otherStudent', 'instructor', 'admin'] as const).map((a) => [a, "NOT_FOUND, and the buyer's cart keeps the item"])),
    },
  },
  {
    name: "removeFromCart of the caller's own item takes it out of their cart",
    // Each removes the item the first row added; the anonymous caller tries the buyer's.
    run: async (a) => {
      const whose: Person = a === 'anonymous' ? 'owner' : a;
      const item = (await ok(whose, CART)).cart.items.find((i: any) => i.course.id === courses.toAdd.id);
      const outcome = resultOf(await as(a, REMOVE, { i: item.id }), (d) => ({ cart: d.removeFromCart.items.map((i: any) => i.course.title), subtotalCents: d.removeFromCart.subtotalCents }));
      return a === 'anonymous' ? [outcome, await cartOf('owner')] : outcome;
    },
    expect: {
      ...each({ cart: [], subtotalCents: 0 }),
      anonymous: ['UNAUTHENTICATED', [IN_CART, TO_ADD]],
      student: { cart: [CHOSEN], subtotalCents: 4_000 },
      owner: { cart: [IN_CART], subtotalCents: 2_000 },
    },
    words: { anonymous: "UNAUTHENTICATED, and the buyer's cart keeps the item", ...signedInWords('their cart without the item') },
  },
  {
    name: "checkout buys the caller's own cart: a PAID order of their own, one charge, the same order for the same key, and an empty cart",
    run: async (a) => {
      if (a === 'anonymous') return anonymously(async () => resultOf(await as(a, CHECKOUT, { k: newKey(a), t: 'tok_ok' }), () => 'bought'));
      await ok(a, ADD, { c: courses.toBuy.id });
      const before = await stored();
      const k = newKey(a);
      const order = (await ok(a, CHECKOUT, { k, t: 'tok_ok' })).checkout;
      const again = (await ok(a, CHECKOUT, { k, t: 'tok_ok' })).checkout;
      return {
        status: order.status, mine: order.user.id === people[a].id, items: order.items.map((i: any) => [i.course.title, i.priceCents]), totalCents: order.totalCents,
        sameOrderForTheKey: again.id === order.id && again.status === 'PAID', cartAfter: await cartOf(a), charges: (await stored()).charges - before.charges,
      };
    },
    expect: {
      anonymous: NOTHING_ADDED,
      student: { status: 'PAID', mine: true, items: [[CHOSEN, 4_000], [TO_BUY, 1_000]], totalCents: 5_000, sameOrderForTheKey: true, cartAfter: [], charges: 1 },
      owner: { status: 'PAID', mine: true, items: [[IN_CART, 2_000], [TO_BUY, 1_000]], totalCents: 3_000, sameOrderForTheKey: true, cartAfter: [], charges: 1 },
      ...Object.fromEntries((['otherStudent', 'instructor', 'admin'] as const).map((a) =>
        [a, { status: 'PAID', mine: true, items: [[TO_BUY, 1_000]], totalCents: 1_000, sameOrderForTheKey: true, cartAfter: [], charges: 1 }])),
    } as Record<Caller, unknown>,
    words: { anonymous: 'UNAUTHENTICATED, and no order or charge is stored', ...signedInWords('their cart bought once, charged once') },
  },
  {
    name: 'checkout with a declined payment answers a FAILED order with its reason and keeps the cart',
    run: async (a) => {
      if (a === 'anonymous') return anonymously(async () => resultOf(await as(a, CHECKOUT, { k: newKey(a), t: 'tok_declined' }), () => 'declined'));
      await ok(a, ADD, { c: courses.toDecline.id });
      const order = (await ok(a, CHECKOUT, { k: newKey(a), t: 'tok_declined' })).checkout;
      return { status: order.status, mine: order.user.id === people[a].id, paidAt: order.paidAt, failureReason: order.failureReason, totalCents: order.totalCents, cartAfter: await cartOf(a) };
    },
    expect: {
      ...each({ status: 'FAILED', mine: true, paidAt: null, failureReason: 'The card was declined.', totalCents: 700, cartAfter: [TO_DECLINE] }),
      anonymous: NOTHING_ADDED,
    },
    words: { anonymous: 'UNAUTHENTICATED, and no order or charge is stored', ...signedInWords('a FAILED order of their own, and the course stays in their cart') },
  },
  {
    name: "myOrders after the writes lists each caller's own orders only, newest first",
    run: async (a) => resultOf(await as(a, `{ myOrders { edges { node { status user { id } } } } }`),
      (d) => d.myOrders.edges.map((e: any) => [e.node.status, e.node.user.id === people[a as Person].id])),
    expect: {
      ...forSignedIn([['FAILED', true], ['PAID', true]]),
      owner: [['FAILED', true], ['PAID', true], ['FAILED', true], ['PAID', true]],
    },
    words: { ...signedInWords('their declined order, then their paid one'), owner: 'their two new orders, then their two set-up orders' },
  },
  {
    name: "refundOrder of someone else's PAID order is FORBIDDEN and it stays PAID, except for an ADMIN; of the caller's own order (within 14 days) it is REFUNDED",
    // The buyer's newest PAID order is tried by everyone else (the ADMIN, last, refunds it); the
    // buyer tries another student's (who comes later), and refunds the set-up order. Each signed-in
    // caller refunds their own newest PAID one.
    run: async (a) => {
      const newestPaid = async (p: Person) =>
        ((await ok(p, `{ myOrders { edges { node { id status } } } }`)).myOrders.edges as { node: { id: string; status: string } }[]).find((e) => e.node.status === 'PAID')!.node.id;
      const target = await newestPaid(a === 'owner' ? 'otherStudent' : 'owner');
      const refund = async (id: string) => resultOf(await as(a, `mutation($id: ID!) { refundOrder(id: $id) { status } }`, { id }), (d) => d.refundOrder.status);
      const tried = await refund(target);
      const targetAfter = (await ok('admin', `query($id: ID!) { order(id: $id) { status } }`, { id: target })).order.status;
      if (a === 'anonymous') return { tried, targetAfter };
      const own = await refund(a === 'owner' ? paid.id : await newestPaid(a));
      return { tried, targetAfter, own };
    },
    expect: {
      anonymous: { tried: 'UNAUTHENTICATED', targetAfter: 'PAID' },
      ...Object.fromEntries((['student', 'owner', 'otherStudent', 'instructor'] as const).map((a) => [a, { tried: 'FORBIDDEN', targetAfter: 'PAID', own: 'REFUNDED' }])),
      admin: { tried: 'REFUNDED', targetAfter: 'REFUNDED', own: 'REFUNDED' },
    } as Record<Caller, unknown>,
    words: {
      anonymous: "UNAUTHENTICATED, and the buyer's order stays PAID",
      ...Object.fromEntries((['student', 'owner', 'otherStudent', 'instructor'] as const).map((a) => [a, 'FORBIDDEN for the other order, which stays PAID; their own REFUNDED'])),
      admin: "the buyer's order REFUNDED, and their own",
    },
  },
]);
