import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@lg/platform';
import {
  COMPLETE, ENROLL, actor, addLesson, codeOf, learningEvents, seedCourse, snapshot, startLearning,
  type Actor, type LearningHarness, type SeededCourse,
} from './harness.ts';

let h: LearningHarness;
let instructor: Actor;
let course: SeededCourse;
let other: SeededCourse;
beforeAll(async () => {
  h = await startLearning();
  instructor = actor(h, 'STUDENT', 'INSTRUCTOR');
  course = await seedCourse(h, instructor, { sections: 2, lessons: 2 });
  other = await seedCourse(h, instructor);
});
afterAll(async () => h?.close());

const complete = (who: Actor | undefined, courseId: string, lessonId: string) => h.gql(COMPLETE, { courseId, lessonId }, { token: who?.token });
async function enrolled(c: SeededCourse = course): Promise<Actor> {
  const student = actor(h, 'STUDENT');
  const res = await h.gql(ENROLL, { courseId: c.courseId }, { token: student.token });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return student;
}

describe('completing lessons', () => {
  it('an enrolled student completes lessons one by one and progress follows', async () => {
    const student = await enrolled();
    const [a, b, c] = course.lessonIds;
    const first = (await complete(student, course.courseId, a!)).data!.completeLesson;
    expect(first).toMatchObject({ status: 'ACTIVE', progressPercent: 25, completedLessonIds: [a], completedAt: null });
    expect((await complete(student, course.courseId, c!)).data!.completeLesson).toMatchObject({ progressPercent: 50, completedLessonIds: [a, c] });
    expect((await complete(student, course.courseId, b!)).data!.completeLesson.progressPercent).toBe(75);
  });

  it('a lesson completed for the first time logs one LessonCompleted naming it; completing it again logs nothing', async () => {
    const student = await enrolled();
    const lessonId = course.lessonIds[1]!;
    const done = (await complete(student, course.courseId, lessonId)).data!.completeLesson;
    await complete(student, course.courseId, lessonId);
    const logged = await learningEvents(h, 'LessonCompleted', { userId: student.id });
    expect(logged.map((e) => e.data)).toEqual([{ enrollmentId: done.id, userId: student.id, courseId: course.courseId, lessonId }]);
    expect(logged[0]).toMatchObject({ aggregateId: done.id, courseId: course.courseId });
  });

  it('completing a lesson twice changes nothing', async () => {
    const student = await enrolled();
    const first = (await complete(student, course.courseId, course.lessonIds[0]!)).data!.completeLesson;
    const stored = await h.learning.repository.enrollments.findOne({ _id: first.id });
    const again = (await complete(student, course.courseId, course.lessonIds[0]!)).data!.completeLesson;
    expect(again).toEqual(first);
    expect(await h.learning.repository.enrollments.findOne({ _id: first.id })).toEqual(stored);
  });

  it('the last lesson completes the enrolment, sets completedAt and emits EnrollmentCompleted once', async () => {
    const student = await enrolled();
    let last;
    for (const lessonId of course.lessonIds) last = (await complete(student, course.courseId, lessonId)).data!.completeLesson;
    expect(last).toMatchObject({ status: 'COMPLETED', progressPercent: 100 });
    expect(Date.parse(last.completedAt)).toBeGreaterThan(Date.now() - 60_000);
    // Completing any lesson again keeps it as it was, and no second event follows.
    const again = (await complete(student, course.courseId, course.lessonIds[0]!)).data!.completeLesson;
    expect(again).toEqual(last);
    const events = await learningEvents(h, 'EnrollmentCompleted', { userId: student.id });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ aggregateId: last.id, courseId: course.courseId, userId: student.id, data: { userId: student.id, courseId: course.courseId, lessonCount: 4 } });
    expect(new Date(events[0]!.data.completedAt).toISOString()).toBe(last.completedAt);
    expect((await h.learning.repository.enrollments.findOne({ _id: last.id }))!.outbox).toEqual([]);
  });

  it('lessons completed at the same moment are all kept, and the enrolment completes once', async () => {
    const c = await seedCourse(h, instructor, { sections: 2, lessons: 4 });
    const student = await enrolled(c);
    const results = await Promise.all(c.lessonIds.map((lessonId) => complete(student, c.courseId, lessonId)));
    expect(results.every((r) => r.errors === undefined)).toBe(true);
    const stored = await h.learning.repository.enrollments.findOne({ userId: student.id, courseId: c.courseId });
    expect([...stored!.completedLessonIds].sort()).toEqual([...c.lessonIds].sort());
    expect(stored!.status).toBe('COMPLETED');
    expect(await learningEvents(h, 'EnrollmentCompleted', { userId: student.id })).toHaveLength(1);
  });

  it('a lesson added later counts towards progress, and can be completed at once', async () => {
    const c = await seedCourse(h, instructor, { lessons: 2 });
    const student = await enrolled(c);
    await complete(student, c.courseId, c.lessonIds[0]!);
    const added = await addLesson(h, instructor, c.sectionIds[0]!);
    // The lesson was added a moment ago; completing it catches the projection up first.
    const res = await complete(student, c.courseId, added);
    expect(res.errors).toBeUndefined();
    expect(res.data!.completeLesson).toMatchObject({ status: 'ACTIVE', progressPercent: 66.67 });
  });

  it('a COMPLETED enrolment stays COMPLETED when lessons are added, and its progress counts them', async () => {
    const c = await seedCourse(h, instructor);
    const student = await enrolled(c);
    const done = (await complete(student, c.courseId, c.lessonIds[0]!)).data!.completeLesson;
    expect(done.status).toBe('COMPLETED');
    await addLesson(h, instructor, c.sectionIds[0]!);
    await h.learning.projector.catchUp();
    const res = await h.gql(`query { myEnrollments { edges { node { status progressPercent completedAt } } } }`, {}, { token: student.token });
    expect(res.data!.myEnrollments.edges[0].node).toEqual({ status: 'COMPLETED', progressPercent: 50, completedAt: done.completedAt });
  });
});

describe('what cannot be completed', () => {
  it('a student who is not enrolled cannot complete a lesson, and is told to enrol', async () => {
    const before = await snapshot(h);
    const res = await complete(actor(h, 'STUDENT'), course.courseId, course.lessonIds[0]!);
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(res.errors![0]!.message).toMatch(/not enrolled in this course/);
    expect(await snapshot(h)).toEqual(before);
  });

  it('a student enrolled in another course cannot complete lessons of this one', async () => {
    const student = await enrolled(other);
    const before = await snapshot(h);
    expect(codeOf(await complete(student, course.courseId, course.lessonIds[0]!))).toBe('FORBIDDEN');
    expect(await snapshot(h)).toEqual(before);
  });

  it.each([
    ['an unknown lesson id', () => ({ courseId: course.courseId, lessonId: newId() }), 'lessonId'],
    ["another course's lesson", () => ({ courseId: course.courseId, lessonId: other.lessonIds[0]! }), 'lessonId'],
    ['a malformed lesson id', () => ({ courseId: course.courseId, lessonId: 'lesson-1' }), 'lessonId'],
    ['a malformed course id', () => ({ courseId: 'course-1', lessonId: course.lessonIds[0]! }), 'courseId'],
  ])('%s is BAD_USER_INPUT naming the field, and nothing is written', async (_name, vars, field) => {
    const student = await enrolled();
    const before = await snapshot(h);
    const { courseId, lessonId } = vars();
    const res = await complete(student, courseId, lessonId);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe(field);
    expect(await snapshot(h)).toEqual(before);
  });

  it('an anonymous caller is UNAUTHENTICATED and nothing is written', async () => {
    const before = await snapshot(h);
    expect(codeOf(await complete(undefined, course.courseId, course.lessonIds[0]!))).toBe('UNAUTHENTICATED');
    expect(await snapshot(h)).toEqual(before);
  });
});

describe('the seed script path', () => {
  it('enrols and completes lessons through the service alone, idempotently', async () => {
    const student = actor(h, 'STUDENT');
    const service = h.learning.service;
    const enrollment = await service.enrollInFreeCourse(student.viewer, course.courseId);
    expect(await service.enrollInFreeCourse(student.viewer, course.courseId)).toEqual(enrollment);
    await service.completeLesson(student.viewer, course.courseId, course.lessonIds[0]!);
    const after = await service.completeLesson(student.viewer, course.courseId, course.lessonIds[0]!);
    expect(after.completedLessonIds).toEqual([course.lessonIds[0]]);
  });
});
