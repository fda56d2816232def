import { codeOf } from '@lg/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { enrol } from '../support/matrix.ts';
import { logMediaAsset } from '../support/media.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// An instructor writes lessons, orders them and lists supplements; a student reads and watches
// them; everything through the running gateway, its response cache on.

let t: TestStack;
let instructor: TestUser;
let student: TestUser;
let course: { id: string; sectionId: string };
let lessons: [string, string, string];
let video: string;

const CONTENT = `mutation($i: UpdateLessonContentInput!) { updateLessonContent(input: $i) { id preview content { bodyHtml version } } }`;
const READ = `query($c: ID!, $l: ID!) { course(id: $c) { lesson(id: $l) { content { bodyMarkdown bodyHtml version } } } }`;

const write = (user: TestUser, input: Record<string, unknown>) => t.gql(CONTENT, { i: input }, { token: user.token });
async function ok(user: TestUser, query: string, variables: Record<string, unknown>) {
  const res = await t.gql(query, variables, { token: user.token });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!;
}
const versionOf = async (lessonId: string) => (await ok(instructor, READ, { c: course.id, l: lessonId })).course.lesson.content.version as number;
const courseVersion = async () => (await ok(instructor, `query($c: ID!) { course(id: $c) { version } }`, { c: course.id })).course.version as number;

beforeAll(async () => {
  t = await startTestStack();
  instructor = await signUp(t, ['INSTRUCTOR'], 'Content Instructor');
  student = await signUp(t, [], 'Content Student');
  course = await createCourse(t, instructor, { title: 'Content journey course' });
  const second = (await ok(instructor, `mutation($c: ID!) { addCourseSection(courseId: $c, title: "Going further") { id } }`, { c: course.id })).addCourseSection.id;
  await ok(instructor, `mutation($s: ID!) { addLesson(sectionId: $s, input: { title: "Generators", kind: VIDEO }) { id } }`, { s: course.sectionId });
  await ok(instructor, `mutation($s: ID!) { addLesson(sectionId: $s, input: { title: "Decorators", kind: READING }) { id } }`, { s: second });
  const read = await ok(instructor, `query($c: ID!) { course(id: $c) { sections { lessons { id } } } }`, { c: course.id });
  lessons = read.course.sections.flatMap((s: any) => s.lessons.map((l: any) => l.id));
  video = await logMediaAsset(t, { ownerId: instructor.id, courseId: course.id, purpose: 'LESSON_MEDIA', kind: 'VIDEO', durationSeconds: 100 });
  await enrol(t, student, course.id);
});
afterAll(async () => t?.close());

describe('a lesson body', () => {
  it('loses every script, event handler, style and javascript: link, and its links open safely', async () => {
    const hostile = [
      '# Title', '<script>alert(1)</script>', '<img src="https://example.com/a.png" onerror="alert(2)" style="position:fixed">',
      '[click](javascript:alert(3))', '<a href="JaVaScRiPt:alert(4)">x</a>', '<iframe src="https://evil.example"></iframe>',
      '<p onclick="alert(5)">para</p>', '[docs](https://docs.python.org/3/)', '<svg onload="alert(6)"></svg>',
    ].join('\n\n');
    const res = await write(instructor, { lessonId: lessons[0], bodyMarkdown: hostile, expectedVersion: await versionOf(lessons[0]) });
    expect(res.errors).toBeUndefined();
    const html: string = res.data!.updateLessonContent.content.bodyHtml;
    expect(html).not.toMatch(/<script|\son\w+=|href="\s*javascript:|style=|<iframe|<svg/i);
    expect(html).toContain('<img src="https://example.com/a.png" />');
    expect(html).toContain('<a href="https://docs.python.org/3/" rel="noopener noreferrer nofollow" target="_blank">docs</a>');
    // What the instructor wrote is kept as written, for the editor.
    expect((await ok(instructor, READ, { c: course.id, l: lessons[0] })).course.lesson.content.bodyMarkdown).toBe(hostile);
  });

  it('written from a stale version is a CONFLICT and leaves the newer one', async () => {
    const version = await versionOf(lessons[1]);
    expect((await write(instructor, { lessonId: lessons[1], bodyMarkdown: 'First edit', expectedVersion: version })).errors).toBeUndefined();
    const stale = await write(instructor, { lessonId: lessons[1], bodyMarkdown: 'Lost edit', expectedVersion: version });
    expect(codeOf(stale)).toBe('CONFLICT');
    expect((await ok(instructor, READ, { c: course.id, l: lessons[1] })).course.lesson.content.bodyMarkdown).toBe('First edit');
  });

  it('over 100 KB, with too many attachments, or naming media of another course or of the wrong purpose is refused', async () => {
    const expectedVersion = await versionOf(lessons[2]);
    const base = { lessonId: lessons[2], bodyMarkdown: 'Short', expectedVersion };
    const other = await createCourse(t, instructor, { title: 'Another content course' });
    const foreign = await logMediaAsset(t, { ownerId: instructor.id, courseId: other.id, purpose: 'LESSON_MEDIA', kind: 'PDF' });
    const cover = await logMediaAsset(t, { ownerId: instructor.id, courseId: course.id, purpose: 'COURSE_COVER', kind: 'IMAGE' });
    const refusals = await Promise.all([
      write(instructor, { ...base, bodyMarkdown: 'x'.repeat(100_001) }),
      write(instructor, { ...base, mediaIds: Array.from({ length: 21 }, (_, i) => `0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a${String(i).padStart(2, '0')}`) }),
      write(instructor, { ...base, mediaIds: [foreign] }),
      write(instructor, { ...base, videoId: cover }),
      write(instructor, { ...base, mediaIds: [video, video] }),
      write(instructor, { ...base, expectedVersion: -1 }),
    ]);
    expect(refusals.map(codeOf)).toEqual(Array(6).fill('BAD_USER_INPUT'));
    expect(await versionOf(lessons[2])).toBe(expectedVersion);
  });

  it('edited by the instructor is what a member reads on the next request, past the cache', async () => {
    const expectedVersion = await versionOf(lessons[2]);
    expect((await write(instructor, { lessonId: lessons[2], bodyMarkdown: 'Before', expectedVersion })).errors).toBeUndefined();
    for (let i = 0; i < 2; i += 1) expect((await ok(student, READ, { c: course.id, l: lessons[2] })).course.lesson.content.bodyMarkdown).toBe('Before');
    expect((await write(instructor, { lessonId: lessons[2], bodyMarkdown: 'After', expectedVersion: expectedVersion + 1 })).errors).toBeUndefined();
    expect((await ok(student, READ, { c: course.id, l: lessons[2] })).course.lesson.content.bodyMarkdown).toBe('After');
  });
});

describe('reordering a course', () => {
  const REORDER = `mutation($i: ReorderCourseInput!) { reorderCourse(input: $i) { version sections { id position lessons { id position } } } }`;
  const sections = async () => (await ok(instructor, `query($c: ID!) { course(id: $c) { sections { id lessons { id } } } }`, { c: course.id })).course.sections as { id: string; lessons: { id: string }[] }[];

  it('moves a lesson to another section and renumbers both, and the student resumes in the new reading order', async () => {
    const [first, second] = await sections();
    // The first section's first lesson goes last in the second section; the sections swap.
    const order = [
      { id: second!.id, lessonIds: [...second!.lessons.map((l) => l.id), first!.lessons[0]!.id] },
      { id: first!.id, lessonIds: first!.lessons.slice(1).map((l) => l.id) },
    ];
    const res = await ok(instructor, REORDER, { i: { courseId: course.id, sections: order, expectedVersion: await courseVersion() } });
    expect(res.reorderCourse.sections.map((s: any) => [s.id, s.position, s.lessons.map((l: any) => [l.id, l.position])])).toEqual([
      [second!.id, 1, order[0]!.lessonIds.map((id, i) => [id, i + 1])],
      [first!.id, 2, order[1]!.lessonIds.map((id, i) => [id, i + 1])],
    ]);
    // Learning follows the event: with nothing done, the lesson to open is the new first one.
    await expect.poll(async () => (await ok(student, `query($c: ID!) { course(id: $c) { viewerEnrollment { resumeLesson { id } } } }`, { c: course.id }))
      .course.viewerEnrollment.resumeLesson.id, { timeout: 5000 }).toBe(order[0]!.lessonIds[0]);
  });

  it('refuses an order that is not a permutation of the course, and a stale version, changing nothing', async () => {
    const current = await sections();
    const version = await courseVersion();
    const as = (order: unknown, expectedVersion = version) => t.gql(REORDER, { i: { courseId: course.id, sections: order, expectedVersion } }, { token: instructor.token });
    const ids = current.map((s) => ({ id: s.id, lessonIds: s.lessons.map((l) => l.id) }));
    const refusals = await Promise.all([
      as([{ ...ids[0]!, lessonIds: [...ids[0]!.lessonIds, '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'] }, ids[1]]),
      as([{ ...ids[0]!, lessonIds: ids[0]!.lessonIds.slice(1) }, ids[1]]),
      as([ids[0]]),
      as([ids[0], ids[0]]),
      as([ids[0], { ...ids[1]!, lessonIds: [...ids[1]!.lessonIds, ids[0]!.lessonIds[0]] }]),
    ]);
    expect(refusals.map(codeOf)).toEqual(Array(5).fill('BAD_USER_INPUT'));
    expect(codeOf(await as(ids, version - 1))).toBe('CONFLICT');
    expect(await courseVersion()).toBe(version);
    expect(await sections()).toEqual(current);
  });
});

describe('supplements', () => {
  const ADD = `mutation($i: AddSupplementInput!) { addSupplement(input: $i) { id kind url youtubeId public } }`;

  it('take YouTube links apart to an id the client embeds, and refuse links that are not http(s)', async () => {
    const added = await ok(instructor, ADD, { i: { courseId: course.id, kind: 'VIDEO', title: 'Talk', url: 'https://youtu.be/EnSu9hHGq5o?t=42', public: true } });
    expect(added.addSupplement).toMatchObject({ kind: 'VIDEO', youtubeId: 'EnSu9hHGq5o', public: true });
    const bad = await Promise.all(['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', '/relative', 'ftp://example.com/x', 'https://user:pw@example.com/']
      .map((url) => t.gql(ADD, { i: { courseId: course.id, kind: 'LINK', title: 'Bad', url } }, { token: instructor.token })));
    expect(bad.map(codeOf)).toEqual(Array(5).fill('BAD_USER_INPUT'));
  });

  it('a file supplement takes only a SUPPLEMENT_FILE asset of its own course; any other id is BAD_USER_INPUT and nothing is added', async () => {
    const LIST = `query($c: ID!) { course(id: $c) { supplements { id } } }`;
    const before = (await ok(instructor, LIST, { c: course.id })).course.supplements;
    const elsewhere = await createCourse(t, instructor, { title: 'Another course of theirs' });
    const foreign = await logMediaAsset(t, { ownerId: instructor.id, courseId: elsewhere.id, purpose: 'SUPPLEMENT_FILE', kind: 'PDF' });
    const file = (fileId: string) => t.gql(ADD, { i: { courseId: course.id, kind: 'FILE', title: 'Slides', fileId, public: false } }, { token: instructor.token });
    // A lesson's video is not a supplement file; another course's file is not this one's; unknown and malformed ids are nothing.
    const refused = await Promise.all([video, foreign, '00000000-0000-4000-8000-000000000000', 'not-an-id'].map(file));
    expect(refused.map(codeOf)).toEqual(Array(4).fill('BAD_USER_INPUT'));
    expect((await ok(instructor, LIST, { c: course.id })).course.supplements).toEqual(before);
    const slides = await logMediaAsset(t, { ownerId: instructor.id, courseId: course.id, purpose: 'SUPPLEMENT_FILE', kind: 'PDF' });
    const added = await t.gql(`mutation($i: AddSupplementInput!) { addSupplement(input: $i) { kind file { id } public } }`,
      { i: { courseId: course.id, kind: 'FILE', title: 'Slides', fileId: slides, public: false } }, { token: instructor.token });
    expect(added.errors).toBeUndefined();
    expect(added.data!.addSupplement).toEqual({ kind: 'FILE', file: { id: slides }, public: false });
  });

  it('once removed are gone for everyone', async () => {
    const added = await ok(instructor, ADD, { i: { courseId: course.id, kind: 'LINK', title: 'Temporary', url: 'https://example.com/', public: true } });
    const LIST = `query($c: ID!) { course(id: $c) { supplements { id } } }`;
    expect((await ok(student, LIST, { c: course.id })).course.supplements.map((s: any) => s.id)).toContain(added.addSupplement.id);
    await ok(instructor, `mutation($c: ID!, $s: ID!) { removeSupplement(courseId: $c, supplementId: $s) { id } }`, { c: course.id, s: added.addSupplement.id });
    expect((await ok(student, LIST, { c: course.id })).course.supplements.map((s: any) => s.id)).not.toContain(added.addSupplement.id);
  });
});

describe('watching a video lesson', () => {
  const SAVE = `mutation($l: ID!, $s: Float!) { savePlaybackPosition(lessonId: $l, seconds: $s) { completedLessonIds resumeLesson { id } resumeAtSeconds } }`;

  it('refuses positions that are no number of seconds a video can have', async () => {
    const bad = await Promise.all([
      t.gql(SAVE, { l: lessons[0], s: -1 }, { token: student.token }),
      t.gql(SAVE, { l: lessons[0], s: 1e12 }, { token: student.token }),
      t.gql(SAVE, { l: lessons[0], s: 'NaN' }, { token: student.token }),
      t.gql(`mutation($l: ID!) { savePlaybackPosition(lessonId: $l, seconds: 1e999) { id } }`, { l: lessons[0] }, { token: student.token }),
      t.gql(SAVE, { l: 'not-an-id', s: 3 }, { token: student.token }),
    ]);
    expect(bad.map(codeOf)).toEqual(Array(5).fill('BAD_USER_INPUT'));
  });

  it('resumes where the student stopped, and completes the lesson once at 90% of the video', async () => {
    await ok(instructor, CONTENT, { i: { lessonId: lessons[0], bodyMarkdown: 'Watch this.', videoId: video, expectedVersion: await versionOf(lessons[0]) } });
    const early = await ok(student, SAVE, { l: lessons[0], s: 42.5 });
    expect(early.savePlaybackPosition).toEqual({ completedLessonIds: [], resumeLesson: { id: lessons[0] }, resumeAtSeconds: 42.5 });
    const watched = await ok(student, SAVE, { l: lessons[0], s: 91 });
    expect(watched.savePlaybackPosition.completedLessonIds).toEqual([lessons[0]]);
    expect(watched.savePlaybackPosition.resumeLesson.id).not.toBe(lessons[0]);
    const again = await ok(student, SAVE, { l: lessons[0], s: 99 });
    expect(again.savePlaybackPosition.completedLessonIds).toEqual([lessons[0]]);
  });
});
