import { afterAll, beforeAll, expect, it } from 'vitest';
import { as, codeOf } from '@lg/platform/testing';
import { ASSET, CREATE_UPLOAD, patch, startMedia, type Actor, type MediaHarness } from './harness.ts';

// Each user may hold 1000 bytes of UPLOADING, PROCESSING and READY assets.
let h: MediaHarness;

beforeAll(async () => {
  h = await startMedia({ settings: { MEDIA_QUOTA_BYTES: 1000 } });
});
afterAll(async () => h?.close());

const input = (courseId: string, byteSize: number) => ({ purpose: 'LESSON_MEDIA', courseId, fileName: 'clip.mp4', contentType: 'video/mp4', byteSize });
const create = (owner: Actor, courseId: string, byteSize: number) => h.gql(CREATE_UPLOAD, { input: input(courseId, byteSize) }, as(owner));
const usedBy = async (owner: Actor) => (await h.media.repository.usage.findOne({ _id: owner.id }))?.usedBytes;
const held = (owner: Actor) => h.media.repository.assets.countDocuments({ ownerId: owner.id, status: { $in: ['UPLOADING', 'PROCESSING', 'READY'] } });

it('eight simultaneous uploads of 300 bytes under a 1000-byte quota: exactly three are opened, five refused with BAD_USER_INPUT', async () => {
  const owner = h.actor('INSTRUCTOR');
  const courseId = await h.course(owner);
  const answers = await Promise.all(Array.from({ length: 8 }, () => create(owner, courseId, 300)));
  const opened = answers.filter((a) => a.errors === undefined);
  const refused = answers.filter((a) => a.errors !== undefined);
  expect(opened).toHaveLength(3);
  expect(refused.map(codeOf)).toEqual(Array(5).fill('BAD_USER_INPUT'));
  for (const r of refused) {
    expect(r.errors![0]!.extensions!.field).toBe('byteSize');
    expect(r.errors![0]!.message).toMatch(/over your storage quota \(1000 bytes; 900 in use\)/);
  }
  expect(await usedBy(owner)).toBe(900);
  expect(await held(owner)).toBe(3);
  // What is left still fits.
  expect((await create(owner, courseId, 100)).errors).toBeUndefined();
  expect(codeOf(await create(owner, courseId, 1))).toBe('BAD_USER_INPUT');
});

it('a failed processing gives its bytes back, and a retry takes them again only if they fit', async () => {
  const owner = h.actor('INSTRUCTOR');
  const courseId = await h.course(owner);
  const created = await create(owner, courseId, 600);
  const { id, uploadUrl } = created.data!.createUpload;
  // Not a video: processing refuses it.
  expect((await patch(uploadUrl, 0, Buffer.alloc(600, 7))).status).toBe(204);
  await h.media.processor!.catchUp();
  expect((await h.gql(ASSET, { id }, as(owner))).data!.mediaAsset.status).toBe('FAILED');
  expect(await usedBy(owner)).toBe(0);

  expect((await create(owner, courseId, 500)).errors).toBeUndefined();
  const retry = `mutation($id: ID!) { retryMediaProcessing(id: $id) { status } }`;
  const refused = await h.gql(retry, { id }, as(owner));
  expect(codeOf(refused)).toBe('BAD_USER_INPUT');
  expect(refused.errors![0]!.message).toMatch(/Retrying this asset would take you over your storage quota/);
  expect((await h.gql(ASSET, { id }, as(owner))).data!.mediaAsset.status).toBe('FAILED');
  expect(await usedBy(owner)).toBe(500);
});

it('an expired upload stands aside for a new one: it is closed FAILED and its bytes given back', async () => {
  const owner = h.actor('INSTRUCTOR');
  const courseId = await h.course(owner);
  const { id } = (await create(owner, courseId, 800)).data!.createUpload;
  expect(codeOf(await create(owner, courseId, 800))).toBe('BAD_USER_INPUT');
  // Time passes beyond the upload's expiry, before any sweep.
  await h.media.repository.assets.updateOne({ _id: id }, { $set: { uploadExpiresAt: new Date(Date.now() - 1000) } });
  expect((await create(owner, courseId, 800)).errors).toBeUndefined();
  expect((await h.gql(ASSET, { id }, as(owner))).data!.mediaAsset.status).toBe('FAILED');
  expect(await usedBy(owner)).toBe(800);
  // The sweep finds nothing more to give back.
  await h.media.service.sweepUploads();
  expect(await usedBy(owner)).toBe(800);
});

it('a user whose assets predate usage records starts from what those assets hold', async () => {
  const owner = h.actor('INSTRUCTOR');
  const courseId = await h.course(owner);
  await create(owner, courseId, 700);
  // As if the asset had been made before usage was recorded.
  await h.media.repository.usage.deleteOne({ _id: owner.id });
  expect(codeOf(await create(owner, courseId, 400))).toBe('BAD_USER_INPUT');
  expect(await usedBy(owner)).toBe(700);
});
