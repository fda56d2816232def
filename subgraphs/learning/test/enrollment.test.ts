import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@lg/platform';
import { ENROLL, actor, codeOf, learningEvents, seedCourse, snapshot, startLearning, type Actor, type LearningHarness } from './harness.ts';
import { EnrollmentCreated } from '@lg/events';

let h: LearningHarness;
let instructor: Actor;
let free: string;
let paid: string;
let draft: string;
beforeAll(async () => {
  h = await startLearning();
  instructor = actor(h, 'STUDENT', 'INSTRUCTOR');
  free = (await seedCourse(h, instructor, { lessons: 2 })).courseId;
  paid = (await seedCourse(h, instructor, { priceCents: 4900 })).courseId;
  draft = (await seedCourse(h, instructor, { publish: false })).courseId;
});
afterAll(async () => h?.close());

const enroll = (courseId: string, who?: Actor) => h.gql(ENROLL, { courseId }, { token: who?.token });

describe('enrolling in a free course', () => {
  it('a student enrols in a published free course and starts ACTIVE with no progress', async () => {
    const student = actor(h, 'STUDENT');
    const res = await enroll(free, student);
    expect(res.errors).toBeUndefined();
    const enrollment = res.data!.enrollInFreeCourse;
    expect(enrollment).toMatchObject({
      status: 'ACTIVE', progressPercent: 0, completedLessonIds: [], completedAt: null,
      user: { id: student.id }, course: { id: free },
    });
    expect(Date.parse(enrollment.enrolledAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(await h.learning.repository.enrollments.findOne({ _id: enrollment.id })).toMatchObject({ source: 'FREE', orderId: null, outbox: [] });
  });

  it('enrolling twice returns the same enrolment and records one event', async () => {
    const student = actor(h, 'STUDENT');
    const first = (await enroll(free, student)).data!.enrollInFreeCourse;
    const second = (await enroll(free, student)).data!.enrollInFreeCourse;
    expect(second).toEqual(first);
    expect(await h.learning.repository.enrollments.countDocuments({ userId: student.id })).toBe(1);
    expect(await learningEvents(h, 'EnrollmentCreated', { userId: student.id })).toHaveLength(1);
  });

  it('ten racing enrolments of one student make one enrolment, returned to every caller', async () => {
    const student = actor(h, 'STUDENT');
    const results = await Promise.all(Array.from({ length: 10 }, () => enroll(free, student)));
    expect(results.every((r) => r.errors === undefined)).toBe(true);
    expect(new Set(results.map((r) => r.data!.enrollInFreeCourse.id)).size).toBe(1);
    expect(await h.learning.repository.enrollments.countDocuments({ userId: student.id, courseId: free })).toBe(1);
    expect(await learningEvents(h, 'EnrollmentCreated', { userId: student.id })).toHaveLength(1);
  });

  it('records EnrollmentCreated with the user, the course and the source, and leaves the outbox empty', async () => {
    const student = actor(h, 'STUDENT');
    const enrollment = (await enroll(free, student)).data!.enrollInFreeCourse;
    const [event] = await learningEvents(h, 'EnrollmentCreated', { userId: student.id });
    expect(event).toMatchObject({ aggregateId: enrollment.id, courseId: free, userId: student.id, data: { userId: student.id, courseId: free, source: 'FREE' } });
    expect(event!.data).not.toHaveProperty('orderId');
    expect((await h.learning.repository.enrollments.findOne({ _id: enrollment.id }))!.outbox).toEqual([]);
  });

  it('a course published a moment ago can be enrolled in at once, even with the consumer stopped', async () => {
    await h.learning.consumers.catalog.stop();
    try {
      const { courseId } = await seedCourse(h, instructor);
      expect(await h.learning.repository.courses.findOne({ _id: courseId })).toBeNull();
      const res = await enroll(courseId, actor(h, 'STUDENT'));
      expect(res.errors).toBeUndefined();
      expect(await h.learning.repository.courses.findOne({ _id: courseId })).toMatchObject({ status: 'PUBLISHED', lessonCount: 1 });
    } finally {
      h.learning.consumers.catalog.start();
    }
  });
});

describe('what cannot be enrolled in', () => {
  it('a paid course is PAYMENT_REQUIRED and nothing is written', async () => {
    const before = await snapshot(h);
    const res = await enroll(paid, actor(h, 'STUDENT'));
    expect(codeOf(res)).toBe('PAYMENT_REQUIRED');
    expect(res.errors![0]!.message).toMatch(/49\.00 USD/);
    expect(await snapshot(h)).toEqual(before);
  });

  it.each([
    ['an unpublished course', () => draft, 'NOT_FOUND'],
    ['an unknown course', () => newId(), 'NOT_FOUND'],
    ['a malformed course id', () => 'not-an-id', 'BAD_USER_INPUT'],
  ])('%s is %s and nothing is written', async (_name, courseId, code) => {
    const before = await snapshot(h);
    const res = await enroll(courseId(), actor(h, 'STUDENT'));
    expect(codeOf(res)).toBe(code);
    if (code === 'BAD_USER_INPUT') expect(res.errors![0]!.extensions!.field).toBe('courseId');
    expect(await snapshot(h)).toEqual(before);
  });

  it('an anonymous caller is UNAUTHENTICATED and nothing is written', async () => {
    const before = await snapshot(h);
    expect(codeOf(await enroll(free))).toBe('UNAUTHENTICATED');
    expect(await snapshot(h)).toEqual(before);
  });

  it('a course made paid after a student enrolled keeps that enrolment, and answers it again', async () => {
    const student = actor(h, 'STUDENT');
    const { courseId } = await seedCourse(h, instructor);
    const first = (await enroll(courseId, student)).data!.enrollInFreeCourse;
    await h.catalog.service.updateCourse(instructor.viewer, courseId, { priceCents: 1000 });
    expect((await enroll(courseId, student)).data!.enrollInFreeCourse.id).toBe(first.id);
    expect(codeOf(await enroll(courseId, actor(h, 'STUDENT')))).toBe('PAYMENT_REQUIRED');
  });

  it('a paid course made free can be enrolled in at once', async () => {
    const { courseId } = await seedCourse(h, instructor, { priceCents: 1500 });
    expect(codeOf(await enroll(courseId, actor(h, 'STUDENT')))).toBe('PAYMENT_REQUIRED');
    await h.catalog.service.updateCourse(instructor.viewer, courseId, { priceCents: 0 });
    expect((await enroll(courseId, actor(h, 'STUDENT'))).errors).toBeUndefined();
  });
});

describe('grantEnrollment, the one granting use case', () => {
  it('grants a paid course for a paid order with the order id, once however often it is called', async () => {
    const student = actor(h, 'STUDENT');
    const orderId = newId();
    const results = await Promise.all(Array.from({ length: 5 }, () => h.learning.service.grantEnrollment(student.id, paid, 'ORDER', orderId)));
    expect(new Set(results.map((e) => e._id)).size).toBe(1);
    expect(results[0]).toMatchObject({ userId: student.id, courseId: paid, source: 'ORDER', orderId, status: 'ACTIVE' });
    const events = await learningEvents(h, 'EnrollmentCreated', { userId: student.id });
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toEqual({ enrollmentId: results[0]!._id, userId: student.id, courseId: paid, source: 'ORDER', orderId });
    // The student is now enrolled: the free path answers the same enrolment instead of PAYMENT_REQUIRED.
    expect((await enroll(paid, student)).data!.enrollInFreeCourse.id).toBe(results[0]!._id);
  });

  it.each([
    ['an order grant without an order id', () => h.learning.service.grantEnrollment(newId(), paid, 'ORDER'), 'BAD_USER_INPUT'],
    ['a free grant with an order id', () => h.learning.service.grantEnrollment(newId(), free, 'FREE', newId()), 'BAD_USER_INPUT'],
    ['an unknown source', () => h.learning.service.grantEnrollment(newId(), free, 'GIFT' as never), 'BAD_USER_INPUT'],
    ['a malformed user id', () => h.learning.service.grantEnrollment('someone', free, 'FREE'), 'BAD_USER_INPUT'],
    ['an order grant for an unknown course', () => h.learning.service.grantEnrollment(newId(), newId(), 'ORDER', newId()), 'NOT_FOUND'],
  ])('%s is %s and nothing is written', async (_name, call, code) => {
    const before = await snapshot(h);
    await expect(call()).rejects.toMatchObject({ extensions: { code } });
    expect(await snapshot(h)).toEqual(before);
  });

  it('the service refuses an anonymous viewer too, for callers that do not come through GraphQL', async () => {
    await expect(h.learning.service.enrollInFreeCourse(null, free)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});

describe('start-up', () => {
  const countOf = (courseId: string) => h.learning.repository.loaders(null).enrollmentCount.load(courseId);

  it("an enrolment a crash left before its course's count moved is counted once when the subgraph starts again, however often", async () => {
    const courseId = (await seedCourse(h, instructor)).courseId;
    await h.learning.service.enrollInFreeCourse(actor(h, 'STUDENT').viewer, courseId);
    const student = actor(h, 'STUDENT');
    const id = newId();
    const now = new Date();
    const created = EnrollmentCreated.build({ enrollmentId: id, userId: student.id, courseId, source: 'FREE' });
    await h.learning.repository.insertEnrollment({
      _id: id, userId: student.id, courseId, status: 'ACTIVE', source: 'FREE', orderId: null, completedLessonIds: [],
      enrolledAt: now, completedAt: null, updatedAt: now, outbox: [created],
    });
    expect(await countOf(courseId)).toBe(1);
    await h.restartLearning();
    expect(await countOf(courseId)).toBe(2);
    await h.restartLearning();
    expect(await countOf(courseId)).toBe(2);
  });

  it('enrolments from before counts were kept are counted when the subgraph starts', async () => {
    const courseId = (await seedCourse(h, instructor)).courseId;
    await Promise.all(Array.from({ length: 3 }, () => h.learning.service.enrollInFreeCourse(actor(h, 'STUDENT').viewer, courseId)));
    await h.learning.repository.tallies.deleteOne({ _id: courseId });
    expect(await countOf(courseId)).toBe(0);
    await h.restartLearning();
    expect(await countOf(courseId)).toBe(3);
  });

  it('an event a crash left in an enrolment outbox reaches the log when the subgraph starts again', async () => {
    const student = actor(h, 'STUDENT');
    const enrollment = (await enroll(free, student)).data!.enrollInFreeCourse;
    const stranded = EnrollmentCreated.build({ enrollmentId: enrollment.id, userId: student.id, courseId: free, source: 'FREE' });
    await h.learning.repository.enrollments.updateOne({ _id: enrollment.id }, { $push: { outbox: stranded } });
    await h.restartLearning();
    expect(await h.platform.db.collection('platform_events').findOne({ _id: stranded._id as never })).not.toBeNull();
    expect((await h.learning.repository.enrollments.findOne({ _id: enrollment.id }))!.outbox).toEqual([]);
  });
});
