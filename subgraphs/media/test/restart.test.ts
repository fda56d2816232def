import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { as } from '@lg/platform/testing';
import { MediaProcessor } from '../src/index.ts';
import { ASSET, CREATE_UPLOAD, bytesOf, makeVideo, patch, startMedia, type MediaHarness } from './harness.ts';

let h: MediaHarness;
let worker: ChildProcess | undefined;

beforeAll(async () => {
  // This process only serves; jobs run in the worker process until it is killed.
  h = await startMedia({ processing: false });
});
afterAll(async () => {
  if (worker && worker.exitCode === null && worker.signalCode === null) process.kill(-worker.pid!, 'SIGKILL');
  await h?.close();
});

function startWorker(): Promise<ChildProcess> {
  const { MONGODB_URI, MONGODB_DB, SUBGRAPH_SECRET } = h.platform.config;
  const child = spawn(resolve('node_modules/.bin/tsx'), [resolve('subgraphs/media/test/worker-process.ts')], {
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', MONGODB_URI, MONGODB_DB, SUBGRAPH_SECRET, DATA_DIR: h.dataDir, MEDIA_URL_SECRET: h.media.config.urlSecret },
    // Its own process group: killing it kills its ffmpeg too, as a crashed container would.
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((ready, fail) => {
    child.stdout!.on('data', (chunk: Buffer) => { if (chunk.toString().includes('ready')) ready(child); });
    child.on('exit', (code) => fail(new Error(`the worker exited with ${code}`)));
  });
}

async function until(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

it('a processing job killed mid-ffmpeg is finished on restart exactly once: one READY, one event, no leftover files', async () => {
  const instructor = h.actor('INSTRUCTOR');
  const courseId = await h.course(instructor);
  // Long enough that ffmpeg is still writing segments when the process is killed.
  const video = await bytesOf(await makeVideo(join(h.dataDir, 'fixtures'), 'long.mp4', 40));
  worker = await startWorker();
  const res = await h.gql(CREATE_UPLOAD, {
    input: { purpose: 'LESSON_MEDIA', courseId, fileName: 'long.mp4', contentType: 'video/mp4', byteSize: video.length },
  }, as(instructor));
  const { id, uploadUrl } = res.data!.createUpload;
  expect((await patch(uploadUrl, 0, video)).status).toBe(204);

  const work = join(h.dataDir, 'media', 'work', id, 'hls', 'v0');
  await until(() => existsSync(work) && readdirSync(work).some((f) => f.endsWith('.ts')), 'ffmpeg to write its first segment');
  process.kill(-worker.pid!, 'SIGKILL');
  await new Promise((r) => worker!.once('exit', r));
  expect((await h.media.repository.findAsset(id))!.status).toBe('PROCESSING');

  // The restarted service's consumer reads the job again from its checkpoint.
  const restarted = new MediaProcessor(h.platform, h.media.repository, h.media.storage, h.media.staging, h.media.config);
  await restarted.catchUp();
  await restarted.catchUp();
  await restarted.stop();

  const asset = (await h.gql(ASSET, { id }, as(instructor))).data!.mediaAsset;
  expect(asset.status).toBe('READY');
  expect(asset.durationSeconds).toBeGreaterThan(39);
  const events = await h.platform.db.collection('platform_events').find({ aggregateId: id, type: { $in: ['MediaAssetReady', 'MediaAssetFailed'] } }).toArray();
  expect(events.map((e) => e.type)).toEqual(['MediaAssetReady']);
  // Nothing of the killed run is left: no work directory, no upload, only the finished files.
  expect(existsSync(join(h.dataDir, 'media', 'work', id))).toBe(false);
  expect(await h.media.staging.has(id)).toBe(false);
  const files = await h.media.storage.list(`${id}/`);
  const playlists = files.filter((f) => f.endsWith('.m3u8'));
  expect(playlists).toEqual([`${id}/hls/master.m3u8`, `${id}/hls/v0/index.m3u8`, `${id}/hls/v1/index.m3u8`]);
  for (const variant of ['v0', 'v1']) {
    const listed = (await (await fetch(new URL(`${variant}/index.m3u8`, asset.url))).text()).split('\n').filter((l) => l.endsWith('.ts'));
    expect(files.filter((f) => f.startsWith(`${id}/hls/${variant}/`) && f.endsWith('.ts')).map((f) => f.split('/').pop())).toEqual(listed);
  }
  expect(files).toContain(`${id}/poster.jpg`);
  expect(files).toContain(`${id}/original`);
  expect(files.every((f) => f.endsWith('.ts') || f.endsWith('.m3u8') || f.endsWith('poster.jpg') || f.endsWith('original'))).toBe(true);
});
