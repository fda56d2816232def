import { codeOf } from '@lg/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

let t: TestStack;
let instructor: TestUser;
beforeAll(async () => {
  t = await startTestStack();
  instructor = await signUp(t, ['INSTRUCTOR'], 'Ines Teacher');
});
afterAll(async () => t?.close());

const COURSE_PAGE = `query($id: ID!) {
  course(id: $id) {
    title lessonCount enrollmentCount viewerHasWishlisted
    instructor { displayName }
    sections { lessons { id title } }
    viewerEnrollment { id status progressPercent completedLessonIds }
  }
}`;

describe('a student learning through the gateway', () => {
  it('enrols in a free course, completes lessons and watches progress move to COMPLETED', async () => {
    const student = await signUp(t);
    const course = await createCourse(t, instructor, { title: 'Free Journey Course' });
    await t.gql(`mutation($s: ID!) { addLesson(sectionId: $s, input: { title: "Second", kind: READING }) { id } }`, { s: course.sectionId }, { token: instructor.token });

    const enrol = await t.gql(`mutation($c: ID!) { enrollInFreeCourse(courseId: $c) { status progressPercent course { title instructor { displayName } } } }`, { c: course.id }, { token: student.token });
    expect(enrol.data!.enrollInFreeCourse).toEqual({ status: 'ACTIVE', progressPercent: 0, course: { title: 'Free Journey Course', instructor: { displayName: 'Ines Teacher' } } });

    const page = await t.gql(COURSE_PAGE, { id: course.id }, { token: student.token });
    expect(page.data!.course).toMatchObject({ lessonCount: 2, enrollmentCount: 1, viewerEnrollment: { status: 'ACTIVE', progressPercent: 0 } });
    const [first, second] = page.data!.course.sections.flatMap((s: any) => s.lessons);

    const half = await t.gql(`mutation($c: ID!, $l: ID!) { completeLesson(courseId: $c, lessonId: $l) { progressPercent status } }`, { c: course.id, l: first.id }, { token: student.token });
    expect(half.data!.completeLesson).toEqual({ progressPercent: 50, status: 'ACTIVE' });
    const done = await t.gql(`mutation($c: ID!, $l: ID!) { completeLesson(courseId: $c, lessonId: $l) { progressPercent status completedAt } }`, { c: course.id, l: second.id }, { token: student.token });
    expect(done.data!.completeLesson).toMatchObject({ progressPercent: 100, status: 'COMPLETED' });

    const mine = await t.gql(`{ myEnrollments { totalCount edges { node { progressPercent course { title } } } } }`, {}, { token: student.token });
    expect(mine.data!.myEnrollments).toEqual({ totalCount: 1, edges: [{ node: { progressPercent: 100, course: { title: 'Free Journey Course' } } }] });
  });

  it('a paid course answers PAYMENT_REQUIRED and enrols nobody', async () => {
    const student = await signUp(t);
    const course = await createCourse(t, instructor, { title: 'Paid Journey Course', priceCents: 4900 });
    const res = await t.gql(`mutation($c: ID!) { enrollInFreeCourse(courseId: $c) { id } }`, { c: course.id }, { token: student.token });
    expect(codeOf(res)).toBe('PAYMENT_REQUIRED');
    expect((await t.gql(COURSE_PAGE, { id: course.id }, { token: student.token })).data!.course).toMatchObject({ enrollmentCount: 0, viewerEnrollment: null });
  });

  it('a course whose price was raised a moment ago cannot be enrolled in for free', async () => {
    for (let i = 0; i < 5; i += 1) {
      const student = await signUp(t);
      const course = await createCourse(t, instructor, { title: `Repriced Course ${i}` });
      await t.gql(`mutation($c: ID!) { updateCourse(id: $c, input: { priceCents: 2500 }) { priceCents } }`, { c: course.id }, { token: instructor.token });
      const res = await t.gql(`mutation($c: ID!) { enrollInFreeCourse(courseId: $c) { id } }`, { c: course.id }, { token: student.token });
      expect(codeOf(res)).toBe('PAYMENT_REQUIRED');
    }
  });

  it('a wishlist keeps courses from catalog, and another user cannot read my enrolments', async () => {
    const student = await signUp(t);
    const other = await signUp(t);
    const course = await createCourse(t, instructor, { title: 'Wished Course', priceCents: 1900 });
    await t.gql(`mutation($c: ID!) { addToWishlist(courseId: $c) }`, { c: course.id }, { token: student.token });
    const wish = await t.gql(`{ myWishlist { title priceCents viewerHasWishlisted } }`, {}, { token: student.token });
    expect(wish.data!.myWishlist).toEqual([{ title: 'Wished Course', priceCents: 1900, viewerHasWishlisted: true }]);
    const peek = await t.gql(`query($u: ID!) { user(id: $u) { displayName enrollments { totalCount } } }`, { u: student.id }, { token: other.token });
    expect(codeOf(peek)).toBe('FORBIDDEN');
  });
});
