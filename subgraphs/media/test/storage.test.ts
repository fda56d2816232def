import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type S3Server } from '../../../tools/s3-server/launcher.ts';
import { FileStorage, S3Storage, type MediaStorage } from '../src/index.ts';

const dir = resolve('.data/test', `storage-${randomBytes(5).toString('hex')}`);
let s3: S3Server;
const adapters: Record<string, MediaStorage> = {};

async function bytes(stream: Readable | null): Promise<Buffer> {
  if (!stream) throw new Error('no object');
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

async function fileWith(content: Buffer): Promise<string> {
  const path = join(dir, 'sources', randomBytes(6).toString('hex'));
  await writeFile(path, content);
  return path;
}

beforeAll(async () => {
  await mkdir(join(dir, 'sources'), { recursive: true });
  s3 = await startS3Server('media');
  adapters.files = new FileStorage(join(dir, 'objects'));
  adapters.s3 = new S3Storage({ bucket: s3.bucket, region: 'us-east-1', endpoint: s3.endpoint, accessKeyId: 'test', secretAccessKey: 'test' });
});
afterAll(async () => {
  await s3?.stop();
  await rm(dir, { recursive: true, force: true });
});

// The same contract for the embedded default and the S3 adapter (against a real S3-compatible server).
describe.each(['files', 's3'])('%s storage', (name) => {
  const storage = () => adapters[name]!;
  const content = randomBytes(100_000);

  it('stores a file and gives back its bytes, whole or a range, and its size', async () => {
    await storage().putFile('a1/original', await fileWith(content), 'video/mp4');
    expect((await bytes(await storage().get('a1/original'))).equals(content)).toBe(true);
    expect((await bytes(await storage().get('a1/original', { start: 1000, end: 1999 }))).equals(content.subarray(1000, 2000))).toBe(true);
    const stat = await storage().stat('a1/original');
    expect(stat).toMatchObject({ size: content.length });
    expect(stat!.etag.length).toBeGreaterThan(0);
    expect(stat!.modifiedAt).toBeInstanceOf(Date);
  });

  it('replaces an object whole, with a new ETag', async () => {
    const before = await storage().stat('a1/original');
    const next = randomBytes(5000);
    await storage().putFile('a1/original', await fileWith(next), 'video/mp4');
    expect((await bytes(await storage().get('a1/original'))).equals(next)).toBe(true);
    expect((await storage().stat('a1/original'))!.etag).not.toBe(before!.etag);
  });

  it('answers null for a missing object and lists and deletes by prefix', async () => {
    expect(await storage().get('nothing/here')).toBeNull();
    expect(await storage().stat('nothing/here')).toBeNull();
    for (const key of ['a2/hls/master.m3u8', 'a2/hls/v0/seg000.ts', 'a2/poster.jpg', 'a20/original']) {
      await storage().putFile(key, await fileWith(Buffer.from(key)), 'application/octet-stream');
    }
    expect(await storage().list('a2/')).toEqual(['a2/hls/master.m3u8', 'a2/hls/v0/seg000.ts', 'a2/poster.jpg']);
    await storage().delete('a2/poster.jpg');
    expect(await storage().stat('a2/poster.jpg')).toBeNull();
    await storage().deletePrefix('a2/');
    expect(await storage().list('a2/')).toEqual([]);
    // A prefix is a whole directory: a20 is another asset.
    expect(await storage().list('a20/')).toEqual(['a20/original']);
  });

  it('refuses keys that could leave its root', async () => {
    for (const key of ['../etc/passwd', 'a/../../b', '/abs', 'a//b', 'a/.hidden']) {
      await expect(storage().putFile(key, await fileWith(Buffer.from('x')), 'text/plain')).rejects.toThrow(/Invalid storage key/);
    }
  });
});

describe('the media service on S3 storage', () => {
  it('processes a video into the bucket and serves it from there, ranges included', async () => {
    const { startMedia, makeVideo, bytesOf, patch, CREATE_UPLOAD, ASSET } = await import('./harness.ts');
    const h = await startMedia({ storage: adapters.s3 });
    try {
      const instructor = h.actor('INSTRUCTOR');
      const courseId = await h.course(instructor);
      const video = await bytesOf(await makeVideo(join(h.dataDir, 'fixtures')));
      const res = await h.gql(CREATE_UPLOAD, {
        input: { purpose: 'LESSON_MEDIA', courseId, fileName: 'clip.mp4', contentType: 'video/mp4', byteSize: video.length },
      }, { token: instructor.token });
      const { id, uploadUrl } = res.data!.createUpload;
      expect((await patch(uploadUrl, 0, video)).status).toBe(204);
      await h.media.processor!.catchUp();
      const asset = (await h.gql(ASSET, { id }, { token: instructor.token })).data!.mediaAsset;
      expect(asset.status).toBe('READY');
      expect(await adapters.s3!.list(`${id}/`)).toContain(`${id}/hls/master.m3u8`);
      expect((await fetch(asset.url)).status).toBe(200);
      const part = await fetch(asset.downloadUrl, { headers: { Range: 'bytes=0-99' } });
      expect(part.status).toBe(206);
      expect(Buffer.from(await part.arrayBuffer()).equals(video.subarray(0, 100))).toBe(true);
    } finally {
      await h.close();
    }
  });
});
