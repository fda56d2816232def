import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnrollmentCancelled, EnrollmentCompleted, LabCreated, LessonContentUpdated, SupplementAdded, SupplementRemoved } from '@lg/events';
import { newId } from '@lg/platform';
import { as, codeOf } from '@lg/platform/testing';
import { CREATE_UPLOAD, patch, startMedia, type Actor, type MediaHarness } from './harness.ts';

// The access rule, from media's projections of others' events alone.
let h: MediaHarness;
let instructor: Actor;
let courseId: string;
const READ = `query($id: ID!) { mediaAsset(id: $id) { id url } }`;
const WEBVTT = Buffer.from('WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nHi\n');

/** A READY file of the course (captions: the cheapest kind to process). */
async function readyAsset(purpose = 'CAPTIONS'): Promise<string> {
  const type = purpose === 'CAPTIONS' ? { fileName: 'en.vtt', contentType: 'text/vtt' } : { fileName: 'notes.txt', contentType: 'text/plain' };
  const res = await h.gql(CREATE_UPLOAD, { input: { purpose, courseId, ...type, byteSize: WEBVTT.length } }, as(instructor));
  const { id, uploadUrl } = res.data!.createUpload;
  expect((await patch(uploadUrl, 0, WEBVTT)).status).toBe(204);
  await h.media.processor!.catchUp();
  return id;
}
/** Logs others' events as their producers would, and lets media's projection see them. */
async function logged(...events: Parameters<MediaHarness['platform']['eventLog']['append']>[0]): Promise<void> {
  await h.platform.eventLog.append(events);
  await h.media.access.catchUp();
}
/** The course fields catalog's events carry. */
const ofCourse = () => ({ courseId, instructorId: instructor.id, status: 'PUBLISHED' as const, by: instructor.id });
/** What a caller gets: whether a URL was issued, or the error's code. */
const read = async (who: Actor | undefined, id: string) => {
  const res = await h.gql(READ, { id }, as(who));
  return res.errors ? codeOf(res) : Boolean(res.data!.mediaAsset.url);
};

beforeAll(async () => {
  h = await startMedia();
  instructor = h.actor('INSTRUCTOR');
  courseId = await h.course(instructor);
});
afterAll(async () => h?.close());

describe('who may read a course\'s READY asset', () => {
  it('a member while ACTIVE or COMPLETED, no longer once the enrolment is cancelled', async () => {
    const id = await readyAsset();
    const student = h.actor('STUDENT');
    expect(await read(student, id)).toBe('FORBIDDEN');
    await h.enrol(student, courseId);
    await h.media.access.catchUp();
    expect(await read(student, id)).toBe(true);
    const enrollmentId = newId();
    await logged(EnrollmentCompleted.build({ enrollmentId, userId: student.id, courseId, completedAt: new Date(), lessonCount: 1 }));
    expect(await read(student, id)).toBe(true);
    await logged(EnrollmentCancelled.build({
      enrollmentId, userId: student.id, courseId, source: 'ORDER', orderId: newId(), reason: 'ORDER_REFUNDED', cancelledAt: new Date(),
    }));
    expect(await read(student, id)).toBe('FORBIDDEN');
  });

  it('everyone while a preview lesson shows it, nobody outside the course once the lesson is no preview', async () => {
    const id = await readyAsset('LESSON_MEDIA');
    const lessonId = newId();
    expect(await read(undefined, id)).toBe('UNAUTHENTICATED');
    await logged(LessonContentUpdated.build({ ...ofCourse(), version: 1, lessonId, preview: true, mediaIds: [id] }));
    expect(await read(undefined, id)).toBe(true);
    expect(await read(h.actor('STUDENT'), id)).toBe(true);
    await logged(LessonContentUpdated.build({ ...ofCourse(), version: 1, lessonId, preview: false, mediaIds: [id] }));
    expect(await read(undefined, id)).toBe('UNAUTHENTICATED');
    expect(await read(instructor, id)).toBe(true);
  });

  it('everyone while a public supplement holds it, until the supplement is removed', async () => {
    const id = await readyAsset('SUPPLEMENT_FILE');
    const supplementId = newId();
    await logged(SupplementAdded.build({ ...ofCourse(), supplementId, public: false, mediaId: id }));
    expect(await read(undefined, id)).toBe('UNAUTHENTICATED');
    await logged(SupplementAdded.build({ ...ofCourse(), supplementId: newId(), public: true, mediaId: id }));
    expect(await read(undefined, id)).toBe(true);
    const other = newId();
    await logged(SupplementAdded.build({ ...ofCourse(), supplementId: other, public: true, mediaId: id }));
    await logged(SupplementRemoved.build({ ...ofCourse(), supplementId: other, public: true, mediaId: id }));
    // Still held by the first public supplement.
    expect(await read(undefined, id)).toBe(true);
  });
});

it('a lab\'s host may upload its photos (another instructor may not), which everyone may see once READY', async () => {
  const host = h.actor('INSTRUCTOR');
  const labId = newId();
  await logged(LabCreated.build({
    labId, hostId: host.id, title: 'Lab', location: 'Room 1', capacity: 4, pricePerHourCents: 0, equipment: [], openHoursUtc: [9],
  }));
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
  const input = { purpose: 'LAB_PHOTO', labId, fileName: 'lab.png', contentType: 'image/png', byteSize: png.length };
  expect(codeOf(await h.gql(CREATE_UPLOAD, { input }, as(instructor)))).toBe('FORBIDDEN');
  const res = await h.gql(CREATE_UPLOAD, { input }, as(host));
  expect(res.data!.createUpload.asset.courseId).toBeNull();
  const { id, uploadUrl } = res.data!.createUpload;
  expect((await patch(uploadUrl, 0, png)).status).toBe(204);
  await h.media.processor!.catchUp();
  expect(await read(undefined, id)).toBe(true);
  expect((await h.gql(`query($id: ID!) { mediaAsset(id: $id) { kind width height } }`, { id })).data!.mediaAsset).toEqual({ kind: 'IMAGE', width: 1, height: 1 });
});
