import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor, newId } from '@lg/platform';
import { MY_ORDERS, ORDER, ORDER_FIELDS, actor, as, codeOf, newKey, seedCourses, startCommerce, type Actor, type CommerceHarness } from './harness.ts';

let h: CommerceHarness;
let buyer: Actor;
let courses: string[];
/** The buyer's orders, oldest first: five paid (one course each) and one declined. */
const orders: { id: string; status: string }[] = [];
beforeAll(async () => {
  h = await startCommerce();
  const instructor = actor(h, 'INSTRUCTOR');
  courses = await h.quietly(() => seedCourses(h, instructor, 6, { priceCents: 1_100 }));
  buyer = actor(h, 'STUDENT');
  for (const [i, courseId] of courses.entries()) {
    await h.commerce.service.addCourseToCart(buyer.viewer, courseId);
    const order = await h.commerce.service.checkout(buyer.viewer, newKey(), i === 3 ? 'tok_declined' : 'tok_ok');
    if (i === 3) await h.commerce.service.removeFromCart(buyer.viewer, (await h.commerce.service.cart(buyer.viewer)).items[0]!.id);
    orders.push({ id: order._id, status: order.status });
  }
});
afterAll(async () => h?.close());

const myOrders = (who: Actor | undefined, variables: Record<string, unknown> = {}) => h.gql(MY_ORDERS, variables, as(who));
const newestFirst = () => [...orders].reverse().map((o) => o.id);

describe('myOrders', () => {
  it("lists the viewer's own orders, newest first, PAID and FAILED alike, with their total count", async () => {
    const res = await myOrders(buyer);
    expect(res.errors).toBeUndefined();
    const list = res.data!.myOrders;
    expect(list.totalCount).toBe(6);
    expect(list.edges.map((e: any) => e.node.id)).toEqual(newestFirst());
    expect(list.edges.map((e: any) => e.node.status)).toEqual(['PAID', 'PAID', 'FAILED', 'PAID', 'PAID', 'PAID']);
    expect(list.pageInfo).toEqual({ hasNextPage: false, endCursor: list.edges[5].cursor });
  });

  it('pages with first and after, every order once, the total on every page', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 3; page += 1) {
      const list: any = (await myOrders(buyer, { first: 2, after })).data!.myOrders;
      expect(list.totalCount).toBe(6);
      seen.push(...list.edges.map((e: any) => e.node.id));
      expect(list.pageInfo.hasNextPage).toBe(page < 2);
      after = list.pageInfo.endCursor;
    }
    expect(seen).toEqual(newestFirst());
  });

  it('first: 0 answers the count without orders', async () => {
    expect((await myOrders(buyer, { first: 0 })).data!.myOrders).toEqual({ totalCount: 6, pageInfo: { hasNextPage: true, endCursor: null }, edges: [] });
  });

  it('is empty for someone who never ordered', async () => {
    expect((await myOrders(actor(h, 'STUDENT'))).data!.myOrders).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
  });

  it.each([
    ['a negative page size', { first: -1 }],
    ['a page size over 100', { first: 101 }],
    ['a page size beyond a 32-bit integer', { first: 2 ** 31 }],
    ['a cursor that is not one', { after: 'not-a-cursor' }],
    ['a cursor of another shape', { after: encodeCursor([newId()]) }],
    ['a cursor with a bad date', { after: encodeCursor(['yesterday', newId()]) }],
    ['a cursor with a bad id', { after: encodeCursor([new Date().toISOString(), 'x']) }],
  ])('%s is BAD_USER_INPUT', async (_name, variables) => {
    expect(codeOf(await myOrders(buyer, variables))).toBe('BAD_USER_INPUT');
  });

  it('an anonymous caller is UNAUTHENTICATED', async () => {
    expect(codeOf(await myOrders(undefined))).toBe('UNAUTHENTICATED');
  });
});

describe('order', () => {
  it('answers its buyer the order with every field', async () => {
    const res = await h.gql(ORDER, { id: orders[0]!.id }, as(buyer));
    expect(res.errors).toBeUndefined();
    expect(res.data!.order).toMatchObject({
      id: orders[0]!.id, status: 'PAID', totalCents: 1_100, currency: 'USD', failureReason: null, user: { id: buyer.id },
      items: [{ priceCents: 1_100, course: { id: courses[0] } }],
    });
  });

  it('answers an ADMIN any order, and anyone else FORBIDDEN', async () => {
    expect((await h.gql(ORDER, { id: orders[3]!.id }, as(actor(h, 'ADMIN')))).data!.order).toMatchObject({ status: 'FAILED' });
    for (const who of [actor(h, 'STUDENT'), actor(h, 'INSTRUCTOR')]) expect(codeOf(await h.gql(ORDER, { id: orders[3]!.id }, as(who)))).toBe('FORBIDDEN');
  });

  it('is null for an unknown id and BAD_USER_INPUT for a malformed one', async () => {
    const unknown = await h.gql(ORDER, { id: newId() }, as(buyer));
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data!.order).toBeNull();
    const malformed = await h.gql(ORDER, { id: 'order-1' }, as(buyer));
    expect(codeOf(malformed)).toBe('BAD_USER_INPUT');
    expect(malformed.errors![0]!.extensions!.field).toBe('id');
  });

  it('as an entity reference: its buyer and ADMIN get it, anyone else (and a bad id) null, several in one query', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { ${ORDER_FIELDS} } } }`;
    const r = [orders[0]!.id, orders[1]!.id, newId(), 'bad'].map((id) => ({ __typename: 'Order', id }));
    const mine = await h.gql(query, { r }, as(buyer));
    expect(mine.errors).toBeUndefined();
    expect(mine.data!._entities.map((o: any) => o?.id ?? null)).toEqual([orders[0]!.id, orders[1]!.id, null, null]);
    const admin = await h.gql(query, { r }, as(actor(h, 'ADMIN')));
    expect(admin.data!._entities.map((o: any) => o?.id ?? null)).toEqual([orders[0]!.id, orders[1]!.id, null, null]);
    const other = await h.gql(query, { r }, as(actor(h, 'STUDENT')));
    expect(other.data!._entities).toEqual([null, null, null, null]);
    const anonymous = await h.gql(query, { r });
    expect(anonymous.data!._entities).toEqual([null, null, null, null]);
  });
});

describe('the subgraph schema', () => {
  it('declares Order an entity and refers to Course and User without resolving them', async () => {
    const sdl = (await h.gql(`{ _service { sdl } }`)).data!._service.sdl as string;
    expect(sdl).toMatch(/type Order @key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Course @key\(fields: "id", resolvable: false\)/);
    expect(sdl).toMatch(/type User @key\(fields: "id", resolvable: false\)/);
  });
});
