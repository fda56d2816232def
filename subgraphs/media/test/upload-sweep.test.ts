import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { as } from '@lg/platform/testing';
import { ASSET, CREATE_UPLOAD, makeVideo, patch, startMedia, type Actor, type MediaHarness } from './harness.ts';

let h: MediaHarness;
let instructor: Actor;
let courseId: string;
let videoPath: string;

beforeAll(async () => {
  h = await startMedia();
  instructor = h.actor('INSTRUCTOR');
  courseId = await h.course(instructor);
  videoPath = await makeVideo(join(h.dataDir, 'fixtures'));
});
afterAll(async () => h?.close());

const open = async (byteSize: number) => {
  const res = await h.gql(CREATE_UPLOAD, { input: { purpose: 'LESSON_MEDIA', courseId, fileName: 'clip.mp4', contentType: 'video/mp4', byteSize } }, as(instructor));
  expect(res.errors).toBeUndefined();
  return res.data!.createUpload as { id: string; uploadUrl: string };
};
const statusOf = async (id: string) => (await h.gql(ASSET, { id }, as(instructor))).data!.mediaAsset;

it('an upload whose last bytes arrived just before a crash is queued when the service starts again', async () => {
  const { size } = await stat(videoPath);
  const { id } = await open(size);
  // The bytes are all there, but the process died before the asset moved on.
  await h.media.staging.fill(id, videoPath);
  expect((await statusOf(id)).status).toBe('UPLOADING');
  await h.restart();
  await h.media.processor!.catchUp();
  expect((await statusOf(id)).status).toBe('READY');
});

it('an upload whose URL expired before its last byte is closed: FAILED with the reason, its bytes freed, its URL refused', async () => {
  const { id, uploadUrl } = await open(1000);
  expect((await patch(uploadUrl, 0, Buffer.alloc(100))).status).toBe(204);
  // Time passes beyond the upload's expiry.
  await h.media.repository.assets.updateOne({ _id: id }, { $set: { uploadExpiresAt: new Date(Date.now() - 1000) } });
  expect((await patch(uploadUrl, 100, Buffer.alloc(100))).status).toBe(410);
  expect(await h.media.service.sweepUploads()).toEqual({ queued: 0, expired: 1 });
  expect(await statusOf(id)).toMatchObject({ status: 'FAILED', failureReason: 'The upload expired before all of its bytes arrived.' });
  expect(await h.media.staging.has(id)).toBe(false);
});

it('a local file is ingested as its owner\'s asset (the seed\'s demo media) and processed like an upload', async () => {
  const asset = await h.media.service.ingestFile(instructor.viewer, {
    purpose: 'LESSON_MEDIA', courseId, fileName: 'demo.mp4', contentType: 'video/mp4',
  }, videoPath);
  await h.media.processor!.catchUp();
  expect(await statusOf(asset._id)).toMatchObject({ status: 'READY', kind: 'VIDEO', width: 160, height: 120 });
});

it('a sweep closes every expired upload, however many were left open (read a page at a time), and gives back their quota', async () => {
  const owner = h.actor('INSTRUCTOR');
  const course = await h.course(owner);
  for (let i = 0; i < 120; i += 1) {
    await h.media.service.createUpload(owner.viewer, { purpose: 'CAPTIONS', courseId: course, fileName: 'en.vtt', contentType: 'text/vtt', byteSize: 10 });
  }
  expect(await h.media.repository.usedBytes(owner.id)).toBe(1200);
  await h.media.repository.assets.updateMany({ ownerId: owner.id }, { $set: { uploadExpiresAt: new Date(Date.now() - 1000) } });
  expect(await h.media.service.sweepUploads()).toEqual({ queued: 0, expired: 120 });
  expect(await h.media.repository.assets.countDocuments({ ownerId: owner.id, status: 'FAILED' })).toBe(120);
  expect(await h.media.repository.usedBytes(owner.id)).toBe(0);
});
