import { execFile } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LessonContentUpdated } from '@lg/events';
import { newId } from '@lg/platform';
import { createCourse } from '../support/catalog.ts';
import { graphqlClient } from '@lg/platform/testing';
import { UNKNOWN_ID, asActor, cast, enrol, later, matrix, resultOf, waitFor, type Actor, type Person } from '../support/matrix.ts';
import { startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// Every media field of the API through the running gateway, for the six callers of one course:
// `instructor` uploaded its lesson video, its cover and a PDF of a preview lesson; `enrolled` is a
// member; `otherInstructor` teaches another course with a video of its own. Then the files
// themselves, fetched with the signed URLs the gateway's origin serves.

const run = promisify(execFile);
const dir = resolve('.data/test', `authorization-media-${process.pid}`);
let t: TestStack;
let people: Record<Person, TestUser>;
let courseId: string;
let otherCourseId: string;
const assets: Record<'video' | 'cover' | 'preview' | 'pending' | 'otherVideo', string> = { video: '', cover: '', preview: '', pending: '', otherVideo: '' };
let video: Buffer;

const as = asActor(() => t, () => people);
const CREATE = `mutation($input: CreateUploadInput!) { createUpload(input: $input) { id uploadUrl expiresAt asset { id status } } }`;
const ASSET_FIELDS = 'id purpose kind status failureReason fileName contentType byteSize durationSeconds width height url posterUrl downloadUrl courseId createdAt';
const ASSET = `query($id: ID!) { mediaAsset(id: $id) { ${ASSET_FIELDS} } }`;

async function ffmpeg(args: string[], out: string): Promise<Buffer> {
  await run('ffmpeg', ['-hide_banner', '-nostdin', '-y', ...args, out], { timeout: 60_000 });
  return readFile(out);
}

/** Uploads bytes as `who` through the upload URL the gateway's origin serves; the asset's id. */
async function upload(who: TestUser, input: Record<string, unknown>, bytes: Buffer | null): Promise<string> {
  const res = await t.gql(CREATE, { input: { ...input, byteSize: bytes?.length ?? 1000 } }, { token: who.token });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  const { id, uploadUrl } = res.data!.createUpload;
  expect(new URL(uploadUrl).origin).toBe(new URL(t.url).origin);
  if (bytes) {
    const sent = await fetch(uploadUrl, {
      method: 'PATCH', body: new Uint8Array(bytes),
      headers: { 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' },
    });
    expect(sent.status).toBe(204);
  }
  return id;
}

const ready = (who: TestUser, id: string) =>
  waitFor(() => t.gql(ASSET, { id }, { token: who.token }), (r) => r.data?.mediaAsset?.status === 'READY', `asset ${id} READY`, 60_000);

beforeAll(async () => {
  t = await startTestStack({ DATA_DIR: dir });
  people = await cast(t, 'Media');
  courseId = (await createCourse(t, people.instructor)).id;
  otherCourseId = (await createCourse(t, people.otherInstructor)).id;
  await enrol(t, people.enrolled, courseId);
  await mkdir(dir, { recursive: true });
  video = await ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=24:duration=2', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'], join(dir, 'clip.mp4'));
  const png = await ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=320x180', '-frames:v', '1'], join(dir, 'cover.png'));
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  const lesson = { purpose: 'LESSON_MEDIA', courseId, fileName: 'Lesson one.mp4', contentType: 'video/mp4' };
  assets.video = await upload(people.instructor, lesson, video);
  assets.cover = await upload(people.instructor, { purpose: 'COURSE_COVER', courseId, fileName: 'cover.png', contentType: 'image/png' }, png);
  assets.preview = await upload(people.instructor, { purpose: 'LESSON_MEDIA', courseId, fileName: 'notes.pdf', contentType: 'application/pdf' }, pdf);
  assets.pending = await upload(people.instructor, lesson, null);
  assets.otherVideo = await upload(people.otherInstructor, { ...lesson, courseId: otherCourseId }, video);
  for (const [who, id] of [['instructor', assets.video], ['instructor', assets.cover], ['instructor', assets.preview], ['otherInstructor', assets.otherVideo]] as const) {
    await ready(people[who], id);
  }
  // Catalog marks the lesson showing the PDF as a preview (the content engineer's event; logged here as catalog would).
  await t.platform.eventLog.append([LessonContentUpdated.build({ courseId, instructorId: people.instructor.id, status: 'PUBLISHED', by: people.instructor.id, version: 1, lessonId: newId(), preview: true, mediaIds: [assets.preview] })]);
}, 180_000);
afterAll(async () => {
  await t?.close();
  await rm(dir, { recursive: true, force: true });
});

const each = <T>(value: T) => ({ anonymous: value, student: value, enrolled: value, instructor: value, otherInstructor: value, admin: value });
/** The fields a reader gets, with the URLs reduced to whether they were issued. */
const readable = (d: any) => d.mediaAsset && { ...d.mediaAsset, url: Boolean(d.mediaAsset.url), posterUrl: Boolean(d.mediaAsset.posterUrl), downloadUrl: Boolean(d.mediaAsset.downloadUrl), createdAt: typeof d.mediaAsset.createdAt };
const members = <T>(value: T, refused: { anonymous: string; others: string } = { anonymous: 'UNAUTHENTICATED', others: 'FORBIDDEN' }) => ({
  anonymous: refused.anonymous, student: refused.others, enrolled: value, instructor: value, otherInstructor: refused.others, admin: value,
});

matrix('media reads through the gateway, for each caller', [
  {
    name: 'mediaAsset shows every field of a READY lesson video, with signed URLs, to its course\'s members, instructor and ADMIN',
    run: async (a) => resultOf(await as(a, ASSET, { id: assets.video }), readable),
    expect: members(later(() => ({
      id: assets.video, purpose: 'LESSON_MEDIA', kind: 'VIDEO', status: 'READY', failureReason: null, fileName: 'Lesson one.mp4', contentType: 'video/mp4',
      byteSize: video.length, durationSeconds: expect.closeTo(2, 0), width: 160, height: 120, url: true, posterUrl: true, downloadUrl: true, courseId, createdAt: 'string',
    }))),
    words: { enrolled: 'every field, URLs signed', instructor: 'every field, URLs signed', admin: 'every field, URLs signed' },
  },
  {
    name: 'mediaAsset of a course cover is public',
    run: async (a) => resultOf(await as(a, `query($id: ID!) { mediaAsset(id: $id) { kind status width height url } }`, { id: assets.cover }), (d) => ({ ...d.mediaAsset, url: Boolean(d.mediaAsset.url) })),
    expect: each({ kind: 'IMAGE', status: 'READY', width: 320, height: 180, url: true }),
  },
  {
    name: 'mediaAsset of a preview lesson\'s PDF is public',
    run: async (a) => resultOf(await as(a, `query($id: ID!) { mediaAsset(id: $id) { kind contentType url } }`, { id: assets.preview }), (d) => ({ ...d.mediaAsset, url: Boolean(d.mediaAsset.url) })),
    expect: each({ kind: 'PDF', contentType: 'application/pdf', url: true }),
  },
  {
    name: 'mediaAsset of an upload still waiting for its bytes is for its uploader and ADMIN only, without URLs',
    run: async (a) => resultOf(await as(a, `query($id: ID!) { mediaAsset(id: $id) { status url } }`, { id: assets.pending }), (d) => d.mediaAsset),
    expect: { anonymous: 'UNAUTHENTICATED', student: 'FORBIDDEN', enrolled: 'FORBIDDEN', instructor: { status: 'UPLOADING', url: null }, otherInstructor: 'FORBIDDEN', admin: { status: 'UPLOADING', url: null } },
  },
  {
    name: 'mediaAsset of another course\'s video is for that course\'s instructor and ADMIN',
    run: async (a) => resultOf(await as(a, `query($id: ID!) { mediaAsset(id: $id) { id } }`, { id: assets.otherVideo }), (d) => Boolean(d.mediaAsset)),
    expect: { anonymous: 'UNAUTHENTICATED', student: 'FORBIDDEN', enrolled: 'FORBIDDEN', instructor: 'FORBIDDEN', otherInstructor: true, admin: true },
  },
  {
    name: 'mediaAsset of an unknown id is null',
    run: async (a) => resultOf(await as(a, `query($id: ID!) { mediaAsset(id: $id) { id } }`, { id: UNKNOWN_ID }), (d) => d.mediaAsset),
    expect: each(null),
  },
  {
    name: 'mediaAsset of a malformed id is BAD_USER_INPUT',
    run: async (a) => resultOf(await as(a, `query($id: ID!) { mediaAsset(id: $id) { id } }`, { id: '../etc' }), (d) => d.mediaAsset),
    expect: each('BAD_USER_INPUT'),
  },
]);

// What another subgraph gets when it names an asset (a lesson's video, a course's cover): the
// media subgraph asked as the gateway asks it, with each caller's token.
const entity = async (a: Actor, id: string) => {
  const media = graphqlClient(t.stack.servers.media!.url, { signWith: t.platform.subgraphSecret });
  const res = await media(`query($r: [_Any!]!) { _entities(representations: $r) { ... on MediaAsset { id status fileName url } } }`,
    { r: [{ __typename: 'MediaAsset', id }] }, a === 'anonymous' ? {} : { token: people[a].token });
  return resultOf(res, (d) => d._entities[0] && { ...d._entities[0], url: Boolean(d._entities[0].url) });
};

/** A reference resolves for the course's members, its instructor and ADMIN; null for the rest, like an unknown id. */
const shownToMembers = <T>(value: T) => ({ anonymous: null, student: null, enrolled: value, instructor: value, otherInstructor: null, admin: value });

matrix('MediaAsset references from other subgraphs, for each caller', [
  {
    name: 'a reference to a READY lesson video resolves for its course\'s members, instructor and ADMIN, null for the rest',
    run: (a) => entity(a, assets.video),
    expect: shownToMembers(later(() => ({ id: assets.video, status: 'READY', fileName: 'Lesson one.mp4', url: true }))),
    words: { enrolled: 'the asset, URL signed', instructor: 'the asset, URL signed', admin: 'the asset, URL signed' },
  },
  {
    name: 'a reference to a course cover resolves for everyone',
    run: (a) => entity(a, assets.cover),
    expect: each(later(() => ({ id: assets.cover, status: 'READY', fileName: 'cover.png', url: true }))),
    words: { anonymous: 'the cover, URL signed', student: 'the cover, URL signed', enrolled: 'the cover, URL signed', instructor: 'the cover, URL signed', otherInstructor: 'the cover, URL signed', admin: 'the cover, URL signed' },
  },
  {
    name: 'a reference to a preview lesson\'s PDF resolves for everyone',
    run: (a) => entity(a, assets.preview),
    expect: each(later(() => ({ id: assets.preview, status: 'READY', fileName: 'notes.pdf', url: true }))),
    words: { anonymous: 'the PDF, URL signed', student: 'the PDF, URL signed', enrolled: 'the PDF, URL signed', instructor: 'the PDF, URL signed', otherInstructor: 'the PDF, URL signed', admin: 'the PDF, URL signed' },
  },
  {
    name: 'a reference to a lesson video still uploading shows its status, without a URL, to its course\'s members, instructor and ADMIN',
    run: (a) => entity(a, assets.pending),
    expect: shownToMembers(later(() => ({ id: assets.pending, status: 'UPLOADING', fileName: 'Lesson one.mp4', url: false }))),
    words: { enrolled: 'its status, no URL', instructor: 'its status, no URL', admin: 'its status, no URL' },
  },
  {
    name: 'a reference to another course\'s video resolves for that course\'s instructor and ADMIN only',
    run: async (a) => Boolean(await entity(a, assets.otherVideo)),
    expect: { anonymous: false, student: false, enrolled: false, instructor: false, otherInstructor: true, admin: true },
  },
  {
    name: 'a reference to an unknown or malformed id is null',
    run: async (a) => [await entity(a, UNKNOWN_ID), await entity(a, '../etc')],
    expect: each([null, null]),
  },
]);

matrix('media writes through the gateway, for each caller', [
  {
    name: 'createUpload for a course\'s lesson is for its instructor and ADMIN',
    run: async (a) => resultOf(await as(a, CREATE, { input: { purpose: 'LESSON_MEDIA', courseId, fileName: 'x.mp4', contentType: 'video/mp4', byteSize: 10 } }), (d) => d.createUpload.asset.status),
    expect: { anonymous: 'UNAUTHENTICATED', student: 'FORBIDDEN', enrolled: 'FORBIDDEN', instructor: 'UPLOADING', otherInstructor: 'FORBIDDEN', admin: 'UPLOADING' },
  },
  {
    name: 'retryMediaProcessing of a READY asset is CONFLICT for its uploader and ADMIN, refused to the rest',
    run: async (a) => resultOf(await as(a, `mutation($id: ID!) { retryMediaProcessing(id: $id) { id } }`, { id: assets.video }), (d) => d.retryMediaProcessing),
    expect: { anonymous: 'UNAUTHENTICATED', student: 'FORBIDDEN', enrolled: 'FORBIDDEN', instructor: 'CONFLICT', otherInstructor: 'FORBIDDEN', admin: 'CONFLICT' },
  },
]);

describe('media files fetched directly at the gateway\'s origin', () => {
  const urlsOf = async (who: TestUser, id: string) => (await t.gql(ASSET, { id }, { token: who.token })).data!.mediaAsset as { url: string; downloadUrl: string; posterUrl: string };

  it('a member\'s signed URLs play: the master playlist, the poster and the download, with ranges', async () => {
    const urls = await urlsOf(people.enrolled, assets.video);
    expect(new URL(urls.url).origin).toBe(new URL(t.url).origin);
    const master = await fetch(urls.url);
    expect(master.status).toBe(200);
    expect(await master.text()).toMatch(/#EXTM3U/);
    expect((await fetch(urls.posterUrl)).headers.get('content-type')).toBe('image/jpeg');
    const part = await fetch(urls.downloadUrl, { headers: { Range: 'bytes=4-11' } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(video.subarray(4, 12))).toBe(true);
  });

  it('an expired signature, a tampered path and another course\'s asset under this signature are refused, nothing served', async () => {
    const { downloadUrl } = await urlsOf(people.enrolled, assets.video);
    const url = new URL(downloadUrl);
    const [, , id, token] = url.pathname.split('/');
    const [exp, sig] = token!.split('.');
    const refused = async (href: string) => {
      const res = await fetch(href);
      expect([403, 404]).toContain(res.status);
      expect(await res.text()).toMatch(/^(Forbidden|Not found)\n$/);
    };
    await refused(url.href.replace(`${exp}.${sig}`, `${Number(exp) - 7200}.${sig}`));
    await refused(url.href.replace(`/download/`, `/download/x`));
    await refused(url.href.replace(`/download/Lesson-one.mp4`, '/hls/master.m3u8'));
    await refused(url.href.replace(`/media/${id}/`, `/media/${assets.otherVideo}/`));
    await refused(`${url.origin}/media/${assets.otherVideo}/original`);
  });

  it('signed URLs are only issued to viewers the rule admits: a student of another course gets none to use', async () => {
    const res = await t.gql(ASSET, { id: assets.otherVideo }, { token: people.enrolled.token });
    expect(res.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(JSON.stringify(res)).not.toMatch(/\/media\//);
  });
});
