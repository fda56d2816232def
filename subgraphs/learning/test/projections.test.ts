import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId, type LoggedEvent } from '@lg/platform';
import { project, PROJECTION_SHAPE } from '../src/projections.ts';
import { COMPLETE, ENROLL, actor, addLesson, seedCourse, startLearning, type Actor, type LearningHarness } from './harness.ts';

let h: LearningHarness;
let instructor: Actor;
beforeAll(async () => {
  h = await startLearning();
  instructor = actor(h, 'INSTRUCTOR');
});
afterAll(async () => h?.close());

const projected = (courseId: string) => h.learning.repository.courses.findOne({ _id: courseId });
const allProjected = () => h.learning.repository.courses.find({}).sort({ _id: 1 }).toArray();

describe('the course projection', () => {
  it("holds what learning needs of a course: status, price, instructor and its lessons in reading order", async () => {
    const { courseId, sectionIds, lessonIds } = await seedCourse(h, instructor, { sections: 2, lessons: 2, priceCents: 1900 });
    await h.learning.projector.catchUp();
    expect(await projected(courseId)).toMatchObject({
      status: 'PUBLISHED', priceCents: 1900, currency: 'USD', instructorId: instructor.id, lessonIds, lessonCount: 4,
      sections: [{ sectionId: sectionIds[0], position: 1 }, { sectionId: sectionIds[1], position: 2 }],
    });
  });

  it('follows a reorder: lessons moved between sections and sections swapped are read in the new order', async () => {
    const { courseId, sectionIds, lessonIds } = await seedCourse(h, instructor, { sections: 2, lessons: 2 });
    const [a, b, c, d] = lessonIds as [string, string, string, string];
    const version = (await h.catalog.repository.findCourse(courseId))!.version;
    await h.catalog.service.reorderCourse(instructor.viewer, {
      courseId, expectedVersion: version, sections: [{ id: sectionIds[1]!, lessonIds: [d, a] }, { id: sectionIds[0]!, lessonIds: [b, c] }],
    });
    await h.learning.projector.catchUp();
    expect(await projected(courseId)).toMatchObject({ lessonIds: [d, a, b, c], lessonCount: 4 });
  });

  it("knows a lesson's video and its duration, from the lesson's content and from the asset becoming ready", async () => {
    const { courseId, lessonIds } = await seedCourse(h, instructor, { lessons: 2 });
    const base = await projected(courseId);
    const at = new Date();
    const event = (type: string, data: Record<string, unknown>, seq: number): LoggedEvent =>
      ({ _id: newId(), type, aggregateId: courseId, courseId, data, seq, at } as LoggedEvent);
    const assetId = newId();
    const content = project(base, event('LessonContentUpdated', { courseId, instructorId: instructor.id, status: 'PUBLISHED', by: instructor.id, lessonId: lessonIds[0], preview: false, mediaIds: [assetId], videoAssetId: assetId, version: 1 }, base!.seq + 1));
    expect(content.videos).toEqual([{ lessonId: lessonIds[0], assetId }]);
    expect(content.videoDurations ?? []).toEqual([]);
    const ready = project(content, event('MediaAssetReady', { assetId, courseId, kind: 'VIDEO', durationSeconds: 61.5 }, base!.seq + 2));
    expect(ready.videoDurations).toEqual([{ assetId, seconds: 61.5 }]);
  });

  it("keeps each lesson's title through a reorder, and gives the lesson to resume its title without asking catalog", async () => {
    const { courseId, sectionIds, lessonIds } = await seedCourse(h, instructor, { lessons: 2 });
    const [a, b] = lessonIds as [string, string];
    const version = (await h.catalog.repository.findCourse(courseId))!.version;
    await h.catalog.service.reorderCourse(instructor.viewer, { courseId, expectedVersion: version, sections: [{ id: sectionIds[0]!, lessonIds: [b, a] }] });
    await h.learning.projector.catchUp();
    expect((await projected(courseId))!.lessons.map((l) => [l.lessonId, l.title])).toEqual(expect.arrayContaining([[a, 'Lesson 1.1'], [b, 'Lesson 1.2']]));
    const student = actor(h, 'STUDENT');
    await h.gql(ENROLL, { courseId }, { token: student.token });
    const resume = await h.gql(`{ myEnrollments { edges { node { resumeLesson { id courseId title } } } } }`, {}, { token: student.token });
    expect(resume.data!.myEnrollments.edges[0].node.resumeLesson).toEqual({ id: b, courseId, title: 'Lesson 1.2' });
  });

  it('is rebuilt when learning starts, when it was written before learning kept lesson titles', async () => {
    const { courseId } = await seedCourse(h, instructor, { lessons: 2 });
    await h.learning.projector.catchUp();
    const before = (await projected(courseId))!;
    // As an older learning wrote it: the lessons without their titles, and no shape.
    await h.learning.repository.courses.updateOne({ _id: courseId }, { $set: { lessons: before.lessons.map(({ title: _title, ...rest }) => rest) }, $unset: { shape: '' } });
    expect(await h.learning.repository.hasOutdatedCourses(PROJECTION_SHAPE)).toBe(true);
    await h.restartLearning();
    expect(await h.learning.repository.hasOutdatedCourses(PROJECTION_SHAPE)).toBe(false);
    expect(await projected(courseId)).toEqual(before);
  });

  it('follows a course from draft to published, and price changes', async () => {
    const { courseId } = await seedCourse(h, instructor, { publish: false });
    await h.learning.projector.catchUp();
    expect(await projected(courseId)).toMatchObject({ status: 'DRAFT', priceCents: 0, lessonCount: 1 });
    await h.catalog.service.updateCourse(instructor.viewer, courseId, { priceCents: 990 });
    await h.catalog.service.publishCourse(instructor.viewer, courseId);
    await h.learning.projector.catchUp();
    expect(await projected(courseId)).toMatchObject({ status: 'PUBLISHED', priceCents: 990 });
  });

  it('catches up after a restart: a course published and a lesson added while learning was down', async () => {
    const first = await seedCourse(h, instructor, { lessons: 2 });
    const student = actor(h, 'STUDENT');
    await h.gql(ENROLL, { courseId: first.courseId }, { token: student.token });
    await h.gql(COMPLETE, { courseId: first.courseId, lessonId: first.lessonIds[0] }, { token: student.token });
    let second = '';
    await h.restartLearning(async () => {
      second = (await seedCourse(h, instructor)).courseId;
      await addLesson(h, instructor, first.sectionIds[0]!);
    });
    // No wake-up was heard for these events; the restarted consumer reads on from its checkpoint by itself.
    await vi.waitFor(async () => expect(await projected(second)).toMatchObject({ status: 'PUBLISHED' }), { timeout: 5000 });
    await vi.waitFor(async () => expect((await projected(first.courseId))!.lessonCount).toBe(3), { timeout: 5000 });
    expect((await h.gql(ENROLL, { courseId: second }, { token: student.token })).errors).toBeUndefined();
    const mine = await h.gql(`{ myEnrollments { edges { node { course { id } progressPercent } } } }`, {}, { token: student.token });
    expect(mine.data!.myEnrollments.edges.map((e: any) => e.node)).toEqual([
      { course: { id: second }, progressPercent: 0 },
      { course: { id: first.courseId }, progressPercent: 33.33 },
    ]);
  });

  it('catches up on its own when a wake-up is lost, by polling', async () => {
    const bus = h.platform.eventLog.bus;
    const notify = bus.notify;
    bus.notify = () => undefined;
    let courseId: string;
    try {
      courseId = (await seedCourse(h, instructor)).courseId;
    } finally {
      bus.notify = notify;
    }
    await vi.waitFor(async () => expect(await projected(courseId)).toMatchObject({ status: 'PUBLISHED', lessonCount: 1 }), { timeout: 5000 });
  });

  it('rebuilt from the start of the log, after clearing it, holds the same documents', async () => {
    await seedCourse(h, instructor, { sections: 3, lessons: 2 });
    await h.learning.projector.catchUp();
    const before = await allProjected();
    expect(before.length).toBeGreaterThan(3);
    await h.learning.projector.rebuild();
    expect(await allProjected()).toEqual(before);
    // The same by hand, with the consumer's own parts: clear, reset the checkpoint, catch up.
    const consumer = h.learning.consumers.catalog;
    await consumer.stop();
    await h.learning.repository.courses.deleteMany({});
    await consumer.resetCheckpoint();
    await consumer.catchUp();
    consumer.start();
    expect(await allProjected()).toEqual(before);
  });

  it('replaying the log over the projection changes nothing', async () => {
    await h.learning.projector.catchUp();
    const before = await allProjected();
    await h.learning.consumers.catalog.resetCheckpoint();
    await h.learning.projector.catchUp();
    expect(await allProjected()).toEqual(before);
  });
});

describe('projecting one event', () => {
  const courseId = newId();
  const instructorId = newId();
  const event = (seq: number, type: string, data: Record<string, unknown>): LoggedEvent =>
    ({ _id: newId(), type, aggregateId: courseId, courseId, data: { instructorId, ...data }, at: new Date(seq * 1000), seq });
  const sectionId = newId();
  const [l1, l2, l3] = [newId(), newId(), newId()];
  const history = [
    event(1, 'CourseCreated', { status: 'DRAFT', priceCents: 500, currency: 'EUR' }),
    event(2, 'CourseSectionAdded', { sectionId, position: 1, status: 'DRAFT' }),
    event(3, 'LessonAdded', { sectionId, lessonId: l2, position: 2, status: 'DRAFT', lessonCount: 2 }),
    event(4, 'LessonAdded', { sectionId, lessonId: l1, position: 1, status: 'DRAFT', lessonCount: 1 }),
    event(5, 'CoursePublished', { status: 'PUBLISHED', priceCents: 500, currency: 'EUR', lessons: [{ lessonId: l1, sectionId }, { lessonId: l2, sectionId }, { lessonId: l3, sectionId }] }),
    // An update written before the publish but logged after it still carries the old status.
    event(6, 'CourseUpdated', { status: 'DRAFT', changed: ['title'], values: { title: 'x' }, priceCents: 500, currency: 'EUR' }),
  ];
  const final = history.reduce<ReturnType<typeof project> | null>((state, e) => project(state, e), null)!;

  it('orders lessons by position whatever order they were logged in, and counts lessons only the snapshot named', () => {
    expect(final.lessonIds).toEqual([l1, l2, l3]);
    expect(final.lessonCount).toBe(3);
  });

  it('keeps a published course published when an older update is logged late', () => {
    expect(final).toMatchObject({ status: 'PUBLISHED', priceCents: 500, currency: 'EUR', instructorId, seq: 6 });
  });

  it("learns a lesson's title from LessonAdded, also when the published snapshot named the lesson first", () => {
    const titled = project(final, event(7, 'LessonAdded', { sectionId, lessonId: l3, position: 3, title: 'Late', status: 'PUBLISHED', lessonCount: 3 }));
    expect(titled.lessons.find((l) => l.lessonId === l3)).toEqual({ lessonId: l3, sectionId, position: 3, title: 'Late' });
    expect(titled.lessonIds).toEqual(final.lessonIds);
  });

  it('applying an event again adds nothing', () => {
    const again = history.slice(2, 5).reduce((state, e) => project(state, { ...e, seq: e.seq + 10 }), final);
    expect({ ...again, seq: 6, updatedAt: final.updatedAt }).toEqual(final);
  });
});
