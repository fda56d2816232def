import { request } from 'node:http';
import { stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as } from '@lg/platform/testing';
import { signMediaUrl } from '../src/index.ts';
import { ASSET, CREATE_UPLOAD, offsetOf, patch, startMedia, type Actor, type MediaHarness } from './harness.ts';

// An attacker's requests at /uploads and /media, sent as raw HTTP (a fetch would tidy `..` away).
let h: MediaHarness;
let instructor: Actor;
let courseId: string;
const VTT = Buffer.from('WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nHello there\n');

beforeAll(async () => {
  h = await startMedia();
  instructor = h.actor('INSTRUCTOR');
  courseId = await h.course(instructor);
});
afterAll(async () => h?.close());

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }
function raw(method: string, url: string, headers: Record<string, string> = {}, body?: Buffer): Promise<Answer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method, path: url.slice(u.origin.length), headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const TUS = { 'Tus-Resumable': '1.0.0', 'Content-Type': 'application/offset+octet-stream' };
async function open(byteSize: number, who = instructor, course = courseId, purpose = 'CAPTIONS') {
  const input = purpose === 'CAPTIONS'
    ? { purpose, courseId: course, fileName: 'en.vtt', contentType: 'text/vtt', byteSize }
    : { purpose, courseId: course, fileName: 'data.bin', contentType: 'application/octet-stream', byteSize };
  const res = await h.gql(CREATE_UPLOAD, { input }, as(who));
  expect(res.errors).toBeUndefined();
  return res.data!.createUpload as { id: string; uploadUrl: string };
}
const queuedEvents = (id: string) => h.platform.db.collection('platform_events').countDocuments({ type: 'MediaProcessingQueued', aggregateId: id });

describe('tus requests that lie', () => {
  it.each([
    ['a negative Upload-Length', { 'Upload-Length': '-1' }, 400],
    ['an Upload-Length past any number', { 'Upload-Length': '99999999999999999999' }, 400],
    ['an Upload-Length other than the declared size', { 'Upload-Length': '5' }, 400],
    ['a negative Upload-Offset', { 'Upload-Offset': '-5' }, 400],
    ['an Upload-Offset that is no number', { 'Upload-Offset': '1e3' }, 400],
    ['an Upload-Offset ahead of the bytes received', { 'Upload-Offset': '10' }, 409],
  ])('a PATCH with %s is refused and writes nothing', async (_what, headers, status) => {
    const { uploadUrl } = await open(VTT.length);
    const res = await raw('PATCH', uploadUrl, { ...TUS, 'Upload-Offset': '0', ...headers }, VTT.subarray(0, 6));
    expect(res.status).toBe(status);
    expect(await offsetOf(uploadUrl)).toBe(0);
  });

  it('bytes past the declared size are refused (413) and the upload keeps what it had', async () => {
    const { uploadUrl } = await open(VTT.length);
    expect((await patch(uploadUrl, 0, VTT.subarray(0, 6))).status).toBe(204);
    expect((await patch(uploadUrl, 6, Buffer.alloc(VTT.length, 65))).status).toBe(413);
    expect(await offsetOf(uploadUrl)).toBe(6);
  });

  it('three simultaneous PATCHes at the same offset: one is taken, the others are 409, and the file holds exactly the offset\'s bytes', async () => {
    const size = 4 * 1024 * 1024;
    const { id, uploadUrl } = await open(size, instructor, courseId, 'LESSON_MEDIA');
    const chunk = Buffer.alloc(2 * 1024 * 1024, 66);
    const statuses = (await Promise.all([patch(uploadUrl, 0, chunk), patch(uploadUrl, 0, chunk), patch(uploadUrl, 0, chunk)])).map((r) => r.status).sort();
    expect(statuses).toEqual([204, 409, 409]);
    expect(await offsetOf(uploadUrl)).toBe(chunk.length);
    expect((await stat(h.media.staging.path(id))).size).toBe(chunk.length);
  });

  it('two simultaneous last PATCHes queue the asset\'s processing once', async () => {
    const { id, uploadUrl } = await open(VTT.length);
    const statuses = (await Promise.all([patch(uploadUrl, 0, VTT), patch(uploadUrl, 0, VTT)])).map((r) => r.status).sort();
    expect(statuses).toEqual([204, 409]);
    await h.media.processor!.catchUp();
    expect(await queuedEvents(id)).toBe(1);
    expect((await h.gql(ASSET, { id }, as(instructor))).data!.mediaAsset.status).toBe('READY');
  });

  it('another user\'s asset id under my upload URL\'s signature is not found, and their upload is untouched', async () => {
    const mine = await open(VTT.length);
    const other = h.actor('INSTRUCTOR');
    const theirs = await open(VTT.length, other, await h.course(other));
    const forged = mine.uploadUrl.replace(mine.id, theirs.id);
    expect((await raw('HEAD', forged, { 'Tus-Resumable': '1.0.0' })).status).toBe(404);
    expect((await raw('PATCH', forged, { ...TUS, 'Upload-Offset': '0' }, VTT)).status).toBe(404);
    expect(await offsetOf(theirs.uploadUrl)).toBe(0);
  });

  it('Upload-Metadata sent with a PATCH changes neither the asset\'s name nor its type', async () => {
    const { id, uploadUrl } = await open(VTT.length);
    const metadata = `filename ${Buffer.from('../../etc/passwd').toString('base64')},filetype ${Buffer.from('text/html').toString('base64')}`;
    expect((await raw('PATCH', uploadUrl, { ...TUS, 'Upload-Offset': '0', 'Upload-Metadata': metadata }, VTT)).status).toBe(204);
    await h.media.processor!.catchUp();
    const asset = await h.media.repository.findAsset(id);
    expect(asset).toMatchObject({ fileName: 'en.vtt', contentType: 'text/vtt; charset=utf-8', status: 'READY' });
  });

  it.each(['POST', 'GET', 'DELETE', 'PUT'])('%s of an upload URL is 405: uploads are created and ended by the API only', async (method) => {
    const { uploadUrl } = await open(VTT.length);
    const res = await raw(method, uploadUrl, { 'Tus-Resumable': '1.0.0', 'Upload-Length': '10' });
    expect(res.status).toBe(405);
    expect(await offsetOf(uploadUrl)).toBe(0);
  });
});

describe('/media requests that probe', () => {
  let url: string;
  let assetId: string;
  beforeAll(async () => {
    const { id, uploadUrl } = await open(VTT.length);
    expect((await patch(uploadUrl, 0, VTT)).status).toBe(204);
    await h.media.processor!.catchUp();
    assetId = id;
    url = (await h.gql(ASSET, { id }, as(instructor))).data!.mediaAsset.url as string;
  });
  const token = () => url.split('/')[5]!;
  const directory = () => url.slice(0, url.lastIndexOf('/'));

  it.each([
    ['../', '/../original'], ['%2e%2e', '/%2e%2e/original'], ['an encoded slash', '/..%2foriginal'], ['a null byte', '/original%00'],
    ['a null byte before an extension', '/original%00.vtt'], ['a dot segment', '/./original'], ['an empty segment', '//original'],
    ['a trailing slash', '/original/'], ['a 5000-character name', `/${'a'.repeat(5000)}`], ['a sixth segment', '/a/b/c/d/e'],
  ])('a path with %s serves nothing', async (_what, path) => {
    const res = await raw('GET', directory() + path);
    expect([400, 403, 404]).toContain(res.status);
    expect(res.body.toString()).not.toContain('WEBVTT');
  });

  it.each([
    ['an inverted range', 'bytes=9-2', 200, undefined],
    ['several ranges', 'bytes=0-1,5-6', 200, undefined],
    ['1500 one-byte ranges (combined into one)', `bytes=${Array.from({ length: 1500 }, (_, i) => `${i}-${i}`).join(',')}`, 206, `bytes 0-${VTT.length - 1}/${VTT.length}`],
    ['an end past any number', 'bytes=0-99999999999999999999999', 206, `bytes 0-${VTT.length - 1}/${VTT.length}`],
    ['a suffix longer than the file', 'bytes=-99999999999', 206, `bytes 0-${VTT.length - 1}/${VTT.length}`],
    ['a start past the end', 'bytes=99999999999999999999-', 416, `bytes */${VTT.length}`],
    ['a malformed range', 'bytes=1-2-3', 200, undefined],
    ['another unit', 'items=0-1', 200, undefined],
  ])('a Range header with %s: %s, never a multipart body', async (_what, range, status, contentRange) => {
    const res = await raw('GET', url, { Range: range });
    expect(res.status).toBe(status);
    expect(res.headers['content-range']).toBe(contentRange);
    expect(String(res.headers['content-type'])).not.toMatch(/multipart/);
    if (status !== 416) expect(res.body.equals(VTT)).toBe(true);
  });

  it('a signature is good for its own expiry only: another expiry, the same one spelt with a leading zero, or a past one signed with the key are 403', async () => {
    const [exp, sig] = token().split('.');
    expect((await raw('GET', url)).status).toBe(200);
    expect((await raw('GET', url.replace(token(), `${Number(exp) + 1}.${sig}`))).status).toBe(403);
    expect((await raw('GET', url.replace(token(), `0${exp}.${sig}`))).status).toBe(403);
    const past = signMediaUrl(h.media.config.urlSecret, h.origin, assetId, 'original', new Date(Date.now() - 1000));
    expect((await raw('GET', past)).status).toBe(403);
    const longer = signMediaUrl(h.media.config.urlSecret, h.origin, assetId, 'original', new Date(Date.now() + 86_400_000));
    expect((await raw('GET', longer)).status).toBe(200);
  });
});
