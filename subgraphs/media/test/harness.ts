import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { CourseCreated, EnrollmentCreated, catalogue } from '@lg/events';
import { createPlatform, newId, type Platform, type Role } from '@lg/platform';
import { closeTestPlatform, serveForTest, testActor, testConfig, testKeys, type Actor, type GraphQLClient } from '@lg/platform/testing';
import { createMediaSubgraph, type MediaOptions, type MediaSubgraph } from '../src/index.ts';

export { type Actor };
const run = promisify(execFile);

export interface MediaHarness {
  platform: Platform;
  readonly media: MediaSubgraph;
  gql: GraphQLClient;
  /** The media service's own origin (its /media and /uploads routes). */
  readonly origin: string;
  dataDir: string;
  actor(...roles: Role[]): Actor;
  /** A course taught by `instructor`, known to media's projection. */
  course(instructor: Actor): Promise<string>;
  enrol(student: Actor, courseId: string): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** The media subgraph served over HTTP on a fresh database and its own data directory. */
export async function startMedia(options: Omit<MediaOptions, 'pollMs'> = {}, config: Record<string, string> = {}): Promise<MediaHarness> {
  const dataDir = resolve('.data/test', `media-${randomBytes(5).toString('hex')}`);
  const platform = await createPlatform(testConfig({ DATA_DIR: dataDir, ...config }), 'test', { keys: await testKeys(), events: catalogue });
  const served = await serveForTest(platform, () => createMediaSubgraph(platform, { pollMs: 200, ...options }));
  const originOf = () => new URL(served.server.url).origin;
  served.subgraph.service.useGatewayOrigin(served.server.url);
  return {
    platform,
    get media() { return served.subgraph; },
    gql: served.gql,
    get origin() { return originOf(); },
    dataDir,
    actor: (...roles) => testActor(platform, ...roles),
    async course(instructor) {
      const courseId = newId();
      await platform.eventLog.append([CourseCreated.build({
        courseId, instructorId: instructor.id, status: 'DRAFT', by: instructor.id, title: 'A course', slug: `course-${courseId}`,
        category: 'code', level: 'BEGINNER', priceCents: 0, currency: 'EUR',
      })]);
      return courseId;
    },
    async enrol(student, courseId) {
      await platform.eventLog.append([EnrollmentCreated.build({ enrollmentId: newId(), userId: student.id, courseId, source: 'FREE' })]);
    },
    async restart() {
      await served.restart();
      served.subgraph.service.useGatewayOrigin(served.server.url);
    },
    async close() {
      await served.stop();
      await closeTestPlatform(platform);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A tiny test video made by ffmpeg's lavfi sources: `seconds` of testsrc at 160×120 with a sine tone. */
export async function makeVideo(dir: string, name = 'clip.mp4', seconds = 2): Promise<string> {
  await mkdir(dir, { recursive: true });
  const out = join(dir, name);
  await run('ffmpeg', [
    '-hide_banner', '-nostdin', '-y', '-f', 'lavfi', '-i', `testsrc=size=160x120:rate=24:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-shortest', '-movflags', '+faststart', out,
  ], { timeout: 60_000 });
  return out;
}

export const bytesOf = (path: string): Promise<Buffer> => readFile(path);
export const sizeOf = async (path: string): Promise<number> => (await stat(path)).size;

export const CREATE_UPLOAD = `mutation($input: CreateUploadInput!) {
  createUpload(input: $input) { id uploadUrl expiresAt asset { id status kind purpose byteSize fileName courseId url } }
}`;
export const ASSET = `query($id: ID!) {
  mediaAsset(id: $id) { id status kind failureReason contentType byteSize durationSeconds width height url posterUrl downloadUrl }
}`;

/** A tus PATCH of `chunk` at `offset`. */
export const patch = (url: string, offset: number, chunk: Buffer): Promise<Response> =>
  fetch(url, {
    method: 'PATCH',
    headers: { 'Tus-Resumable': '1.0.0', 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream' },
    body: new Uint8Array(chunk),
  });

/** The offset tus has for an upload (HEAD). */
export async function offsetOf(url: string): Promise<number> {
  const res = await fetch(url, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0' } });
  if (res.status !== 200) throw new Error(`HEAD ${url}: ${res.status}`);
  return Number(res.headers.get('upload-offset'));
}
