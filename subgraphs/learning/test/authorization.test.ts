import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENROLLMENT_FIELDS, actor, codeOf, seedCourse, snapshot, startLearning, type Actor, type LearningHarness, type SeededCourse } from './harness.ts';

// Every learning field, asked by each of the six callers of the matrix. `owner` instructs the
// courses; `enrolled` is enrolled in `course` (and has wishlisted it); `student` is enrolled nowhere.
type Caller = 'anonymous' | 'student' | 'enrolled' | 'owner' | 'otherInstructor' | 'admin';
const callers: Caller[] = ['anonymous', 'student', 'enrolled', 'owner', 'otherInstructor', 'admin'];

let h: LearningHarness;
let people: Record<Exclude<Caller, 'anonymous'>, Actor>;
let course: SeededCourse;
let spare: SeededCourse;
let enrollmentId: string;
beforeAll(async () => {
  h = await startLearning();
  people = {
    student: actor(h, 'STUDENT'),
    enrolled: actor(h, 'STUDENT'),
    owner: actor(h, 'STUDENT', 'INSTRUCTOR'),
    otherInstructor: actor(h, 'STUDENT', 'INSTRUCTOR'),
    admin: actor(h, 'STUDENT', 'ADMIN'),
  };
  course = await seedCourse(h, people.owner, { lessons: 2 });
  spare = await seedCourse(h, people.owner);
  enrollmentId = (await h.learning.service.enrollInFreeCourse(people.enrolled.viewer, course.courseId))._id;
  await h.learning.service.addToWishlist(people.enrolled.viewer, course.courseId);
});
afterAll(async () => h?.close());

const person = (who: Caller) => (who === 'anonymous' ? undefined : people[who]);
const ask = (who: Caller, query: string, variables: Record<string, unknown> = {}) => h.gql(query, variables, { token: person(who)?.token });
const OK = undefined;

describe('queries', () => {
  it.each(callers)("myEnrollments as %s: the caller's own enrolments, UNAUTHENTICATED when anonymous", async (who) => {
    const res = await ask(who, `{ myEnrollments { totalCount edges { node { id } } } }`);
    expect(codeOf(res)).toBe(who === 'anonymous' ? 'UNAUTHENTICATED' : OK);
    if (who !== 'anonymous') expect(res.data!.myEnrollments.edges.map((e: any) => e.node.id)).toEqual(who === 'enrolled' ? [enrollmentId] : []);
  });

  it.each(callers)("myWishlist as %s: the caller's own wishlist, UNAUTHENTICATED when anonymous", async (who) => {
    const res = await ask(who, `{ myWishlist { id } }`);
    expect(codeOf(res)).toBe(who === 'anonymous' ? 'UNAUTHENTICATED' : OK);
    if (who !== 'anonymous') expect(res.data!.myWishlist).toEqual(who === 'enrolled' ? [{ id: course.courseId }] : []);
  });

  const userEnrollments: Record<Caller, string | undefined> = {
    anonymous: 'UNAUTHENTICATED', student: 'FORBIDDEN', enrolled: OK, owner: 'FORBIDDEN', otherInstructor: 'FORBIDDEN', admin: OK,
  };
  it.each(callers)("User.enrollments of the enrolled student as %s: the user themself and ADMIN only", async (who) => {
    const res = await ask(who, `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { enrollments { edges { node { id } } } } } }`,
      { r: [{ __typename: 'User', id: people.enrolled.id }] });
    expect(codeOf(res)).toBe(userEnrollments[who]);
    if (!userEnrollments[who]) expect(res.data!._entities[0].enrollments.edges).toEqual([{ node: { id: enrollmentId } }]);
  });

  const readsEnrollment: Record<Caller, boolean> = {
    anonymous: false, student: false, enrolled: true, owner: true, otherInstructor: false, admin: true,
  };
  it.each(callers)("an Enrollment reference as %s: its user, the course's instructor and ADMIN read it, anyone else gets null", async (who) => {
    const res = await ask(who, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enrollment { ${ENROLLMENT_FIELDS} } } }`,
      { r: [{ __typename: 'Enrollment', id: enrollmentId }] });
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities[0]).toEqual(readsEnrollment[who]
      ? expect.objectContaining({ id: enrollmentId, status: 'ACTIVE', user: { id: people.enrolled.id }, course: { id: course.courseId } })
      : null);
  });

  it.each(callers)('Course fields as %s: the count for everyone, the enrolment and wishlist flag of the caller only', async (who) => {
    const res = await ask(who, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Course { enrollmentCount viewerHasWishlisted viewerEnrollment { id } } } }`,
      { r: [{ __typename: 'Course', id: course.courseId }] });
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities[0]).toEqual({
      enrollmentCount: 1,
      viewerHasWishlisted: who === 'enrolled',
      viewerEnrollment: who === 'enrolled' ? { id: enrollmentId } : null,
    });
  });
});

describe('mutations', () => {
  const signedIn = (who: Caller) => (who === 'anonymous' ? 'UNAUTHENTICATED' : OK);
  const onlyEnrolled: Record<Caller, string | undefined> = {
    anonymous: 'UNAUTHENTICATED', student: 'FORBIDDEN', enrolled: OK, owner: 'FORBIDDEN', otherInstructor: 'FORBIDDEN', admin: 'FORBIDDEN',
  };
  const cases: [string, string, () => Record<string, unknown>, (who: Caller) => string | undefined][] = [
    ['enrollInFreeCourse', `mutation($c: ID!) { enrollInFreeCourse(courseId: $c) { id } }`, () => ({ c: spare.courseId }), signedIn],
    ['completeLesson', `mutation($c: ID!, $l: ID!) { completeLesson(courseId: $c, lessonId: $l) { id } }`, () => ({ c: course.courseId, l: course.lessonIds[0] }), (who) => onlyEnrolled[who]],
    ['addToWishlist', `mutation($c: ID!) { addToWishlist(courseId: $c) }`, () => ({ c: spare.courseId }), signedIn],
    ['removeFromWishlist', `mutation($c: ID!) { removeFromWishlist(courseId: $c) }`, () => ({ c: spare.courseId }), signedIn],
  ];

  describe.each(cases)('%s', (_name, mutation, vars, expected) => {
    it.each(callers)('called by %s', async (who) => {
      const before = await snapshot(h);
      const res = await ask(who, mutation, vars());
      expect(codeOf(res)).toBe(expected(who));
      if (expected(who)) expect(await snapshot(h)).toEqual(before);
      else expect(res.data).not.toBeNull();
    });
  });

  it('the service refuses an anonymous viewer on every use case, for callers that do not come through GraphQL', async () => {
    const service = h.learning.service;
    for (const call of [
      () => service.completeLesson(null, course.courseId, course.lessonIds[0]!),
      () => service.addToWishlist(null, course.courseId),
      () => service.removeFromWishlist(null, course.courseId),
      () => service.myWishlist(null),
      () => service.myEnrollments(null, 20, null),
      () => service.userEnrollments(null, people.enrolled.id, 20, null),
    ]) await expect(call()).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});
