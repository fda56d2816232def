import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as } from '@lg/platform/testing';
import { signMediaUrl } from '../src/index.ts';
import { ASSET, CREATE_UPLOAD, bytesOf, makeVideo, offsetOf, patch, startMedia, type Actor, type MediaHarness } from './harness.ts';

let h: MediaHarness;
let instructor: Actor;
let courseId: string;
let video: Buffer;

/** Opens an upload of `bytes` as the instructor and sends them in `parts` PATCHes. */
async function upload(bytes: Buffer, input: Record<string, unknown> = {}, parts = 1) {
  const res = await h.gql(CREATE_UPLOAD, {
    input: { purpose: 'LESSON_MEDIA', courseId, fileName: 'clip.mp4', contentType: 'video/mp4', byteSize: bytes.length, ...input },
  }, as(instructor));
  expect(res.errors).toBeUndefined();
  const session = res.data!.createUpload;
  const step = Math.ceil(bytes.length / parts);
  for (let offset = 0; offset < bytes.length; offset += step) {
    const answer = await patch(session.uploadUrl, offset, bytes.subarray(offset, offset + step));
    expect(answer.status).toBe(204);
  }
  return session as { id: string; uploadUrl: string };
}

async function settled(id: string) {
  await h.media.processor!.catchUp();
  const res = await h.gql(ASSET, { id }, as(instructor));
  expect(res.errors).toBeUndefined();
  return res.data!.mediaAsset;
}

beforeAll(async () => {
  h = await startMedia();
  instructor = h.actor('INSTRUCTOR');
  courseId = await h.course(instructor);
  video = await bytesOf(await makeVideo(join(h.dataDir, 'fixtures')));
});
afterAll(async () => h?.close());

describe('an uploaded video', () => {
  let asset: Record<string, any>;

  beforeAll(async () => {
    const session = await upload(video);
    asset = await settled(session.id);
  });

  it('becomes READY with its duration, size and sniffed type', () => {
    expect(asset).toMatchObject({ status: 'READY', kind: 'VIDEO', contentType: 'video/mp4', width: 160, height: 120, failureReason: null });
    expect(asset.durationSeconds).toBeGreaterThan(1.5);
    expect(asset.durationSeconds).toBeLessThan(2.6);
  });

  it('plays as HLS: a master playlist of two renditions, each with segments, and a JPEG poster', async () => {
    const master = await fetch(asset.url);
    expect(master.status).toBe(200);
    expect(master.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    const playlist = await master.text();
    const variants = playlist.split('\n').filter((line) => line.endsWith('.m3u8'));
    expect(variants).toHaveLength(2);
    expect(playlist).toMatch(/RESOLUTION=160x120/);
    expect(playlist).toMatch(/RESOLUTION=80x60/);
    // Relative URLs resolve under the signed path, as a player resolves them.
    const variant = await fetch(new URL(variants[0]!, asset.url));
    expect(variant.status).toBe(200);
    const segment = (await variant.text()).split('\n').find((line) => line.endsWith('.ts'))!;
    const ts = await fetch(new URL(segment, new URL(variants[0]!, asset.url)));
    expect(ts.status).toBe(200);
    expect(ts.headers.get('content-type')).toBe('video/mp2t');
    const bytes = Buffer.from(await ts.arrayBuffer());
    expect(bytes[0]).toBe(0x47); // MPEG-TS sync byte
    const poster = await fetch(asset.posterUrl);
    expect(poster.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await poster.arrayBuffer()).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  });

  it('is served with caching headers, nosniff and byte ranges (206, 416) and answers 304 to its ETag', async () => {
    const whole = await fetch(asset.downloadUrl);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('x-content-type-options')).toBe('nosniff');
    expect(whole.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(whole.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
    expect(Number(/max-age=(\d+)/.exec(whole.headers.get('cache-control')!)![1])).toBeGreaterThan(3000);
    expect(whole.headers.get('last-modified')).toBeTruthy();
    expect(whole.headers.get('content-disposition')).toBe('attachment; filename="clip.mp4"; filename*=UTF-8\'\'clip.mp4');
    expect(Buffer.from(await whole.arrayBuffer()).equals(video)).toBe(true);

    const part = await fetch(asset.downloadUrl, { headers: { Range: 'bytes=10-19' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${video.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(video.subarray(10, 20))).toBe(true);

    const beyond = await fetch(asset.downloadUrl, { headers: { Range: `bytes=${video.length + 10}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${video.length}`);

    const again = await fetch(asset.downloadUrl, { headers: { 'If-None-Match': whole.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('is refused with an expired signature, a tampered path or another asset\'s signature', async () => {
    const url = new URL(asset.downloadUrl);
    const [, , id, token] = url.pathname.split('/');
    const [exp, sig] = token!.split('.');
    // An expiry moved forward no longer matches its signature.
    const later = new URL(url.href.replace(`${exp}.${sig}`, `${Number(exp) + 3600}.${sig}`));
    expect((await fetch(later)).status).toBe(403);
    // A path the signature was not made for (the original under another name, a playlist).
    expect((await fetch(url.href.replace('/download/clip.mp4', '/download/other.mp4'))).status).toBe(403);
    expect((await fetch(url.href.replace('/download/clip.mp4', '/original'))).status).toBe(403);
    // Another asset's signature.
    const other = await upload(video);
    expect((await fetch(url.href.replace(`/media/${id}/`, `/media/${other.id}/`))).status).toBe(403);
    // A signature whose time has passed.
    const past = signMediaUrl(h.media.config.urlSecret, h.origin, id!, 'download/clip.mp4', new Date(Date.now() - 1000));
    expect((await fetch(past)).status).toBe(403);
  });
});

describe('uploads', () => {
  it('a truncated upload resumed from the offset tus kept completes and is processed', async () => {
    const res = await h.gql(CREATE_UPLOAD, {
      input: { purpose: 'LESSON_MEDIA', courseId, fileName: 'clip.mp4', contentType: 'video/mp4', byteSize: video.length },
    }, as(instructor));
    const { id, uploadUrl } = res.data!.createUpload;
    const half = Math.floor(video.length / 2);
    expect((await patch(uploadUrl, 0, video.subarray(0, half))).status).toBe(204);
    // The connection dropped: the client asks where to go on from.
    expect(await offsetOf(uploadUrl)).toBe(half);
    expect((await h.gql(ASSET, { id }, as(instructor))).data!.mediaAsset.status).toBe('UPLOADING');
    // A PATCH at the wrong offset is refused and changes nothing.
    expect((await patch(uploadUrl, 0, video.subarray(0, 10))).status).toBe(409);
    expect((await patch(uploadUrl, half, video.subarray(half))).status).toBe(204);
    const asset = await settled(id);
    expect(asset.status).toBe('READY');
    expect(Buffer.from(await (await fetch(asset.downloadUrl)).arrayBuffer()).equals(video)).toBe(true);
  });

  it('takes no byte past the declared size, and no request without the signed upload name', async () => {
    const res = await h.gql(CREATE_UPLOAD, {
      input: { purpose: 'LESSON_MEDIA', courseId, fileName: 'clip.mp4', contentType: 'video/mp4', byteSize: 100 },
    }, as(instructor));
    const { id, uploadUrl } = res.data!.createUpload;
    expect((await patch(uploadUrl, 0, video.subarray(0, 200))).status).toBeGreaterThanOrEqual(400);
    expect(await offsetOf(uploadUrl)).toBe(0);
    const tampered = uploadUrl.replace(/\.[A-Za-z0-9_-]{32}$/, '.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect((await patch(tampered, 0, video.subarray(0, 10))).status).toBe(404);
    expect((await patch(`${h.origin}/uploads/${id}`, 0, video.subarray(0, 10))).status).toBe(404);
    expect((await fetch(`${h.origin}/uploads/`, { method: 'POST', headers: { 'Tus-Resumable': '1.0.0', 'Upload-Length': '10' } })).status).toBe(405);
  });
});
