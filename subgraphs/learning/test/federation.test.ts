import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@lg/platform';
import { COURSES, ENROLLMENTS, TALLIES, WISHLIST } from '../src/repository.ts';
import { actor, seedCourse, startLearning, type Actor, type LearningHarness } from './harness.ts';

let h: LearningHarness;
let instructor: Actor;
let student: Actor;
const courseIds: string[] = [];
const lessonsOf = new Map<string, string[]>();
beforeAll(async () => {
  h = await startLearning();
  instructor = actor(h, 'INSTRUCTOR');
  student = actor(h, 'STUDENT');
  // Seeded with the consumer stopped, then projected in one catch-up: the same result, sooner. The
  // consumer stays off so that only a request's own commands are counted (enrolling catches up by itself).
  await h.learning.projector.stop();
  for (let i = 0; i < 50; i += 1) {
    const { courseId, lessonIds } = await seedCourse(h, instructor, { lessons: i % 5 === 0 ? 2 : 1 });
    courseIds.push(courseId);
    lessonsOf.set(courseId, lessonIds);
  }
  await h.learning.projector.catchUp();
  // The student is enrolled in every fifth course, halfway through it, and wishlists every third.
  for (const [i, courseId] of courseIds.entries()) {
    if (i % 5 === 0) {
      await h.learning.service.enrollInFreeCourse(student.viewer, courseId);
      await h.learning.service.completeLesson(student.viewer, courseId, lessonsOf.get(courseId)![0]!);
    }
    if (i % 3 === 0) await h.learning.service.addToWishlist(student.viewer, courseId);
  }
});
afterAll(async () => h?.close());

const LEARNING = new Set([ENROLLMENTS, WISHLIST, COURSES, TALLIES]);
const COURSE_FIELDS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Course {
  id enrollmentCount viewerHasWishlisted viewerEnrollment { id status progressPercent completedLessonIds user { id } course { id } } } } }`;

/** Runs a query and returns its answer with the commands it sent to learning's collections. */
async function measured(query: string, variables: Record<string, unknown>, token?: string) {
  let res: any;
  const commands = await h.commandsDuring(async () => void (res = await h.gql(query, variables, { token })));
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return { data: res.data, commands: commands.filter((c) => LEARNING.has(c.command[c.commandName])).map((c) => `${c.commandName} ${c.command[c.commandName]}`) };
}
const courses = (ids: string[]) => ({ r: ids.map((id) => ({ __typename: 'Course', id })) });

describe('Course fields for a page of courses', () => {
  it('cost the same few commands for 5 courses as for 50', async () => {
    const five = await measured(COURSE_FIELDS, courses(courseIds.slice(0, 5)), student.token);
    const fifty = await measured(COURSE_FIELDS, courses(courseIds), student.token);
    expect(fifty.data._entities).toHaveLength(50);
    // One read of the kept counts, one of the viewer's enrolments, one of their wishlist, one of the projection.
    expect(fifty.commands.sort()).toEqual(['find learning_courses', 'find learning_enrollment_tallies', 'find learning_enrollments', 'find learning_wishlist']);
    expect(five.commands.sort()).toEqual(fifty.commands);
  });

  it('answer each course its own count, enrolment and wishlist flag', async () => {
    const { data } = await measured(COURSE_FIELDS, courses(courseIds.slice(0, 7)), student.token);
    const rows = data._entities as any[];
    expect(rows.map((c) => c.enrollmentCount)).toEqual([1, 0, 0, 0, 0, 1, 0]);
    expect(rows.map((c) => c.viewerHasWishlisted)).toEqual([true, false, false, true, false, false, true]);
    expect(rows[0].viewerEnrollment).toMatchObject({ status: 'ACTIVE', progressPercent: 50, completedLessonIds: [lessonsOf.get(courseIds[0]!)![0]], user: { id: student.id }, course: { id: courseIds[0] } });
    expect(rows[1].viewerEnrollment).toBeNull();
  });

  it('an anonymous viewer gets the counts without reading any enrolment or wishlist', async () => {
    const { data, commands } = await measured(COURSE_FIELDS, courses(courseIds.slice(0, 10)));
    expect((data._entities as any[]).every((c) => c.viewerEnrollment === null && c.viewerHasWishlisted === false)).toBe(true);
    expect(commands).toEqual(['find learning_enrollment_tallies']);
  });

  it('unknown and malformed course ids answer zero, null and false', async () => {
    const { data } = await measured(COURSE_FIELDS, courses([newId(), 'not-an-id']), student.token);
    expect(data._entities).toEqual([
      expect.objectContaining({ enrollmentCount: 0, viewerEnrollment: null, viewerHasWishlisted: false }),
      expect.objectContaining({ id: 'not-an-id', enrollmentCount: 0, viewerEnrollment: null, viewerHasWishlisted: false }),
    ]);
  });
});

describe('enrollmentCount', () => {
  it('counts ACTIVE and COMPLETED enrolments, exactly, and not CANCELLED ones', async () => {
    const { courseId, lessonIds } = await seedCourse(h, instructor);
    const people = Array.from({ length: 4 }, () => actor(h, 'STUDENT'));
    const orderId = newId();
    await Promise.all(people.slice(0, 3).map((p) => h.learning.service.enrollInFreeCourse(p.viewer, courseId)));
    await h.learning.service.grantEnrollment(people[3]!.id, courseId, 'ORDER', orderId);
    await h.learning.service.completeLesson(people[0]!.viewer, courseId, lessonIds[0]!);
    await h.learning.service.cancelOrderEnrollments(people[3]!.id, orderId);
    const { data } = await measured(COURSE_FIELDS, courses([courseId]));
    expect(data._entities[0].enrollmentCount).toBe(3);
  });

  it('twenty racing enrolments of one user count once, and twenty users count twenty', async () => {
    const { courseId } = await seedCourse(h, instructor);
    const one = actor(h, 'STUDENT');
    await Promise.all(Array.from({ length: 20 }, () => h.learning.service.enrollInFreeCourse(one.viewer, courseId)));
    const count = async () => (await measured(COURSE_FIELDS, courses([courseId]))).data._entities[0].enrollmentCount;
    expect(await count()).toBe(1);
    await Promise.all(Array.from({ length: 19 }, () => h.learning.service.enrollInFreeCourse(actor(h, 'STUDENT').viewer, courseId)));
    expect(await count()).toBe(20);
  });

  it('a refund takes one off and a new grant of the same course puts it back, however often they are replayed', async () => {
    const { courseId } = await seedCourse(h, instructor);
    const buyer = actor(h, 'STUDENT');
    const [first, second] = [newId(), newId()];
    const count = async () => (await measured(COURSE_FIELDS, courses([courseId]))).data._entities[0].enrollmentCount;
    await h.learning.service.grantEnrollment(buyer.id, courseId, 'ORDER', first);
    await h.learning.service.grantEnrollment(buyer.id, courseId, 'ORDER', first);
    expect(await count()).toBe(1);
    await Promise.all([h.learning.service.cancelOrderEnrollments(buyer.id, first), h.learning.service.cancelOrderEnrollments(buyer.id, first)]);
    expect(await count()).toBe(0);
    await h.learning.service.grantEnrollment(buyer.id, courseId, 'ORDER', second);
    expect(await count()).toBe(1);
  });
});

describe('Enrollment references', () => {
  const ENROLLMENT = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enrollment { id status user { id } course { id } } } }`;
  const enrollments = (ids: string[]) => ({ r: ids.map((id) => ({ __typename: 'Enrollment', id })) });

  it('resolve in one read of the enrolments, in the order asked, null for unknown and malformed ids', async () => {
    const mine = (await h.learning.repository.enrollments.find({ userId: student.id }).sort({ _id: 1 }).limit(3).toArray()).map((e) => e._id);
    const asked = [mine[2]!, newId(), mine[0]!, 'nope', mine[1]!];
    const { data, commands } = await measured(ENROLLMENT, enrollments(asked), student.token);
    expect((data._entities as any[]).map((e) => e?.id ?? null)).toEqual([mine[2], null, mine[0], null, mine[1]]);
    expect(data._entities[0]).toMatchObject({ status: 'ACTIVE', user: { id: student.id } });
    expect(commands).toEqual(['find learning_enrollments']);
  });

  it("the course's instructor reads them with one more read, of the projection", async () => {
    const mine = (await h.learning.repository.enrollments.find({ userId: student.id }).toArray()).map((e) => e._id);
    const { data, commands } = await measured(ENROLLMENT, enrollments(mine), instructor.token);
    expect((data._entities as any[]).every((e) => e !== null)).toBe(true);
    expect(commands.sort()).toEqual(['find learning_courses', 'find learning_enrollments']);
  });

  it('the subgraph serves its SDL with the Enrollment, Course and User keys', async () => {
    const sdl: string = (await h.gql(`{ _service { sdl } }`)).data!._service.sdl;
    expect(sdl).toMatch(/type Enrollment @key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Course @key\(fields: "id"\)/);
    expect(sdl).toMatch(/type User @key\(fields: "id"\)/);
  });
});
