import { afterAll, beforeAll } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { UNKNOWN_ID, actors, asActor, cast, enrol, later, matrix, resultOf, type Actor, type Person } from '../support/matrix.ts';
import { logMediaAsset } from '../support/media.ts';
import { startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// Every lesson-content, supplement and playback field of the API, asked through the running
// gateway by each of the six callers. `instructor` teaches the course; its first lesson (a video
// with an attachment and captions) is for members, its second is a preview; `enrolled` is
// enrolled in it; `student` is enrolled nowhere. Reads come first; the writes after them can be
// asked again without changing their answer (each reads the version it guards on first).

let t: TestStack;
let people: Record<Person, TestUser>;
let courseId: string;
let sectionId: string;
let lessonIds: [string, string];
let assets: { video: string; pdf: string; captions: string; cover: string };

const BODY = '## Comprehensions\n\nA list comprehension builds a list:\n\n```python\n[x * x for x in range(10)]\n```\n';
const PREVIEW_BODY = 'Open to **everyone**.';
const CONTENT = `mutation($i: UpdateLessonContentInput!) { updateLessonContent(input: $i) { id preview content { version } } }`;

async function as_(user: TestUser, query: string, variables: Record<string, unknown>) {
  const res = await t.gql(query, variables, { token: user.token });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!;
}

beforeAll(async () => {
  t = await startTestStack();
  people = await cast(t, 'Content');
  ({ id: courseId, sectionId } = await createCourse(t, people.instructor, { title: 'Content matrix course' }));
  await as_(people.instructor, `mutation($s: ID!) { addLesson(sectionId: $s, input: { title: "A first look", kind: READING }) { id } }`, { s: sectionId });
  const read = await as_(people.instructor, `query($c: ID!) { course(id: $c) { sections { lessons { id } } } }`, { c: courseId });
  lessonIds = read.course.sections[0].lessons.map((l: any) => l.id);
  const owner = { ownerId: people.instructor.id, courseId };
  assets = {
    video: await logMediaAsset(t, { ...owner, purpose: 'LESSON_MEDIA', kind: 'VIDEO', durationSeconds: 120 }),
    pdf: await logMediaAsset(t, { ...owner, purpose: 'LESSON_MEDIA', kind: 'PDF' }),
    captions: await logMediaAsset(t, { ...owner, purpose: 'CAPTIONS', kind: 'CAPTIONS' }),
    cover: await logMediaAsset(t, { ...owner, purpose: 'COURSE_COVER', kind: 'IMAGE' }),
  };
  await as_(people.instructor, CONTENT, { i: { lessonId: lessonIds[0], bodyMarkdown: BODY, videoId: assets.video, mediaIds: [assets.pdf], captionIds: [assets.captions], expectedVersion: 0 } });
  await as_(people.instructor, CONTENT, { i: { lessonId: lessonIds[1], bodyMarkdown: PREVIEW_BODY, preview: true, expectedVersion: 0 } });
  await as_(people.instructor, `mutation($c: ID!, $m: ID) { setCourseCover(courseId: $c, mediaId: $m) { id } }`, { c: courseId, m: assets.cover });
  const add = `mutation($i: AddSupplementInput!) { addSupplement(input: $i) { id } }`;
  await as_(people.instructor, add, { i: { courseId, kind: 'BOOK', title: 'Fluent Python', url: 'https://www.oreilly.com/library/view/fluent-python/9781491946237/', public: true } });
  await as_(people.instructor, add, { i: { courseId, kind: 'VIDEO', title: 'A talk on iterators', url: 'https://www.youtube.com/watch?v=EnSu9hHGq5o' } });
  await enrol(t, people.enrolled, courseId);
});
afterAll(async () => t?.close());

const as = asActor(() => t, () => people);
const each = <T>(value: T) => Object.fromEntries(actors.map((a) => [a, value])) as Record<Actor, T>;
/** The course's members (the enrolled student, its instructor, ADMIN) get `value`; anonymous callers must sign in; other people are FORBIDDEN. */
const membersOnly = (value: unknown) => ({
  anonymous: 'UNAUTHENTICATED', student: 'FORBIDDEN', enrolled: value, instructor: value, otherInstructor: 'FORBIDDEN', admin: value,
});
/** The course's instructor and ADMIN get `value`. */
const managersOnly = (value: unknown) => ({ ...membersOnly(value), enrolled: 'FORBIDDEN' });
const membersWords = (words: string) => ({ enrolled: words, instructor: words, admin: words });
const LESSON = `query($c: ID!, $l: ID!) { course(id: $c) { lesson(id: $l) { title preview content { bodyMarkdown bodyHtml video { id } media { id } captions { id } version } } } }`;

matrix('lesson content reads through the gateway, for each caller', [
  {
    name: "Lesson.content of a lesson that is no preview is for the course's members",
    run: async (a) => resultOf(await as(a, LESSON, { c: courseId, l: lessonIds[0] }), (d) => d.course.lesson.content),
    expect: membersOnly(later(() => ({
      bodyMarkdown: BODY,
      bodyHtml: '<h2>Comprehensions</h2>\n<p>A list comprehension builds a list:</p>\n<pre><code class="language-python">[x * x for x in range(10)]\n</code></pre>\n',
      video: { id: assets.video }, media: [{ id: assets.pdf }], captions: [{ id: assets.captions }], version: 1,
    }))),
    words: membersWords('the body, the video, its attachment and captions'),
  },
  {
    name: 'Lesson.content of a preview lesson is open to everyone, signed in or not',
    run: async (a) => resultOf(await as(a, LESSON, { c: courseId, l: lessonIds[1] }), (d) => d.course.lesson.content.bodyHtml),
    expect: each('<p>Open to <strong>everyone</strong>.</p>\n'),
  },
  {
    name: 'Lesson.preview tells every caller which lessons are open',
    run: async (a) => resultOf(await as(a, `query($c: ID!) { course(id: $c) { sections { lessons { preview } } } }`, { c: courseId }),
      (d) => d.course.sections[0].lessons.map((l: any) => l.preview)),
    expect: each([false, true]),
  },
  {
    name: 'Course.lesson of an id the course does not have is null for everyone',
    run: async (a) => resultOf(await as(a, `query($c: ID!, $l: ID!) { course(id: $c) { lesson(id: $l) { id } } }`, { c: courseId, l: UNKNOWN_ID }), (d) => d.course.lesson),
    expect: each(null),
  },
  {
    name: 'Course.coverImage is shown to everyone',
    run: async (a) => resultOf(await as(a, `query($c: ID!) { course(id: $c) { coverImage { id } } }`, { c: courseId }), (d) => d.course.coverImage),
    expect: each(later(() => ({ id: assets.cover }))),
    words: each('the cover'),
  },
  {
    name: "Course.supplements shows the course's members every supplement and everyone else the public ones",
    run: async (a) => resultOf(await as(a, `query($c: ID!) { course(id: $c) { supplements { kind title url youtubeId public file { id } } } }`, { c: courseId }), (d) => d.course.supplements.map((s: any) => s.title)),
    expect: { ...each(['Fluent Python']), enrolled: ['Fluent Python', 'A talk on iterators'], instructor: ['Fluent Python', 'A talk on iterators'], admin: ['Fluent Python', 'A talk on iterators'] },
  },
  {
    name: "Enrollment.resumeLesson and resumeAtSeconds through Course.viewerEnrollment are the enrolled student's own",
    run: async (a) => resultOf(await as(a, `query($c: ID!) { course(id: $c) { viewerEnrollment { resumeLesson { id title } resumeAtSeconds playbackPositions { lessonId } } } }`, { c: courseId }),
      (d) => d.course.viewerEnrollment),
    expect: { ...each(null), enrolled: later(() => ({ resumeLesson: { id: lessonIds[0], title: 'Welcome' }, resumeAtSeconds: null, playbackPositions: [] })) },
    words: { enrolled: 'the first lesson, with no position yet' },
  },
]);

/** Each write reads the version it is guarded on first, as an editor does, so that asking again gives the same answer. */
async function versions(): Promise<{ course: number; content: number }> {
  const res = await t.gql(`query($c: ID!, $l: ID!) { course(id: $c) { version lesson(id: $l) { content { version } } } }`, { c: courseId, l: lessonIds[1] }, { token: people.admin.token });
  return { course: res.data!.course.version, content: res.data!.course.lesson.content.version };
}

matrix('lesson content writes through the gateway, for each caller', [
  {
    name: "updateLessonContent is for the course's instructor and ADMIN",
    run: async (a) => resultOf(await as(a, CONTENT, { i: { lessonId: lessonIds[1], bodyMarkdown: PREVIEW_BODY, preview: true, expectedVersion: (await versions()).content } }),
      (d) => ({ id: d.updateLessonContent.id, preview: d.updateLessonContent.preview })),
    expect: managersOnly(later(() => ({ id: lessonIds[1], preview: true }))),
    words: { instructor: 'the lesson', admin: 'the lesson' },
  },
  {
    name: "reorderCourse is for the course's instructor and ADMIN",
    run: async (a) => resultOf(await as(a, `mutation($i: ReorderCourseInput!) { reorderCourse(input: $i) { sections { lessons { id position } } } }`,
      { i: { courseId, sections: [{ id: sectionId, lessonIds }], expectedVersion: (await versions()).course } }), (d) => d.reorderCourse.sections[0].lessons.map((l: any) => l.position)),
    expect: managersOnly([1, 2]),
  },
  {
    name: "setCourseCover is for the course's instructor and ADMIN",
    run: async (a) => resultOf(await as(a, `mutation($c: ID!, $m: ID) { setCourseCover(courseId: $c, mediaId: $m) { coverImage { id } } }`, { c: courseId, m: assets.cover }),
      (d) => d.setCourseCover.coverImage.id),
    expect: managersOnly(later(() => assets.cover)),
    words: { instructor: 'the cover', admin: 'the cover' },
  },
  {
    name: "addSupplement is for the course's instructor and ADMIN",
    run: async (a) => resultOf(await as(a, `mutation($i: AddSupplementInput!) { addSupplement(input: $i) { kind title url public } }`,
      { i: { courseId, kind: 'LINK', title: 'The Python tutorial', url: 'https://docs.python.org/3/tutorial/', public: true } }), (d) => d.addSupplement),
    expect: managersOnly({ kind: 'LINK', title: 'The Python tutorial', url: 'https://docs.python.org/3/tutorial/', public: true }),
  },
  {
    name: "removeSupplement is for the course's instructor and ADMIN (one that is not there changes nothing)",
    run: async (a) => resultOf(await as(a, `mutation($c: ID!, $s: ID!) { removeSupplement(courseId: $c, supplementId: $s) { id } }`, { c: courseId, s: UNKNOWN_ID }),
      (d) => d.removeSupplement.id),
    expect: managersOnly(later(() => courseId)),
    words: { instructor: 'the course', admin: 'the course' },
  },
  {
    name: 'savePlaybackPosition is for students enrolled in the course',
    run: async (a) => resultOf(await as(a, `mutation($l: ID!) { savePlaybackPosition(lessonId: $l, seconds: 12.5) { playbackPositions { lessonId seconds } } }`, { l: lessonIds[1] }),
      (d) => d.savePlaybackPosition.playbackPositions),
    expect: { ...managersOnly(null), instructor: 'FORBIDDEN', admin: 'FORBIDDEN', enrolled: later(() => [{ lessonId: lessonIds[1], seconds: 12.5 }]) },
    words: { enrolled: 'the saved position' },
  },
]);
