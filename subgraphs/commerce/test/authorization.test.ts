import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKOUT, MY_ORDERS, ORDER, ORDER_FIELDS, actor, codeOf, newKey, seedCourse, snapshot, startCommerce, type Actor, type CommerceHarness } from './harness.ts';

// Every commerce field, asked by each of the six callers of the matrix. `owner` bought `sold` (the
// order under test) and has `forSale` in the cart; `instructor` teaches every course; `student`
// and `otherStudent` have bought nothing.
type Caller = 'anonymous' | 'student' | 'owner' | 'otherStudent' | 'instructor' | 'admin';
const callers: Caller[] = ['anonymous', 'student', 'owner', 'otherStudent', 'instructor', 'admin'];
const OK = undefined;

let h: CommerceHarness;
let people: Record<Exclude<Caller, 'anonymous'>, Actor>;
let sold: string;
let forSale: string;
let toAdd: string;
let toBuy: string;
let orderId: string;
let ownerItem: string;
beforeAll(async () => {
  h = await startCommerce();
  people = {
    student: actor(h, 'STUDENT'),
    owner: actor(h, 'STUDENT'),
    otherStudent: actor(h, 'STUDENT'),
    instructor: actor(h, 'STUDENT', 'INSTRUCTOR'),
    admin: actor(h, 'STUDENT', 'ADMIN'),
  };
  await h.quietly(async () => {
    sold = await seedCourse(h, people.instructor, { priceCents: 5_000 });
    forSale = await seedCourse(h, people.instructor, { priceCents: 2_000 });
    toAdd = await seedCourse(h, people.instructor, { priceCents: 3_000 });
    toBuy = await seedCourse(h, people.instructor, { priceCents: 4_000 });
  });
  await h.commerce.service.addCourseToCart(people.owner.viewer, sold);
  orderId = (await h.commerce.service.checkout(people.owner.viewer, newKey(), 'tok_ok'))._id;
  ownerItem = (await h.commerce.service.addCourseToCart(people.owner.viewer, forSale)).items[0]!.id;
});
afterAll(async () => h?.close());

const person = (who: Caller) => (who === 'anonymous' ? undefined : people[who]);
const ask = (who: Caller, query: string, variables: Record<string, unknown> = {}) => h.gql(query, variables, { token: person(who)?.token });
const signedIn = (who: Caller) => (who === 'anonymous' ? 'UNAUTHENTICATED' : OK);

describe('queries', () => {
  it.each(callers)("cart as %s: the caller's own cart, UNAUTHENTICATED when anonymous", async (who) => {
    const res = await ask(who, `{ cart { subtotalCents items { id course { id } } } }`);
    expect(codeOf(res)).toBe(signedIn(who));
    if (who !== 'anonymous')
      expect(res.data!.cart).toEqual(who === 'owner' ? { subtotalCents: 2_000, items: [{ id: ownerItem, course: { id: forSale } }] } : { subtotalCents: 0, items: [] });
  });

  it.each(callers)("myOrders as %s: the caller's own orders only (an ADMIN's too), UNAUTHENTICATED when anonymous", async (who) => {
    const res = await ask(who, MY_ORDERS);
    expect(codeOf(res)).toBe(signedIn(who));
    if (who !== 'anonymous') expect(res.data!.myOrders.edges.map((e: any) => e.node.id)).toEqual(who === 'owner' ? [orderId] : []);
  });

  const readsOrder: Record<Caller, string | undefined> = {
    anonymous: 'UNAUTHENTICATED', student: 'FORBIDDEN', owner: OK, otherStudent: 'FORBIDDEN', instructor: 'FORBIDDEN', admin: OK,
  };
  it.each(callers)("order of the owner's order as %s: its buyer and ADMIN only", async (who) => {
    const res = await ask(who, ORDER, { id: orderId });
    expect(codeOf(res)).toBe(readsOrder[who]);
    if (readsOrder[who]) expect(res.data?.order ?? null).toBeNull();
    else expect(res.data!.order).toMatchObject({ id: orderId, status: 'PAID', user: { id: people.owner.id }, items: [{ course: { id: sold }, priceCents: 5_000 }] });
  });

  it.each(callers)('an Order reference as %s: its buyer and ADMIN read it, anyone else gets null', async (who) => {
    const res = await ask(who, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { ${ORDER_FIELDS} } } }`,
      { r: [{ __typename: 'Order', id: orderId }] });
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities[0]).toEqual(readsOrder[who] ? null : expect.objectContaining({ id: orderId, totalCents: 5_000 }));
  });
});

describe('mutations', () => {
  it.each(callers)("addCourseToCart as %s: into the caller's own cart, UNAUTHENTICATED when anonymous", async (who) => {
    const before = await snapshot(h);
    const res = await ask(who, `mutation($c: ID!) { addCourseToCart(courseId: $c) { items { course { id } } } }`, { c: toAdd });
    expect(codeOf(res)).toBe(signedIn(who));
    if (who === 'anonymous') expect(await snapshot(h)).toEqual(before);
    else expect(res.data!.addCourseToCart.items.map((i: any) => i.course.id)).toEqual(who === 'owner' ? [forSale, toAdd] : [toAdd]);
  });

  // The owner goes last: everyone else tries to remove the owner's item while it is there.
  const removers: Caller[] = ['anonymous', 'student', 'otherStudent', 'instructor', 'admin', 'owner'];
  const removes: Record<Caller, string | undefined> = {
    anonymous: 'UNAUTHENTICATED', student: 'NOT_FOUND', otherStudent: 'NOT_FOUND', instructor: 'NOT_FOUND', admin: 'NOT_FOUND', owner: OK,
  };
  it.each(removers)("removeFromCart of the owner's item as %s: only the owner removes it; for anyone else it is NOT_FOUND and nothing changes", async (who) => {
    const before = await snapshot(h);
    const res = await ask(who, `mutation($i: ID!) { removeFromCart(itemId: $i) { items { id } } }`, { i: ownerItem });
    expect(codeOf(res)).toBe(removes[who]);
    if (removes[who]) expect(await snapshot(h)).toEqual(before);
    else expect(res.data!.removeFromCart.items.map((i: any) => i.id)).not.toContain(ownerItem);
  });

  it.each(callers)("checkout as %s: buys the caller's own cart, UNAUTHENTICATED when anonymous", async (who) => {
    const viewer = person(who)?.viewer;
    if (viewer) await h.commerce.service.addCourseToCart(viewer, toBuy);
    const before = await snapshot(h);
    const res = await ask(who, CHECKOUT, { k: newKey(), t: 'tok_ok' });
    expect(codeOf(res)).toBe(signedIn(who));
    if (who === 'anonymous') expect(await snapshot(h)).toEqual(before);
    else expect(res.data!.checkout).toMatchObject({ status: 'PAID', user: { id: people[who].id }, totalCents: 7_000 });
  });

  it('the service refuses an anonymous viewer on every use case, for callers that do not come through GraphQL', async () => {
    const service = h.commerce.service;
    for (const call of [
      () => service.cart(null),
      () => service.addCourseToCart(null, toAdd),
      () => service.removeFromCart(null, ownerItem),
      () => service.checkout(null, newKey(), 'tok_ok'),
      () => service.myOrders(null, 20, null),
      () => service.order(null, orderId, service.loaders()),
    ]) await expect(call()).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});
