import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, codeOf } from '@lg/platform/testing';
import { ASSET, CREATE_UPLOAD, bytesOf, makeVideo, patch, startMedia, type Actor, type MediaHarness } from './harness.ts';

let h: MediaHarness;
let instructor: Actor;
let courseId: string;
let video: Buffer;

const input = (overrides: Record<string, unknown> = {}) => ({
  purpose: 'LESSON_MEDIA', courseId, fileName: 'clip.mp4', contentType: 'video/mp4', byteSize: 1000, ...overrides,
});

async function uploadBytes(bytes: Buffer, overrides: Record<string, unknown> = {}) {
  const res = await h.gql(CREATE_UPLOAD, { input: input({ byteSize: bytes.length, ...overrides }) }, as(instructor));
  expect(res.errors).toBeUndefined();
  const { id, uploadUrl } = res.data!.createUpload;
  expect((await patch(uploadUrl, 0, bytes)).status).toBe(204);
  await h.media.processor!.catchUp();
  return (await h.gql(ASSET, { id }, as(instructor))).data!.mediaAsset;
}

const assetsStored = async () => h.media.repository.assets.countDocuments();
const storedFilesOf = (id: string) => h.media.storage.list(`${id}/`);

beforeAll(async () => {
  h = await startMedia({}, {});
  instructor = h.actor('INSTRUCTOR');
  courseId = await h.course(instructor);
  video = await bytesOf(await makeVideo(join(h.dataDir, 'fixtures')));
});
afterAll(async () => h?.close());

describe('bad uploads', () => {
  it('a declared 2.1 GB video is refused at createUpload with BAD_USER_INPUT naming byteSize, and nothing is stored', async () => {
    const before = await assetsStored();
    const res = await h.gql(CREATE_UPLOAD, { input: input({ byteSize: 2_100_000_000 }) }, as(instructor));
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe('byteSize');
    expect(res.errors![0]!.message).toMatch(/over the limit for video files/);
    expect(await assetsStored()).toBe(before);
  });

  it.each([
    ['a course cover that is no image', { purpose: 'COURSE_COVER', contentType: 'application/pdf', fileName: 'cover.pdf' }, 'contentType'],
    ['captions that are no WebVTT', { purpose: 'CAPTIONS', contentType: 'video/mp4' }, 'contentType'],
    ['a file name with a slash', { fileName: '../../etc/passwd' }, 'fileName'],
    ['a lab photo without a lab', { purpose: 'LAB_PHOTO', contentType: 'image/png', courseId: null }, 'labId'],
    ['course media without a course', { courseId: null }, 'courseId'],
    ['an empty file', { byteSize: 0 }, 'byteSize'],
    ['an image over 10 MB', { contentType: 'image/png', fileName: 'big.png', byteSize: 10_000_001 }, 'byteSize'],
  ])('%s is refused with BAD_USER_INPUT', async (_what, overrides, field) => {
    const res = await h.gql(CREATE_UPLOAD, { input: input(overrides) }, as(instructor));
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe(field);
  });

  it('an instructor of another course may not upload to this one, nor a student', async () => {
    const other = h.actor('INSTRUCTOR');
    expect(codeOf(await h.gql(CREATE_UPLOAD, { input: input() }, as(other)))).toBe('FORBIDDEN');
    expect(codeOf(await h.gql(CREATE_UPLOAD, { input: input() }, as(h.actor('STUDENT'))))).toBe('FORBIDDEN');
    expect(codeOf(await h.gql(CREATE_UPLOAD, { input: input() }))).toBe('UNAUTHENTICATED');
  });

  it('a user whose uploads would pass their quota is refused', async () => {
    const small = await startMedia({ settings: { MEDIA_QUOTA_BYTES: 1000 } });
    try {
      const owner = small.actor('INSTRUCTOR');
      const course = await small.course(owner);
      expect((await small.gql(CREATE_UPLOAD, { input: input({ courseId: course, byteSize: 600 }) }, as(owner))).errors).toBeUndefined();
      const second = await small.gql(CREATE_UPLOAD, { input: input({ courseId: course, byteSize: 600 }) }, as(owner));
      expect(codeOf(second)).toBe('BAD_USER_INPUT');
      expect(second.errors![0]!.message).toMatch(/quota \(1000 bytes; 600 in use\)/);
    } finally {
      await small.close();
    }
  });

  it('a Windows program renamed .mp4 is sniffed, ends FAILED with the reason, and is never served or stored', async () => {
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from([0x80, 0, 0, 0]), Buffer.alloc(64), Buffer.from('PE\0\0'), randomBytes(2000)]);
    const asset = await uploadBytes(exe);
    expect(asset.status).toBe('FAILED');
    expect(asset.failureReason).toMatch(/program|not a video/);
    expect([asset.url, asset.posterUrl, asset.downloadUrl]).toEqual([null, null, null]);
    expect(await storedFilesOf(asset.id)).toEqual([]);
    const [failed] = await h.platform.db.collection('platform_events').find({ type: 'MediaAssetFailed', aggregateId: asset.id }).toArray();
    expect(failed!.data.reason).toBe(asset.failureReason);
  });

  it('a corrupt video (an MP4 header over garbage) ends FAILED with ffprobe\'s reason, nothing half stored', async () => {
    const corrupt = Buffer.concat([video.subarray(0, 32), randomBytes(8000)]);
    const asset = await uploadBytes(corrupt);
    expect(asset.status).toBe('FAILED');
    expect(asset.failureReason).toMatch(/ffprobe could not read the file|no playable video/);
    expect(asset.url).toBeNull();
    expect(await storedFilesOf(asset.id)).toEqual([]);
  });

  it('a FAILED asset can be retried by its uploader only, and a READY one not at all', async () => {
    const asset = await uploadBytes(Buffer.concat([video.subarray(0, 32), randomBytes(500)]));
    expect(asset.status).toBe('FAILED');
    const retry = `mutation($id: ID!) { retryMediaProcessing(id: $id) { id status failureReason } }`;
    expect(codeOf(await h.gql(retry, { id: asset.id }, as(h.actor('INSTRUCTOR'))))).toBe('FORBIDDEN');
    const again = await h.gql(retry, { id: asset.id }, as(instructor));
    expect(again.data!.retryMediaProcessing).toEqual({ id: asset.id, status: 'PROCESSING', failureReason: null });
    await h.media.processor!.catchUp();
    const after = (await h.gql(ASSET, { id: asset.id }, as(instructor))).data!.mediaAsset;
    expect(after.status).toBe('FAILED');
    const fine = await uploadBytes(video);
    expect(fine.status).toBe('READY');
    expect(codeOf(await h.gql(retry, { id: fine.id }, as(instructor)))).toBe('CONFLICT');
  });

  it('an HTML page uploaded as a file is only ever downloaded as text, sandboxed, never rendered on the service\'s origin', async () => {
    const page = Buffer.from('<!doctype html><script>alert(document.cookie)</script>');
    const asset = await uploadBytes(page, { contentType: 'text/html', fileName: 'page.html' });
    expect(asset).toMatchObject({ status: 'READY', kind: 'FILE', contentType: 'text/plain; charset=utf-8' });
    const served = await fetch(asset.url);
    expect(served.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(served.headers.get('content-disposition')).toMatch(/^attachment; filename="page.html"/);
    expect(served.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('captions must be WebVTT text; a real WebVTT file is READY', async () => {
    const bad = await uploadBytes(Buffer.from('1\n00:00:00,000 --> 00:00:01,000\nHello\n'), { purpose: 'CAPTIONS', contentType: 'text/vtt', fileName: 'en.vtt' });
    expect(bad.status).toBe('FAILED');
    expect(bad.failureReason).toMatch(/WebVTT/);
    const good = await uploadBytes(Buffer.from('WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nHello\n'), { purpose: 'CAPTIONS', contentType: 'text/vtt', fileName: 'en.vtt' });
    expect(good.status).toBe('READY');
    const served = await fetch(good.url);
    expect(served.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
    expect(await served.text()).toMatch(/^WEBVTT/);
  });
});
