import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventLog, newEvent, newId, type WakeUpBus } from '@lg/platform';
import { uncheckedLog } from '@lg/platform/testing';
import { EnrollmentCancelled } from '@lg/events';
import { createAssessmentSubgraph } from '../src/index.ts';
import {
  actor, courseInput, createCourse, enroll, enrollmentCompleted, enrollmentCreated, exerciseInput, rightAnswers, startAssessment,
  type Actor, type AssessmentHarness,
} from './harness.ts';

let h: AssessmentHarness;
let instructor: Actor;
beforeAll(async () => {
  h = await startAssessment({ pollMs: 100 });
  instructor = actor(h, 'STUDENT', 'INSTRUCTOR');
});
afterAll(async () => h?.close());

const courseRow = (id: string) => h.subgraph.repository.courses.findOne({ _id: id });
/** What learning publishes when the order that granted an enrolment is refunded. */
const enrollmentCancelled = (userId: string, courseId: string, enrollmentId: string) =>
  EnrollmentCancelled.build({ enrollmentId, userId, courseId, source: 'ORDER', orderId: newId(), reason: 'ORDER_REFUNDED', cancelledAt: new Date() });
const enrollmentRow = (userId: string, courseId: string) => h.subgraph.repository.enrollments.findOne({ userId, courseId });
/** Both projections, in a stable order, for comparing before and after. */
const snapshot = async () => ({
  courses: await h.subgraph.repository.courses.find().sort({ _id: 1 }).toArray(),
  enrollments: await h.subgraph.repository.enrollments.find().sort({ _id: 1 }).toArray(),
});
const checkpoints = async () => [await h.subgraph.consumers.catalog.checkpoint(), await h.subgraph.consumers.learning.checkpoint()];

describe("who instructs which course, from catalog's events", () => {
  it('follows a course from creation to publication', async () => {
    const course = await h.catalog.service.createCourse(instructor.viewer, courseInput());
    await h.subgraph.consumers.catalog.catchUp();
    expect(await courseRow(course._id)).toMatchObject({ instructorId: instructor.id, status: 'DRAFT' });
    const section = await h.catalog.service.addCourseSection(instructor.viewer, course._id, 'One');
    await h.catalog.service.addLesson(instructor.viewer, section._id, { title: 'Lesson', kind: 'READING' });
    await h.catalog.service.publishCourse(instructor.viewer, course._id);
    await h.catalog.service.updateCourse(instructor.viewer, course._id, { title: 'Renamed course' });
    await h.subgraph.consumers.catalog.catchUp();
    expect(await courseRow(course._id)).toMatchObject({ instructorId: instructor.id, status: 'PUBLISHED' });
  });

  it('an ADMIN acting on a course does not become its instructor', async () => {
    const admin = actor(h, 'ADMIN');
    const courseId = await createCourse(h, instructor, { draft: true });
    await h.catalog.service.updateCourse(admin.viewer, courseId, { summary: 'Edited by an admin' });
    await h.subgraph.consumers.catalog.catchUp();
    expect((await courseRow(courseId))!.instructorId).toBe(instructor.id);
  });
});

describe("who is enrolled in which course, from learning's events", () => {
  it('an enrolment makes a member, and a completed one still is', async () => {
    const courseId = await createCourse(h, instructor, { draft: true });
    const student = actor(h, 'STUDENT');
    const enrollmentId = newId();
    await h.platform.eventLog.append([enrollmentCreated(student.id, courseId, enrollmentId)]);
    await h.subgraph.consumers.learning.catchUp();
    expect(await enrollmentRow(student.id, courseId)).toMatchObject({ _id: enrollmentId, status: 'ACTIVE' });
    await h.platform.eventLog.append([enrollmentCompleted(student.id, courseId, enrollmentId)]);
    await h.subgraph.consumers.learning.catchUp();
    expect(await enrollmentRow(student.id, courseId)).toMatchObject({ _id: enrollmentId, status: 'COMPLETED' });
    const exercise = await h.subgraph.service.createExercise(instructor.viewer, courseId, exerciseInput());
    expect((await h.subgraph.service.submitExercise(student.viewer, exercise._id, rightAnswers(exercise))).score).toBe(10);
  });

  it('a cancelled enrolment (its order refunded) is no member: its submissions are FORBIDDEN and it leaves the leaderboard; granted again, it is a member again', async () => {
    const courseId = await createCourse(h, instructor, { draft: true });
    const [student, classmate] = [actor(h, 'STUDENT'), actor(h, 'STUDENT')];
    const enrollmentId = newId();
    await h.platform.eventLog.append([enrollmentCreated(student.id, courseId, enrollmentId), enrollmentCreated(classmate.id, courseId)]);
    await h.subgraph.consumers.learning.catchUp();
    const exercise = await h.subgraph.service.createExercise(instructor.viewer, courseId, exerciseInput());
    for (const who of [student, classmate]) await h.subgraph.service.submitExercise(who.viewer, exercise._id, rightAnswers(exercise));
    const board = () => h.subgraph.service.courseLeaderboard(instructor.viewer, courseId, 10, h.subgraph.service.loaders(instructor.viewer));
    expect((await board()).map((e) => e.userId).sort()).toEqual([student.id, classmate.id].sort());

    await h.platform.eventLog.append([enrollmentCancelled(student.id, courseId, enrollmentId)]);
    await h.subgraph.consumers.learning.catchUp();
    expect(await enrollmentRow(student.id, courseId)).toMatchObject({ _id: enrollmentId, status: 'CANCELLED' });
    await expect(h.subgraph.service.submitExercise(student.viewer, exercise._id, rightAnswers(exercise))).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(await h.subgraph.service.viewerGrade(student.viewer, courseId, h.subgraph.service.loaders(student.viewer))).toBeNull();
    expect((await board()).map((e) => e.userId)).toEqual([classmate.id]);

    // Bought again: learning makes the same enrolment ACTIVE with a new EnrollmentCreated.
    await h.platform.eventLog.append([enrollmentCreated(student.id, courseId, enrollmentId)]);
    await h.subgraph.consumers.learning.catchUp();
    expect((await h.subgraph.service.submitExercise(student.viewer, exercise._id, rightAnswers(exercise))).score).toBe(10);
  });

  it('an older enrolment event delivered again after the cancellation does not make a member again', async () => {
    const courseId = await createCourse(h, instructor, { draft: true });
    const student = actor(h, 'STUDENT');
    const enrollmentId = newId();
    await h.platform.eventLog.append([enrollmentCreated(student.id, courseId, enrollmentId), enrollmentCancelled(student.id, courseId, enrollmentId)]);
    await h.subgraph.consumers.learning.catchUp();
    const row = await enrollmentRow(student.id, courseId);
    await h.subgraph.repository.projectEnrollment(enrollmentId, courseId, student.id, 'ACTIVE', row!.seq - 1);
    expect(await enrollmentRow(student.id, courseId)).toEqual(row);
    expect(await h.subgraph.repository.isEnrolled(student.id, courseId)).toBe(false);
  });

  it('an event delivered twice, or an older one after a newer, changes nothing', async () => {
    const courseId = await createCourse(h, instructor, { draft: true });
    const student = actor(h, 'STUDENT');
    const enrollmentId = newId();
    await h.platform.eventLog.append([enrollmentCreated(student.id, courseId, enrollmentId), enrollmentCompleted(student.id, courseId, enrollmentId)]);
    await h.subgraph.consumers.learning.catchUp();
    const row = await enrollmentRow(student.id, courseId);
    // At-least-once delivery: the older EnrollmentCreated comes again after the completion.
    await h.subgraph.repository.projectEnrollment(enrollmentId, courseId, student.id, 'ACTIVE', row!.seq - 1);
    await h.subgraph.repository.projectEnrollment(enrollmentId, courseId, student.id, 'COMPLETED', row!.seq);
    expect(await h.subgraph.repository.enrollments.find({ userId: student.id }).toArray()).toEqual([row]);
    const course = await courseRow(courseId);
    await h.subgraph.repository.projectCourse(courseId, course!.seq - 1, { instructorId: 'someone-else', status: 'ARCHIVED' });
    expect(await courseRow(courseId)).toEqual(course);
  });

  it('a second enrolment event for the same user and course keeps one membership', async () => {
    const courseId = await createCourse(h, instructor, { draft: true });
    const student = actor(h, 'STUDENT');
    await enroll(h, courseId, student);
    await enroll(h, courseId, student);
    expect(await h.subgraph.repository.enrollments.countDocuments({ userId: student.id, courseId })).toBe(1);
  });

  it('an event without its user is skipped and does not hold up the ones after it', async () => {
    const courseId = await createCourse(h, instructor, { draft: true });
    const student = actor(h, 'STUDENT');
    // As an older producer could have logged it, before contracts were checked.
    await uncheckedLog(h.platform).append([newEvent('EnrollmentCreated', newId(), { courseId }, { courseId }), enrollmentCreated(student.id, courseId)]);
    await h.subgraph.consumers.learning.catchUp();
    expect(await enrollmentRow(student.id, courseId)).not.toBeNull();
    expect(await h.subgraph.repository.enrollments.countDocuments({ courseId })).toBe(1);
  });
});

describe('surviving restarts and missed wake-ups', () => {
  it('a stopped subgraph catches up on everything written meanwhile when it starts again, without being told', async () => {
    await h.subgraph.stop();
    const student = actor(h, 'STUDENT');
    const courseId = await createCourse(h, instructor);
    await h.platform.eventLog.append([enrollmentCreated(student.id, courseId)]);
    expect(await courseRow(courseId)).toBeNull();
    expect(await enrollmentRow(student.id, courseId)).toBeNull();

    const again = await createAssessmentSubgraph(h.platform, { pollMs: 100 });
    try {
      await expect.poll(async () => (await courseRow(courseId))?.instructorId, { timeout: 5000 }).toBe(instructor.id);
      await expect.poll(async () => (await enrollmentRow(student.id, courseId))?.status, { timeout: 5000 }).toBe('ACTIVE');
      const exercise = await again.service.createExercise(instructor.viewer, courseId, exerciseInput());
      expect((await again.service.submitExercise(student.viewer, exercise._id, rightAnswers(exercise))).score).toBe(10);
    } finally {
      await again.stop();
      h.subgraph.consumers.catalog.start();
      h.subgraph.consumers.learning.start();
    }
  });

  it('events whose wake-up was lost are picked up by the next poll', async () => {
    const silent: WakeUpBus = { notify: () => undefined, onWake: () => () => undefined, close: async () => undefined };
    const quietLog = new EventLog(h.platform.db, silent);
    const courseId = newId();
    const student = actor(h, 'STUDENT');
    await quietLog.append([
      newEvent('CourseCreated', courseId, { instructorId: instructor.id, status: 'DRAFT' }, { courseId, userId: instructor.id }),
      enrollmentCreated(student.id, courseId),
    ]);
    await expect.poll(async () => (await courseRow(courseId))?.instructorId, { timeout: 5000 }).toBe(instructor.id);
    await expect.poll(async () => (await enrollmentRow(student.id, courseId))?.status, { timeout: 5000 }).toBe('ACTIVE');
  });

  it('the consumers keep their own checkpoints, at the end of the log once caught up', async () => {
    await h.subgraph.consumers.catalog.catchUp();
    await h.subgraph.consumers.learning.catchUp();
    const last = await h.platform.eventLog.lastSeq();
    expect(await checkpoints()).toEqual([last, last]);
    const stored = await h.platform.db.collection('platform_event_checkpoints')
      .find({ _id: { $in: ['assessment.courses', 'assessment.enrollments'] as never[] } }).toArray();
    expect(stored).toHaveLength(2);
  });
});

describe('rebuilding a projection from the start of the log', () => {
  it('clearing both projections, resetting their checkpoints and replaying every event gives the same result', async () => {
    // Some more history first: a completed enrolment and a course that changed after publication.
    const courseId = await createCourse(h, instructor);
    const student = actor(h, 'STUDENT');
    const enrollmentId = newId();
    await h.platform.eventLog.append([enrollmentCreated(student.id, courseId, enrollmentId), enrollmentCompleted(student.id, courseId, enrollmentId)]);
    await h.catalog.service.updateCourse(instructor.viewer, courseId, { priceCents: 900 });
    await h.subgraph.consumers.catalog.catchUp();
    await h.subgraph.consumers.learning.catchUp();
    const before = await snapshot();
    expect(before.courses.length).toBeGreaterThan(5);
    expect(before.enrollments.length).toBeGreaterThan(5);

    await h.subgraph.rebuildProjection('catalog');
    await h.subgraph.rebuildProjection('learning');
    expect(await snapshot()).toEqual(before);
    const last = await h.platform.eventLog.lastSeq();
    expect(await checkpoints()).toEqual([last, last]);
  });

  it('step by step: a cleared projection with its checkpoint reset holds nothing until it catches up', async () => {
    const before = await snapshot();
    const { learning } = h.subgraph.consumers;
    await learning.stop();
    await h.subgraph.repository.enrollments.deleteMany({});
    await learning.consumer.resetCheckpoint();
    expect(await learning.checkpoint()).toBe(0);
    await learning.catchUp();
    expect(await snapshot()).toEqual(before);
    learning.start();
  });
});
