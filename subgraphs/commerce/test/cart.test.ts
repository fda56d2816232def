import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@lg/platform';
import { ADD, CART, REMOVE, actor, as, codeOf, eventsOf, seedCourse, seedCourses, snapshot, startCommerce, type Actor, type CommerceHarness } from './harness.ts';

let h: CommerceHarness;
let instructor: Actor;
let paid: string;
let pricier: string;
let free: string;
let draft: string;
let euros: string;
/** 21 courses at 1.00 USD (a full cart and one more), then 16 at 2.00 USD for the races. */
let cheap: string[];
let racing: string[];
beforeAll(async () => {
  h = await startCommerce();
  instructor = actor(h, 'STUDENT', 'INSTRUCTOR');
  await h.quietly(async () => {
    paid = await seedCourse(h, instructor, { priceCents: 4_900 });
    pricier = await seedCourse(h, instructor, { priceCents: 12_500 });
    free = await seedCourse(h, instructor, { priceCents: 0 });
    draft = await seedCourse(h, instructor, { publish: false });
    euros = await seedCourse(h, instructor, { priceCents: 3_000, currency: 'EUR' });
    cheap = await seedCourses(h, instructor, 21, { priceCents: 100 });
    racing = await seedCourses(h, instructor, 16, { priceCents: 200 });
  });
});
afterAll(async () => h?.close());

const add = (courseId: string, who: Actor) => h.gql(ADD, { c: courseId }, as(who));
const cartOf = async (who: Actor) => (await h.gql(CART, {}, as(who))).data!.cart;

describe('the cart', () => {
  it('is empty, in USD, for someone who never added anything', async () => {
    const res = await h.gql(CART, {}, as(actor(h, 'STUDENT')));
    expect(res.errors).toBeUndefined();
    expect(res.data!.cart).toEqual({ items: [], subtotalCents: 0, currency: 'USD' });
  });

  it('holds a published paid course with its price, and sums the prices, oldest item first', async () => {
    const student = actor(h, 'STUDENT');
    const first = await add(paid, student);
    expect(first.errors).toBeUndefined();
    expect(first.data!.addCourseToCart).toMatchObject({ items: [{ priceCents: 4_900, course: { id: paid } }], subtotalCents: 4_900, currency: 'USD' });
    const second = (await add(pricier, student)).data!.addCourseToCart;
    expect(second.items.map((i: any) => i.course.id)).toEqual([paid, pricier]);
    expect(second.subtotalCents).toBe(17_400);
    expect(Date.parse(second.items[0].addedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(await cartOf(student)).toEqual(second);
  });

  it('prices every item from the course as it is now, never as it was when added', async () => {
    const student = actor(h, 'STUDENT');
    const courseId = await seedCourse(h, instructor, { priceCents: 1_000 });
    await add(courseId, student);
    await h.catalog.service.updateCourse(instructor.viewer, courseId, { priceCents: 1_750 });
    await h.settle();
    expect(await cartOf(student)).toMatchObject({ items: [{ priceCents: 1_750 }], subtotalCents: 1_750 });
  });

  it('takes a course published a moment ago, even with the course consumer stopped', async () => {
    await h.commerce.consumers.courses.stop();
    try {
      const courseId = await seedCourse(h, instructor);
      expect(await h.commerce.repository.courses.findOne({ _id: courseId })).toBeNull();
      const res = await add(courseId, actor(h, 'STUDENT'));
      expect(res.errors).toBeUndefined();
      expect(await h.commerce.repository.courses.findOne({ _id: courseId })).toMatchObject({ status: 'PUBLISHED', priceCents: 4_900 });
    } finally {
      h.commerce.consumers.courses.start();
    }
  });

  it('sees a price set a moment ago on a free course, with the consumer stopped', async () => {
    const courseId = await seedCourse(h, instructor, { priceCents: 0 });
    await h.settle();
    await h.commerce.consumers.courses.stop();
    try {
      await h.catalog.service.updateCourse(instructor.viewer, courseId, { priceCents: 2_000 });
      const res = await add(courseId, actor(h, 'STUDENT'));
      expect(res.errors).toBeUndefined();
      expect(res.data!.addCourseToCart.subtotalCents).toBe(2_000);
    } finally {
      h.commerce.consumers.courses.start();
    }
  });
});

describe('what cannot be added', () => {
  it.each([
    ['a free course', 'BAD_USER_INPUT', () => free, /enrol for free/],
    ['an unpublished course', 'NOT_FOUND', () => draft, /not found/],
    ['an unknown course', 'NOT_FOUND', () => newId(), /not found/],
    ['a malformed course id', 'BAD_USER_INPUT', () => 'not-an-id', /courseId/],
  ])('%s is %s and nothing changes', async (_name, code, courseId, message) => {
    const student = actor(h, 'STUDENT');
    await add(pricier, student);
    const before = await snapshot(h);
    const res = await add(courseId(), student);
    expect(codeOf(res)).toBe(code);
    expect(res.errors![0]!.message).toMatch(message);
    if (code === 'BAD_USER_INPUT') expect(res.errors![0]!.extensions!.field).toBe('courseId');
    expect(await snapshot(h)).toEqual(before);
  });

  it('a course already in the cart is CONFLICT and the cart keeps one item of it', async () => {
    const student = actor(h, 'STUDENT');
    await add(paid, student);
    const before = await snapshot(h);
    const res = await add(paid, student);
    expect(codeOf(res)).toBe('CONFLICT');
    expect(res.errors![0]!.message).toMatch(/in your cart already/);
    expect(await snapshot(h)).toEqual(before);
  });

  it('a course the viewer owns (granted by learning a moment ago) is CONFLICT', async () => {
    const student = actor(h, 'STUDENT');
    await h.learning.service.grantEnrollment(student.id, paid, 'ORDER', newId());
    const before = await snapshot(h);
    const res = await add(paid, student);
    expect(codeOf(res)).toBe('CONFLICT');
    expect(res.errors![0]!.message).toMatch(/own this course/);
    expect(await snapshot(h)).toEqual(before);
  });

  it('a course the viewer enrolled in for free before it was priced is owned: CONFLICT', async () => {
    const student = actor(h, 'STUDENT');
    const courseId = await seedCourse(h, instructor, { priceCents: 0 });
    await h.learning.service.enrollInFreeCourse(student.viewer, courseId);
    await h.catalog.service.updateCourse(instructor.viewer, courseId, { priceCents: 900 });
    expect(codeOf(await add(courseId, student))).toBe('CONFLICT');
  });

  it('a course in another currency than the cart is BAD_USER_INPUT; alone it is welcome', async () => {
    const student = actor(h, 'STUDENT');
    await add(paid, student);
    const before = await snapshot(h);
    const res = await add(euros, student);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.message).toMatch(/USD.*EUR/);
    expect(await snapshot(h)).toEqual(before);
    const other = actor(h, 'STUDENT');
    expect((await add(euros, other)).data!.addCourseToCart).toMatchObject({ currency: 'EUR', subtotalCents: 3_000 });
  });

  it('a 21st course is BAD_USER_INPUT: a cart holds at most 20', async () => {
    const student = actor(h, 'STUDENT');
    const many = cheap;
    for (const courseId of many.slice(0, 20)) expect((await h.commerce.service.addCourseToCart(student.viewer, courseId)).items.length).toBeGreaterThan(0);
    const before = await snapshot(h);
    const res = await add(many[20]!, student);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.message).toMatch(/at most 20/);
    expect(await snapshot(h)).toEqual(before);
    expect((await cartOf(student)).items).toHaveLength(20);
  });

  it('an anonymous caller is UNAUTHENTICATED and nothing changes', async () => {
    const before = await snapshot(h);
    expect(codeOf(await h.gql(ADD, { c: paid }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await h.gql(CART))).toBe('UNAUTHENTICATED');
    expect(await snapshot(h)).toEqual(before);
  });
});

describe('removing from the cart', () => {
  it('takes the item out and answers the cart without it', async () => {
    const student = actor(h, 'STUDENT');
    await add(paid, student);
    const cart = (await add(pricier, student)).data!.addCourseToCart;
    const res = await h.gql(REMOVE, { i: cart.items[0].id }, as(student));
    expect(res.errors).toBeUndefined();
    expect(res.data!.removeFromCart).toMatchObject({ items: [{ id: cart.items[1].id, course: { id: pricier } }], subtotalCents: 12_500 });
    // And the course can be added again, as a new item.
    const again = (await add(paid, student)).data!.addCourseToCart;
    expect(again.items.map((i: any) => i.course.id)).toEqual([pricier, paid]);
    expect(again.items[1].id).not.toBe(cart.items[0].id);
  });

  it.each([
    ['an item id that is in no cart', 'NOT_FOUND', () => newId()],
    ['an item removed already', 'NOT_FOUND', () => 'removed'],
    ['a malformed item id', 'BAD_USER_INPUT', () => 'item-1'],
  ])('%s is %s and nothing changes', async (_name, code, itemId) => {
    const student = actor(h, 'STUDENT');
    const cart = (await add(paid, student)).data!.addCourseToCart;
    let id = itemId();
    if (id === 'removed') {
      id = cart.items[0].id;
      await h.gql(REMOVE, { i: id }, as(student));
    }
    const before = await snapshot(h);
    const res = await h.gql(REMOVE, { i: id }, as(student));
    expect(codeOf(res)).toBe(code);
    if (code === 'BAD_USER_INPUT') expect(res.errors![0]!.extensions!.field).toBe('itemId');
    expect(await snapshot(h)).toEqual(before);
  });

  it('every add and remove logs CartChanged with the courses the cart then holds', async () => {
    const student = actor(h, 'STUDENT');
    await add(paid, student);
    const cart = (await add(pricier, student)).data!.addCourseToCart;
    await h.gql(REMOVE, { i: cart.items[0].id }, as(student));
    const logged = await eventsOf(h, { type: 'CartChanged', userId: student.id });
    expect(logged.map((e) => e.data)).toEqual([
      { userId: student.id, courseIds: [paid] }, { userId: student.id, courseIds: [paid, pricier] }, { userId: student.id, courseIds: [pricier] },
    ]);
    expect((await h.commerce.repository.carts.findOne({ _id: student.id }))!.outbox).toEqual([]);
  });

  it("someone else's item is NOT_FOUND, and their cart stays as it was", async () => {
    const owner = actor(h, 'STUDENT');
    const thief = actor(h, 'STUDENT');
    const theirs = (await add(paid, owner)).data!.addCourseToCart;
    await add(pricier, thief);
    const before = await snapshot(h);
    const res = await h.gql(REMOVE, { i: theirs.items[0].id }, as(thief));
    expect(codeOf(res)).toBe('NOT_FOUND');
    expect(await snapshot(h)).toEqual(before);
    expect(await cartOf(owner)).toEqual(theirs);
  });
});

describe('racing cart writes', () => {
  it('ten racing adds of one course leave one item; the others are told it is in the cart', async () => {
    const student = actor(h, 'STUDENT');
    const results = await Promise.all(Array.from({ length: 10 }, () => add(paid, student)));
    expect(results.filter((r) => r.errors === undefined)).toHaveLength(1);
    expect(results.filter((r) => codeOf(r) === 'CONFLICT')).toHaveLength(9);
    expect((await cartOf(student)).items).toHaveLength(1);
  });

  it('ten racing adds of different courses all land, none lost', async () => {
    const student = actor(h, 'STUDENT');
    const courses = racing.slice(0, 10);
    const results = await Promise.all(courses.map((c) => add(c, student)));
    expect(results.map(codeOf)).toEqual(courses.map(() => undefined));
    const cart = await cartOf(student);
    expect(cart.items.map((i: any) => i.course.id).sort()).toEqual([...courses].sort());
    expect(cart.subtotalCents).toBe(2_000);
  });

  it('racing adds and removes keep every add that was answered and drop every remove that was', async () => {
    const student = actor(h, 'STUDENT');
    const courses = racing.slice(10);
    const kept = (await h.commerce.service.addCourseToCart(student.viewer, courses[0]!)).items[0]!.id;
    const gone = (await h.commerce.service.addCourseToCart(student.viewer, courses[1]!)).items[1]!.id;
    const results = await Promise.all([
      h.gql(REMOVE, { i: gone }, as(student)),
      ...courses.slice(2).map((c) => add(c, student)),
    ]);
    expect(results.map(codeOf)).toEqual(results.map(() => undefined));
    const ids = (await cartOf(student)).items.map((i: any) => i.id);
    expect(ids).toContain(kept);
    expect(ids).not.toContain(gone);
    expect(ids).toHaveLength(5);
  });
});
