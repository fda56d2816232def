import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { enrol } from '../support/matrix.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';
import { settleSubscriptions, subscribe, wsClients } from '../support/ws.ts';

// progressUpdated(userId): a student's dashboard in one tab moves when they complete a lesson in
// another; nobody else hears it, not even ADMIN.

let t: TestStack;
let student: TestUser;
let other: TestUser;
let admin: TestUser;
let instructorUser: TestUser;
let courseId: string;
let lessonIds: string[];
const { client, disposeAll } = wsClients(() => t.url);

const SCORES = `subscription($u: ID!) { progressUpdated(userId: $u) { reason dashboard { averageScoreOverTime { day averagePercent submissions } skillHeatmap { skill mastery attempts } } } }`;
const PROGRESS = `subscription($u: ID!) { progressUpdated(userId: $u) { reason user { id } dashboard { lessonsCompleted currentStreak recommendations { nextLessons { title } } } } }`;

beforeAll(async () => {
  t = await startTestStack({}, { subscriptionPollMs: 100 });
  const instructor = (instructorUser = await signUp(t, ['INSTRUCTOR'], 'Progress Instructor'));
  student = await signUp(t, [], 'Progress Student');
  other = await signUp(t, [], 'Progress Other');
  admin = await signUp(t, ['ADMIN'], 'Progress Admin');
  const course = await createCourse(t, instructor, { title: 'Progress course' });
  courseId = course.id;
  await t.gql(`mutation($s: ID!) { addLesson(sectionId: $s, input: { title: "Second", kind: READING }) { id } }`, { s: course.sectionId }, { token: instructor.token });
  const page = await t.gql(`query($id: ID!) { course(id: $id) { sections { lessons { id } } } }`, { id: courseId });
  lessonIds = page.data!.course.sections.flatMap((s: any) => s.lessons.map((l: any) => l.id));
  await enrol(t, student, courseId);
}, 120_000);
afterAll(async () => {
  await disposeAll();
  await t?.close();
});

describe('progressUpdated', () => {
  it('moves the dashboard of one tab when the student completes a lesson in another, with the lesson counted', async () => {
    const tab = subscribe(client(student.token), PROGRESS, { u: student.id });
    await settleSubscriptions();
    const done = await t.gql(`mutation($c: ID!, $l: ID!) { completeLesson(courseId: $c, lessonId: $l) { id } }`, { c: courseId, l: lessonIds[0] }, { token: student.token });
    expect(done.errors).toBeUndefined();
    const update = await tab.nth(1, 15_000);
    expect(update.errors).toBeUndefined();
    expect(update.data).toEqual({
      progressUpdated: {
        reason: 'LessonCompleted', user: { id: student.id },
        dashboard: { lessonsCompleted: 1, currentStreak: 1, recommendations: { nextLessons: [{ title: 'Second' }] } },
      },
    });
    tab.unsubscribe();
  }, 30_000);

  it("an accepted grade appeal moves the student's live dashboard: the day's average score and the skill", async () => {
    const instructorToken = instructorUser.token;
    const created = await t.gql(`mutation($c: ID!, $i: CreateExerciseInput!) { createExercise(courseId: $c, input: $i) { id questions { id } } }`, {
      c: courseId, i: { title: 'Capitals', skills: ['capitals'], questions: [{ prompt: 'Capital of France?', kind: 'SHORT_TEXT', acceptedAnswers: ['Paris'], points: 10 }] },
    }, { token: instructorToken });
    const exercise = created.data!.createExercise;
    const submitted = await t.gql(`mutation($e: ID!, $a: [SubmissionAnswerInput!]!) { submitExercise(exerciseId: $e, answers: $a) { id score } }`, {
      e: exercise.id, a: [{ questionId: exercise.questions[0].id, text: 'Paris, France' }],
    }, { token: student.token });
    expect(submitted.data!.submitExercise.score).toBe(0);
    const appeal = await t.gql(`mutation($s: ID!) { appealGrade(submissionId: $s, reason: "Paris, France is Paris.") { id } }`, { s: submitted.data!.submitExercise.id }, { token: student.token });
    const tab = subscribe(client(student.token), SCORES, { u: student.id });
    await settleSubscriptions();
    const accepted = await t.gql(`mutation($a: ID!) { resolveAppeal(appealId: $a, decision: ACCEPT, score: 10, reply: "Agreed.") { status } }`, { a: appeal.data!.appealGrade.id }, { token: instructorToken });
    expect(accepted.errors).toBeUndefined();
    const update = await tab.nth(1, 15_000);
    expect(update.errors).toBeUndefined();
    const today = new Date().toISOString().slice(0, 10);
    expect(update.data!.progressUpdated.reason).toBe('GradeAdjusted');
    expect(update.data!.progressUpdated.dashboard.averageScoreOverTime).toContainEqual({ day: today, averagePercent: 100, submissions: 1 });
    expect(update.data!.progressUpdated.dashboard.skillHeatmap).toContainEqual({ skill: 'capitals', mastery: 1, attempts: 1 });
    tab.unsubscribe();
  }, 30_000);

  it("another user's progress is refused (FORBIDDEN), also to ADMIN, and an anonymous client is UNAUTHENTICATED", async () => {
    for (const [token, code] of [[other.token, 'FORBIDDEN'], [admin.token, 'FORBIDDEN'], [undefined, 'UNAUTHENTICATED']] as const) {
      const sub = subscribe(client(token), PROGRESS, { u: student.id });
      await sub.ended;
      expect(sub.results[0]!.errors![0]).toMatchObject({ extensions: { code } });
    }
  });

  it("a user hears only their own progress, not another student's", async () => {
    await enrol(t, other, courseId);
    const theirs = subscribe(client(other.token), PROGRESS, { u: other.id });
    await settleSubscriptions();
    await t.gql(`mutation($c: ID!, $l: ID!) { completeLesson(courseId: $c, lessonId: $l) { id } }`, { c: courseId, l: lessonIds[1] }, { token: student.token });
    await t.gql(`mutation($c: ID!, $l: ID!) { completeLesson(courseId: $c, lessonId: $l) { id } }`, { c: courseId, l: lessonIds[0] }, { token: other.token });
    const update = await theirs.nth(1, 15_000);
    expect(update.data).toMatchObject({ progressUpdated: { reason: 'LessonCompleted', user: { id: other.id }, dashboard: { lessonsCompleted: 1 } } });
    await new Promise((r) => setTimeout(r, 500));
    expect(theirs.results).toHaveLength(1);
    theirs.unsubscribe();
  }, 30_000);
});
