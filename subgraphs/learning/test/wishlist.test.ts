import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@lg/platform';
import { WishlistChanged } from '@lg/events';
import { actor, codeOf, learningEvents, seedCourse, snapshot, startLearning, type Actor, type LearningHarness } from './harness.ts';

let h: LearningHarness;
let instructor: Actor;
let courses: string[];
let draft: string;
let paid: string;
beforeAll(async () => {
  h = await startLearning();
  instructor = actor(h, 'STUDENT', 'INSTRUCTOR');
  courses = [];
  for (let i = 0; i < 3; i += 1) courses.push((await seedCourse(h, instructor)).courseId);
  paid = (await seedCourse(h, instructor, { priceCents: 2500 })).courseId;
  draft = (await seedCourse(h, instructor, { publish: false })).courseId;
});
afterAll(async () => h?.close());

const ADD = `mutation($courseId: ID!) { addToWishlist(courseId: $courseId) }`;
const REMOVE = `mutation($courseId: ID!) { removeFromWishlist(courseId: $courseId) }`;
const LIST = `{ myWishlist { __typename id viewerHasWishlisted } }`;
const add = (who: Actor | undefined, courseId: string) => h.gql(ADD, { courseId }, { token: who?.token });
const remove = (who: Actor | undefined, courseId: string) => h.gql(REMOVE, { courseId }, { token: who?.token });
const list = async (who: Actor) => {
  const res = await h.gql(LIST, {}, { token: who.token });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return (res.data!.myWishlist as { id: string }[]).map((c) => c.id);
};

describe('the wishlist', () => {
  it('a student wishlists published courses, free or paid, and sees them most recently added first', async () => {
    const student = actor(h, 'STUDENT');
    for (const courseId of [courses[0]!, paid, courses[2]!]) expect((await add(student, courseId)).data!.addToWishlist).toBe(true);
    expect(await list(student)).toEqual([courses[2], paid, courses[0]]);
    const res = await h.gql(LIST, {}, { token: student.token });
    expect(res.data!.myWishlist[0]).toEqual({ __typename: 'Course', id: courses[2], viewerHasWishlisted: true });
  });

  it('adding twice keeps one entry and answers true', async () => {
    const student = actor(h, 'STUDENT');
    await add(student, courses[0]!);
    expect((await add(student, courses[0]!)).data!.addToWishlist).toBe(true);
    expect(await h.learning.repository.wishlist.countDocuments({ userId: student.id })).toBe(1);
  });

  it('racing adds of one course keep one entry', async () => {
    const student = actor(h, 'STUDENT');
    const results = await Promise.all(Array.from({ length: 8 }, () => add(student, courses[1]!)));
    expect(results.every((r) => r.data?.addToWishlist === true)).toBe(true);
    expect(await h.learning.repository.wishlist.countDocuments({ userId: student.id })).toBe(1);
  });

  it('removing answers true, also for a course that was never wishlisted', async () => {
    const student = actor(h, 'STUDENT');
    await add(student, courses[0]!);
    await add(student, courses[1]!);
    expect((await remove(student, courses[0]!)).data!.removeFromWishlist).toBe(true);
    expect((await remove(student, courses[0]!)).data!.removeFromWishlist).toBe(true);
    expect((await remove(student, newId())).data!.removeFromWishlist).toBe(true);
    expect(await list(student)).toEqual([courses[1]]);
  });

  it('adding, removing and adding again each log one WishlistChanged, and leave one entry', async () => {
    const student = actor(h, 'STUDENT');
    await add(student, courses[0]!);
    await add(student, courses[0]!);
    await remove(student, courses[0]!);
    await remove(student, courses[0]!);
    await add(student, courses[0]!);
    const logged = await learningEvents(h, 'WishlistChanged', { userId: student.id });
    expect(logged.map((e) => e.data.wishlisted)).toEqual([true, false, true]);
    expect(logged[0]!.data).toEqual({ userId: student.id, courseId: courses[0], wishlisted: true });
    expect(await list(student)).toEqual([courses[0]]);
    expect(await h.learning.repository.wishlist.countDocuments({ userId: student.id })).toBe(1);
  });

  it('a removal whose process died before logging its event hides the course at once, and is logged at the restart', async () => {
    const student = actor(h, 'STUDENT');
    await add(student, courses[1]!);
    await add(student, courses[2]!);
    // What removeFromWishlist writes first, as if the process died before sending its outbox on.
    await h.learning.repository.markWishlistRemoved(student.id, courses[1]!, WishlistChanged.build({ userId: student.id, courseId: courses[1]!, wishlisted: false }));
    expect(await list(student)).toEqual([courses[2]]);
    expect((await learningEvents(h, 'WishlistChanged', { userId: student.id })).map((e) => e.data.wishlisted)).toEqual([true, true]);
    await h.restartLearning();
    const logged = await learningEvents(h, 'WishlistChanged', { userId: student.id });
    expect(logged.map((e) => [e.data.courseId, e.data.wishlisted])).toEqual([[courses[1], true], [courses[2], true], [courses[1], false]]);
    expect(await h.learning.repository.wishlist.countDocuments({ userId: student.id })).toBe(1);
    // Wishlisting it again works as for any course.
    await add(student, courses[1]!);
    expect(await list(student)).toEqual([courses[1], courses[2]]);
  });

  it("one student's wishlist is not another's", async () => {
    const [a, b] = [actor(h, 'STUDENT'), actor(h, 'STUDENT')];
    await add(a, courses[0]!);
    expect(await list(b)).toEqual([]);
    await remove(b, courses[0]!);
    expect(await list(a)).toEqual([courses[0]]);
  });

  it('a course published a moment ago can be wishlisted at once', async () => {
    const { courseId } = await seedCourse(h, instructor);
    const student = actor(h, 'STUDENT');
    expect((await add(student, courseId)).data!.addToWishlist).toBe(true);
    expect(await list(student)).toEqual([courseId]);
  });

  it('a wishlist holds at most 200 courses', async () => {
    const student = actor(h, 'STUDENT');
    await h.learning.repository.wishlist.insertMany(
      Array.from({ length: 200 }, () => ({ _id: newId(), userId: student.id, courseId: newId(), addedAt: new Date() })),
    );
    const before = await snapshot(h);
    const res = await add(student, courses[0]!);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.message).toMatch(/at most 200/);
    expect(await snapshot(h)).toEqual(before);
    // Courses that are not (or no longer) published are left out of the list.
    expect(await list(student)).toEqual([]);
  });
});

describe('what cannot be wishlisted', () => {
  it.each([
    ['an unpublished course', () => draft, 'NOT_FOUND'],
    ['an unknown course', () => newId(), 'NOT_FOUND'],
    ['a malformed course id', () => 'nope', 'BAD_USER_INPUT'],
  ])('%s is %s and nothing is written', async (_name, courseId, code) => {
    const before = await snapshot(h);
    const res = await add(actor(h, 'STUDENT'), courseId());
    expect(codeOf(res)).toBe(code);
    expect(await snapshot(h)).toEqual(before);
  });

  it('removing with a malformed course id is BAD_USER_INPUT', async () => {
    expect(codeOf(await remove(actor(h, 'STUDENT'), 'nope'))).toBe('BAD_USER_INPUT');
  });

  it('anonymous callers are UNAUTHENTICATED for every wishlist field, and nothing is written', async () => {
    const before = await snapshot(h);
    expect(codeOf(await add(undefined, courses[0]!))).toBe('UNAUTHENTICATED');
    expect(codeOf(await remove(undefined, courses[0]!))).toBe('UNAUTHENTICATED');
    expect(codeOf(await h.gql(LIST))).toBe('UNAUTHENTICATED');
    expect(await snapshot(h)).toEqual(before);
  });
});
