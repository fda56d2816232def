import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId, type LoggedEvent } from '@lg/platform';
import { uncheckedLog } from '@lg/platform/testing';
import { ownershipId, project } from '../src/index.ts';
import { actor, newKey, seedCourse, startCommerce, type Actor, type CommerceHarness } from './harness.ts';

let h: CommerceHarness;
let instructor: Actor;
beforeAll(async () => {
  h = await startCommerce();
  instructor = actor(h, 'INSTRUCTOR');
});
afterAll(async () => h?.close());

const projected = (courseId: string) => h.commerce.repository.courses.findOne({ _id: courseId });
const allCourses = () => h.commerce.repository.courses.find({}).sort({ _id: 1 }).toArray();
const allOwnerships = () => h.commerce.repository.ownerships.find({}).sort({ _id: 1 }).toArray();

describe('the course projection', () => {
  it('holds what commerce needs of a course: title, status, price, currency and instructor', async () => {
    const courseId = await seedCourse(h, instructor, { priceCents: 2_900, currency: 'EUR' });
    await h.settle();
    expect(await projected(courseId)).toMatchObject({ status: 'PUBLISHED', priceCents: 2_900, currency: 'EUR', instructorId: instructor.id, title: expect.stringMatching(/^Course for sale/) });
  });

  it('follows a course from draft to published, and its price and title changes', async () => {
    const courseId = await seedCourse(h, instructor, { priceCents: 1_000, publish: false });
    await h.settle();
    expect(await projected(courseId)).toMatchObject({ status: 'DRAFT', priceCents: 1_000 });
    await h.catalog.service.updateCourse(instructor.viewer, courseId, { priceCents: 1_500, title: 'Renamed course' });
    await h.catalog.service.publishCourse(instructor.viewer, courseId);
    await h.settle();
    expect(await projected(courseId)).toMatchObject({ status: 'PUBLISHED', priceCents: 1_500, title: 'Renamed course' });
  });

  it('catches up after a restart with what was logged while commerce was down', async () => {
    let courseId = '';
    await h.restart(async () => {
      courseId = await seedCourse(h, instructor, { priceCents: 700 });
    });
    // No wake-up was heard for these events; the restarted consumer reads on from its checkpoint by itself.
    await vi.waitFor(async () => expect(await projected(courseId)).toMatchObject({ status: 'PUBLISHED', priceCents: 700 }), { timeout: 5000 });
  });

  it('catches up on its own when a wake-up is lost, by polling', async () => {
    const bus = h.platform.eventLog.bus;
    const notify = bus.notify;
    bus.notify = () => undefined;
    let courseId: string;
    try {
      courseId = await seedCourse(h, instructor);
    } finally {
      bus.notify = notify;
    }
    await vi.waitFor(async () => expect(await projected(courseId)).toMatchObject({ status: 'PUBLISHED' }), { timeout: 5000 });
  });

  it('replaying the log over it changes nothing, and a rebuild from the start holds the same documents', async () => {
    await h.settle();
    const before = await allCourses();
    expect(before.length).toBeGreaterThan(3);
    await h.commerce.consumers.courses.consumer.resetCheckpoint();
    await h.commerce.consumers.courses.catchUp();
    expect(await allCourses()).toEqual(before);
    await h.commerce.consumers.courses.rebuild();
    expect(await allCourses()).toEqual(before);
  });
});

describe('the ownership projection', () => {
  it("records a free enrolment made in learning, with the enrolment's id", async () => {
    const student = actor(h, 'STUDENT');
    const courseId = await seedCourse(h, instructor, { priceCents: 0 });
    const enrolment = await h.learning.service.enrollInFreeCourse(student.viewer, courseId);
    await h.settle();
    expect(await h.commerce.repository.ownerships.findOne({ _id: ownershipId(student.id, courseId) }))
      .toMatchObject({ userId: student.id, courseId, enrollmentId: enrolment._id, orderId: null });
  });

  it('records a paid course at once with its order, and adds the enrolment once learning has granted it', async () => {
    const student = actor(h, 'STUDENT');
    const courseId = await seedCourse(h, instructor, { priceCents: 1_200 });
    await h.commerce.service.addCourseToCart(student.viewer, courseId);
    await h.learning.orderGrants.stop();
    let orderId = '';
    try {
      orderId = (await h.commerce.service.checkout(student.viewer, newKey(), 'tok_ok'))._id;
      expect(await h.commerce.repository.ownerships.findOne({ _id: ownershipId(student.id, courseId) })).toMatchObject({ orderId, enrollmentId: null });
    } finally {
      h.learning.orderGrants.start();
    }
    await h.settle();
    const enrolment = await h.learning.repository.enrollments.findOne({ userId: student.id, courseId });
    expect(await h.commerce.repository.ownerships.findOne({ _id: ownershipId(student.id, courseId) })).toMatchObject({ orderId, enrollmentId: enrolment!._id });
  });

  it('ignores an EnrollmentCreated without a valid user or course', async () => {
    const before = await allOwnerships();
    // As an older producer could have logged them, before contracts were checked.
    await uncheckedLog(h.platform).append([
      { _id: newId(), type: 'EnrollmentCreated', aggregateId: newId(), data: {}, at: new Date() },
      { _id: newId(), type: 'EnrollmentCreated', aggregateId: newId(), userId: 'someone', courseId: newId(), data: {}, at: new Date() },
    ]);
    await h.settle();
    expect(await allOwnerships()).toEqual(before);
  });

  it('replaying the log changes nothing; a rebuild holds the same users and courses, by their enrolments', async () => {
    await h.settle();
    const before = await allOwnerships();
    expect(before.length).toBeGreaterThanOrEqual(2);
    await h.commerce.consumers.ownership.consumer.resetCheckpoint();
    await h.commerce.consumers.ownership.catchUp();
    expect(await allOwnerships()).toEqual(before);
    await h.commerce.consumers.ownership.rebuild();
    // Rebuilt from learning's events alone: the same pairs, each with its enrolment.
    const rebuilt = await allOwnerships();
    expect(rebuilt.map((o) => [o._id, o.enrollmentId])).toEqual(before.map((o) => [o._id, o.enrollmentId]));
  });
});

describe('projecting one catalog event', () => {
  const courseId = newId();
  const instructorId = newId();
  const event = (seq: number, type: string, data: Record<string, unknown>): LoggedEvent =>
    ({ _id: newId(), type, aggregateId: courseId, courseId, data: { instructorId, ...data }, at: new Date(seq * 1000), seq });
  const history = [
    event(1, 'CourseCreated', { status: 'DRAFT', title: 'First title', priceCents: 500, currency: 'EUR' }),
    event(2, 'CourseUpdated', { status: 'DRAFT', title: 'Second title', priceCents: 800, currency: 'EUR', changed: ['priceCents'], values: { priceCents: 800 } }),
    event(3, 'CoursePublished', { status: 'PUBLISHED', title: 'Second title', priceCents: 800, currency: 'EUR' }),
    // An update written before the publish but logged after it still carries the old status.
    event(4, 'CourseUpdated', { status: 'DRAFT', title: 'Third title', priceCents: 800, currency: 'EUR', changed: ['title'], values: { title: 'Third title' } }),
    // Lessons and sections are not commerce's business.
    event(5, 'LessonAdded', { status: 'PUBLISHED', lessonId: newId() }),
  ];
  const final = history.reduce<ReturnType<typeof project> | null>((state, e) => project(state, e), null)!;

  it('keeps a published course published when an older update is logged late', () => {
    expect(final).toMatchObject({ _id: courseId, status: 'PUBLISHED', title: 'Third title', priceCents: 800, currency: 'EUR', instructorId, seq: 5 });
  });

  it('changes only the fields an update names as changed', () => {
    const priceOnly = project(final, event(6, 'CourseUpdated', { title: 'Stale title', priceCents: 900, changed: ['priceCents'], values: { priceCents: 900 } }));
    expect(priceOnly).toMatchObject({ title: 'Third title', priceCents: 900 });
  });

  it('ignores values of the wrong type', () => {
    const odd = project(final, event(7, 'CourseUpdated', { changed: ['priceCents', 'title'], values: { priceCents: -5, title: 42 }, priceCents: 'x' }));
    expect(odd).toMatchObject({ title: 'Third title', priceCents: 800 });
  });
});
