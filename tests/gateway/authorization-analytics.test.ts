import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { actors, asActor, cast, enrol, matrix, resultOf, UNKNOWN_ID, type Actor, type Person } from '../support/matrix.ts';
import { startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// Every analytics field of the API (and learning's recordLessonActivity, which feeds it), asked
// through the running gateway by each of the six callers. `enrolled` opened the matrix's course's
// first lesson and completed it through the gateway; `instructor` teaches the course. The bad
// inputs come after the reads and change nothing.

let t: TestStack;
let people: Record<Person, TestUser>;
let courseId: string;
let lessonIds: string[];
/** When the enrolled student's last successful report of study time left. */
let reportedAt: number;
const today = new Date().toISOString().slice(0, 10);

async function must(query: string, variables: Record<string, unknown>, user: TestUser) {
  const res = await t.gql(query, variables, { token: user.token });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!;
}

const ACTIVITY = `mutation($l: ID!, $s: Int!, $o: Boolean!) { recordLessonActivity(lessonId: $l, seconds: $s, opened: $o) { id } }`;

beforeAll(async () => {
  t = await startTestStack();
  people = await cast(t, 'Analytics');
  const course = await createCourse(t, people.instructor, { title: 'Analytics matrix course', category: 'Statistics' });
  courseId = course.id;
  await must(`mutation($s: ID!) { addLesson(sectionId: $s, input: { title: "Second", kind: READING }) { id } }`, { s: course.sectionId }, people.instructor);
  const page = await must(`query($id: ID!) { course(id: $id) { sections { lessons { id } } } }`, { id: courseId }, people.instructor);
  lessonIds = page.course.sections.flatMap((s: any) => s.lessons.map((l: any) => l.id));
  await enrol(t, people.enrolled, courseId);
  reportedAt = Date.now();
  await must(ACTIVITY, { l: lessonIds[0], s: 0, o: true }, people.enrolled);
  await must(`mutation($c: ID!, $l: ID!) { completeLesson(courseId: $c, lessonId: $l) { id } }`, { c: courseId, l: lessonIds[0] }, people.enrolled);
}, 120_000);
afterAll(async () => t?.close());

const as = asActor(() => t, () => people);
const each = <T>(value: T) => Object.fromEntries(actors.map((a) => [a, value])) as Record<Actor, T>;
/** `allowed` for the callers named, FORBIDDEN for the other signed-in callers, UNAUTHENTICATED for the anonymous one. */
const only = (allowed: Partial<Record<Actor, unknown>>) => ({ ...each<unknown>('FORBIDDEN'), anonymous: 'UNAUTHENTICATED', ...allowed });

matrix('analytics reads through the gateway, for each caller', [
  {
    name: "myDashboard is the caller's own: lessons completed, streak and the next lesson",
    run: async (a) => resultOf(await as(a, `{ myDashboard { user { id } lessonsCompleted currentStreak recommendations { nextLessons { title } } } }`),
      (d) => ({ self: d.myDashboard.user.id === people[a as Person].id, ...d.myDashboard, user: undefined })),
    expect: {
      ...each({ self: true, lessonsCompleted: 0, currentStreak: 0, recommendations: { nextLessons: [] }, user: undefined }),
      anonymous: 'UNAUTHENTICATED',
      enrolled: { self: true, lessonsCompleted: 1, currentStreak: 1, recommendations: { nextLessons: [{ title: 'Second' }] }, user: undefined },
    },
    words: { student: 'their own, empty', instructor: 'their own, empty', otherInstructor: 'their own, empty', admin: 'their own, empty' },
  },
  {
    name: "userDashboard of the enrolled student is theirs and ADMIN's to read",
    run: async (a) => resultOf(await as(a, `query($u: ID!) { userDashboard(userId: $u) { lessonsCompleted longestStreak } }`, { u: people.enrolled.id }),
      (d) => d.userDashboard),
    expect: only({ enrolled: { lessonsCompleted: 1, longestStreak: 1 }, admin: { lessonsCompleted: 1, longestStreak: 1 } }),
  },
  {
    name: "skillHeatmap of the enrolled student is theirs and ADMIN's to read",
    run: async (a) => resultOf(await as(a, `query($u: ID!) { skillHeatmap(userId: $u) { skill mastery } }`, { u: people.enrolled.id }), (d) => d.skillHeatmap),
    expect: only({ enrolled: [], admin: [] }),
  },
  {
    name: "userMetrics of the enrolled student is theirs and ADMIN's to read",
    run: async (a) => resultOf(await as(a, `query($u: ID!, $d: String!) { userMetrics(userId: $u, from: $d, to: $d) { activeDays lessonsCompleted days { lessonsOpened } } }`, { u: people.enrolled.id, d: today }),
      (d) => d.userMetrics),
    expect: only({
      enrolled: { activeDays: 1, lessonsCompleted: 1, days: [{ lessonsOpened: 1 }] },
      admin: { activeDays: 1, lessonsCompleted: 1, days: [{ lessonsOpened: 1 }] },
    }),
  },
  {
    name: "courseAnalytics is the course's instructor's and ADMIN's to read",
    run: async (a) => resultOf(await as(a, `query($c: ID!, $d: String!) { courseAnalytics(courseId: $c, from: $d, to: $d) { enrolmentsPerDay { count } completionFunnel { opened completed } } }`, { c: courseId, d: today }),
      (d) => d.courseAnalytics),
    expect: only({
      instructor: { enrolmentsPerDay: [{ count: 1 }], completionFunnel: [{ opened: 1, completed: 1 }, { opened: 0, completed: 0 }] },
      admin: { enrolmentsPerDay: [{ count: 1 }], completionFunnel: [{ opened: 1, completed: 1 }, { opened: 0, completed: 0 }] },
    }),
  },
  {
    name: 'platformMetrics is for ADMIN only',
    run: async (a) => resultOf(await as(a, `query($d: String!) { platformMetrics(from: $d, to: $d) { days { signUps enrolments } } }`, { d: today }),
      (d) => d.platformMetrics.days),
    expect: only({ admin: [{ signUps: 5, enrolments: 1 }] }),
  },
  {
    name: "progressUpdate (progressUpdated's payload) of the enrolled student is for them alone, not even ADMIN",
    run: async (a) => resultOf(await as(a, `query($id: ID!) { progressUpdate(id: $id) { reason dashboard { lessonsCompleted } } }`, { id: `${people.enrolled.id}.LessonCompleted.${Date.now()}.x` }),
      (d) => d.progressUpdate),
    expect: only({ enrolled: { reason: 'LessonCompleted', dashboard: { lessonsCompleted: 1 } } }),
  },
]);

describe('bad inputs to analytics are refused with BAD_USER_INPUT or NOT_FOUND and change nothing', () => {
  const COURSE = `query($c: ID!, $f: String!, $t: String!) { courseAnalytics(courseId: $c, from: $f, to: $t) { from } }`;
  const METRICS = `query($u: ID!, $f: String!, $t: String!) { userMetrics(userId: $u, from: $f, to: $t) { totalSeconds activeDays } }`;
  const codeOf = async (query: string, variables: Record<string, unknown>, user: TestUser) => {
    const res = await t.gql(query, variables, { token: user.token });
    return res.errors?.map((e) => [e.extensions?.code, e.extensions?.field ?? null]);
  };

  it('a range longer than 366 days, one that ends before it starts, or a day that is no day', async () => {
    const admin = people.admin;
    expect(await codeOf(COURSE, { c: courseId, f: '2025-01-01', t: '2026-01-02' }, admin)).toEqual([['BAD_USER_INPUT', 'to']]);
    expect(await codeOf(COURSE, { c: courseId, f: '2026-02-02', t: '2026-02-01' }, admin)).toEqual([['BAD_USER_INPUT', 'from']]);
    expect(await codeOf(COURSE, { c: courseId, f: '2026-02-30', t: '2026-03-01' }, admin)).toEqual([['BAD_USER_INPUT', 'from']]);
    expect(await codeOf(METRICS, { u: people.enrolled.id, f: 'yesterday', t: today }, people.enrolled)).toEqual([['BAD_USER_INPUT', 'from']]);
    expect(await codeOf(`query($f: String!, $t: String!) { platformMetrics(from: $f, to: $t) { from } }`, { f: today, t: '20260101' }, admin)).toEqual([['BAD_USER_INPUT', 'to']]);
    // 366 days is the most, and allowed.
    const fromDay = new Date(Date.parse(`${today}T00:00:00Z`) - 365 * 86_400_000).toISOString().slice(0, 10);
    expect(await codeOf(COURSE, { c: courseId, f: fromDay, t: today }, admin)).toBeUndefined();
  });

  it('an unknown course is NOT_FOUND, a malformed id BAD_USER_INPUT', async () => {
    expect(await codeOf(COURSE, { c: UNKNOWN_ID, f: today, t: today }, people.admin)).toEqual([['NOT_FOUND', null]]);
    expect(await codeOf(COURSE, { c: 'nope', f: today, t: today }, people.admin)).toEqual([['BAD_USER_INPUT', 'courseId']]);
    expect(await codeOf(METRICS, { u: 'nope', f: today, t: today }, people.admin)).toEqual([['BAD_USER_INPUT', 'userId']]);
  });

  it('recordLessonActivity refuses seconds out of 0 to 300, an unknown or malformed lesson, a caller not enrolled, and a report sooner than 5 s after the last', async () => {
    const before = (await must(METRICS, { u: people.enrolled.id, f: today, t: today }, people.enrolled)).userMetrics;
    const lesson = lessonIds[1];
    // A report of nothing (no seconds, no opening) changes no number and starts the 5 s again.
    await new Promise((r) => setTimeout(r, 5_200));
    reportedAt = Date.now();
    await must(ACTIVITY, { l: lesson, s: 0, o: false }, people.enrolled);
    expect(await codeOf(ACTIVITY, { l: lesson, s: 10, o: true }, people.enrolled)).toEqual([['RATE_LIMITED', null]]);
    expect(await codeOf(ACTIVITY, { l: lesson, s: 301, o: false }, people.enrolled)).toEqual([['BAD_USER_INPUT', 'seconds']]);
    expect(await codeOf(ACTIVITY, { l: lesson, s: -1, o: false }, people.enrolled)).toEqual([['BAD_USER_INPUT', 'seconds']]);
    expect(await codeOf(ACTIVITY, { l: UNKNOWN_ID, s: 10, o: false }, people.enrolled)).toEqual([['NOT_FOUND', null]]);
    expect(await codeOf(ACTIVITY, { l: 'nope', s: 10, o: false }, people.enrolled)).toEqual([['BAD_USER_INPUT', 'lessonId']]);
    for (const outsider of [people.student, people.instructor, people.otherInstructor, people.admin]) {
      expect(await codeOf(ACTIVITY, { l: lesson, s: 10, o: true }, outsider)).toEqual([['FORBIDDEN', null]]);
    }
    expect((await t.gql(ACTIVITY, { l: lesson, s: 10, o: true })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await must(METRICS, { u: people.enrolled.id, f: today, t: today }, people.enrolled)).userMetrics).toEqual(before);
  }, 30_000);

  it('a report after 5 s counts, and never more seconds than passed since the last one', async () => {
    await new Promise((r) => setTimeout(r, 5_200));
    const asked = Date.now();
    await must(ACTIVITY, { l: lessonIds[1], s: 300, o: true }, people.enrolled);
    const answered = Date.now();
    const metrics = (await must(`query($u: ID!, $d: String!) { userMetrics(userId: $u, from: $d, to: $d) { totalSeconds days { lessonsOpened } } }`, { u: people.enrolled.id, d: today }, people.enrolled)).userMetrics;
    expect(metrics.days[0].lessonsOpened).toBe(2);
    // 300 claimed, credited only the wall time since the last report (every earlier one claimed 0).
    expect(metrics.totalSeconds).toBeGreaterThanOrEqual(Math.floor((asked - reportedAt) / 1000) - 1);
    expect(metrics.totalSeconds).toBeLessThanOrEqual(Math.ceil((answered - reportedAt) / 1000));
  }, 30_000);
});
