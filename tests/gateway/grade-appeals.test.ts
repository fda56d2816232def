import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { enrol } from '../support/matrix.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// Grade appeals, attempt histories and exercise skills through the running gateway: a student
// appeals a graded submission, the course's instructor accepts or rejects it, and the score, the
// best score, the leaderboard and both people's notifications follow.

let t: TestStack;
let instructor: TestUser;
let other: TestUser;
let student: TestUser;
let classmate: TestUser;
let courseId: string;
let exercise: { id: string; questionIds: string[] };

const CREATE = `mutation($c: ID!, $i: CreateExerciseInput!) { createExercise(courseId: $c, input: $i) { id skills questions { id } } }`;
const SUBMIT = `mutation($e: ID!, $a: [SubmissionAnswerInput!]!) { submitExercise(exerciseId: $e, answers: $a) { id score } }`;
const APPEAL = `mutation($s: ID!, $r: String!) { appealGrade(submissionId: $s, reason: $r) { id status reason student { displayName } submission { score } } }`;
const RESOLVE = `mutation($a: ID!, $d: AppealDecision!, $s: Float, $r: String!) { resolveAppeal(appealId: $a, decision: $d, score: $s, reply: $r) { status reply previousScore submission { score } resolvedBy { displayName } } }`;
const REASON = 'My answer “Paris, France” names the same city.';

const inputOf = (title: string, skills?: string[]) => ({
  title,
  ...(skills ? { skills } : {}),
  questions: [
    { prompt: 'Pick A', kind: 'SINGLE_CHOICE', choices: ['A', 'B'], correctChoices: [0], points: 4 },
    { prompt: 'Capital of France?', kind: 'SHORT_TEXT', acceptedAnswers: ['Paris'], points: 6 },
  ],
});

async function ok(query: string, variables: Record<string, unknown>, user: TestUser) {
  const res = await t.gql(query, variables, { token: user.token });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!;
}
const codeOf = (res: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;

/** A submission of `user` answering the text question with `text` (and the choice right). */
const submit = async (user: TestUser, text: string, exerciseId = exercise.id, questionIds = exercise.questionIds) =>
  (await ok(SUBMIT, { e: exerciseId, a: [{ questionId: questionIds[0], choiceIndexes: [0] }, { questionId: questionIds[1], text }] }, user)).submitExercise as { id: string; score: number };

const appealOf = async (submissionId: string) =>
  (await ok(`query($e: ID!, $u: ID) { submissionHistory(exerciseId: $e, userId: $u) { id score appeal { status } } }`, { e: exercise.id, u: null }, student))
    .submissionHistory.find((s: { id: string }) => s.id === submissionId);

const notificationsOf = async (user: TestUser) =>
  (await ok(`{ myNotifications(first: 50) { edges { node { kind message } } } }`, {}, user)).myNotifications.edges.map((e: { node: unknown }) => e.node);

beforeAll(async () => {
  t = await startTestStack();
  instructor = await signUp(t, ['INSTRUCTOR'], 'Appeal Instructor');
  other = await signUp(t, ['INSTRUCTOR'], 'Appeal Other Instructor');
  student = await signUp(t, [], 'Appeal Student');
  classmate = await signUp(t, [], 'Appeal Classmate');
  courseId = (await createCourse(t, instructor, { title: 'Appeals course' })).id;
  await enrol(t, student, courseId);
  await enrol(t, classmate, courseId);
  const created = (await ok(CREATE, { c: courseId, i: inputOf('Geography', ['  Capitals ', 'EUROPE', 'capitals']) }, instructor)).createExercise;
  exercise = { id: created.id, questionIds: created.questions.map((q: { id: string }) => q.id) };
}, 120_000);
afterAll(async () => t?.close());

describe('exercise skills', () => {
  it('are stored trimmed, lowercase and each once', async () => {
    const read = await ok(`query($id: ID!) { exercise(id: $id) { skills } }`, { id: exercise.id }, student);
    expect(read.exercise.skills).toEqual(['capitals', 'europe']);
  });

  it('are refused with BAD_USER_INPUT when more than 10, longer than 40 characters or empty, and nothing is created', async () => {
    const bad = [Array.from({ length: 11 }, (_, i) => `skill ${i}`), ['x'.repeat(41)], ['  ']];
    for (const skills of bad) {
      const res = await t.gql(CREATE, { c: courseId, i: inputOf('Refused exercise', skills) }, { token: instructor.token });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'skills' });
    }
    const titles = (await ok(`query($c: ID!) { course(id: $c) { exercises { title } } }`, { c: courseId }, instructor)).course.exercises.map((e: { title: string }) => e.title);
    expect(titles).not.toContain('Refused exercise');
  });
});

describe('attempt history', () => {
  it("lists every attempt newest first, with each question's feedback; the instructor reads a student's by userId, a classmate cannot", async () => {
    const first = await submit(classmate, 'Rome');
    const second = await submit(classmate, 'paris');
    const own = await ok(`query($e: ID!) { submissionHistory(exerciseId: $e) { id score feedback { question { prompt } score points correct } } }`, { e: exercise.id }, classmate);
    expect(own.submissionHistory).toEqual([
      { id: second.id, score: 10, feedback: [{ question: { prompt: 'Pick A' }, score: 4, points: 4, correct: true }, { question: { prompt: 'Capital of France?' }, score: 6, points: 6, correct: true }] },
      { id: first.id, score: 4, feedback: [{ question: { prompt: 'Pick A' }, score: 4, points: 4, correct: true }, { question: { prompt: 'Capital of France?' }, score: 0, points: 6, correct: false }] },
    ]);
    const byInstructor = await ok(`query($e: ID!, $u: ID) { submissionHistory(exerciseId: $e, userId: $u) { id } }`, { e: exercise.id, u: classmate.id }, instructor);
    expect(byInstructor.submissionHistory.map((s: { id: string }) => s.id)).toEqual([second.id, first.id]);
    const byStudent = await t.gql(`query($e: ID!, $u: ID) { submissionHistory(exerciseId: $e, userId: $u) { id } }`, { e: exercise.id, u: classmate.id }, { token: student.token });
    expect(codeOf(byStudent)).toBe('FORBIDDEN');
    expect(byStudent.data?.submissionHistory).toBeNull();
  });
});

describe('grade appeals', () => {
  it('a student appeals their graded submission; the instructor is told, and bad appeals are refused and change nothing', async () => {
    const submission = await submit(student, 'Paris, France');
    expect(submission.score).toBe(4);
    const tooShort = await t.gql(APPEAL, { s: submission.id, r: 'unfair' }, { token: student.token });
    expect(tooShort.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const tooLong = await t.gql(APPEAL, { s: submission.id, r: 'x'.repeat(2001) }, { token: student.token });
    expect(tooLong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const someoneElses = await t.gql(APPEAL, { s: submission.id, r: REASON }, { token: classmate.token });
    expect(codeOf(someoneElses)).toBe('FORBIDDEN');
    expect((await appealOf(submission.id)).appeal).toBeNull();

    const opened = (await ok(APPEAL, { s: submission.id, r: REASON }, student)).appealGrade;
    expect(opened).toMatchObject({ status: 'OPEN', reason: REASON, student: { displayName: 'Appeal Student' }, submission: { score: 4 } });
    const again = await t.gql(APPEAL, { s: submission.id, r: REASON }, { token: student.token });
    expect(codeOf(again)).toBe('CONFLICT');
    await expect.poll(() => notificationsOf(instructor), { timeout: 10_000 })
      .toContainEqual({ kind: 'GRADE_APPEAL_OPENED', message: 'A student appealed a grade in “Appeals course”.' });
    const listed = await ok(`query($c: ID!) { appeals(courseId: $c, status: OPEN) { totalCount edges { node { id reason } } } }`, { c: courseId }, instructor);
    expect(listed.appeals).toEqual({ totalCount: 1, edges: [{ node: { id: opened.id, reason: REASON } }] });
    const mine = await ok(`{ myAppeals { edges { node { id status } } } }`, {}, student);
    expect(mine.myAppeals.edges).toEqual([{ node: { id: opened.id, status: 'OPEN' } }]);
  });

  it('the instructor accepts with a new score: the submission, the best score and the leaderboard follow, the student is told, and resolving twice is a CONFLICT', async () => {
    const submission = await submit(student, 'Paris France!');
    const appeal = (await ok(APPEAL, { s: submission.id, r: REASON }, student)).appealGrade;
    const outOfRange = await t.gql(RESOLVE, { a: appeal.id, d: 'ACCEPT', s: 11, r: 'Right.' }, { token: instructor.token });
    expect(outOfRange.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'score' });
    const byOther = await t.gql(RESOLVE, { a: appeal.id, d: 'ACCEPT', s: 10, r: 'Right.' }, { token: other.token });
    expect(codeOf(byOther)).toBe('FORBIDDEN');
    expect((await appealOf(submission.id))).toMatchObject({ score: 4, appeal: { status: 'OPEN' } });

    const accepted = (await ok(RESOLVE, { a: appeal.id, d: 'ACCEPT', s: 10, r: 'Right, full marks.' }, instructor)).resolveAppeal;
    expect(accepted).toEqual({ status: 'ACCEPTED', reply: 'Right, full marks.', previousScore: 4, submission: { score: 10 }, resolvedBy: { displayName: 'Appeal Instructor' } });
    const twice = await t.gql(RESOLVE, { a: appeal.id, d: 'REJECT', r: 'No.' }, { token: instructor.token });
    expect(codeOf(twice)).toBe('CONFLICT');
    expect(await appealOf(submission.id)).toMatchObject({ score: 10, appeal: { status: 'ACCEPTED' } });

    const grade = await ok(`query($c: ID!) { course(id: $c) { viewerGrade { scorePercent submissions { id score } } } }`, { c: courseId }, student);
    expect(grade.course.viewerGrade).toEqual({ scorePercent: 100, submissions: [{ id: submission.id, score: 10 }] });
    const board = await ok(`query($c: ID!) { courseLeaderboard(courseId: $c) { rank scorePercent user { displayName } } }`, { c: courseId }, student);
    expect(board.courseLeaderboard).toContainEqual({ rank: 1, scorePercent: 100, user: { displayName: 'Appeal Student' } });
    await expect.poll(() => notificationsOf(student), { timeout: 10_000 })
      .toContainEqual({ kind: 'GRADE_APPEAL_ACCEPTED', message: 'Your grade appeal was accepted: your score is now 10 of 10 (was 4).' });
  });

  it('a rejection keeps the score, needs no score, and tells the student the reply', async () => {
    const submission = await submit(student, 'Lyon');
    const appeal = (await ok(APPEAL, { s: submission.id, r: 'Lyon is a lovely city too.' }, student)).appealGrade;
    const withScore = await t.gql(RESOLVE, { a: appeal.id, d: 'REJECT', s: 5, r: 'No.' }, { token: instructor.token });
    expect(withScore.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'score' });
    const rejected = (await ok(RESOLVE, { a: appeal.id, d: 'REJECT', r: 'The capital is Paris.' }, instructor)).resolveAppeal;
    expect(rejected).toMatchObject({ status: 'REJECTED', previousScore: null, submission: { score: 4 } });
    await expect.poll(() => notificationsOf(student), { timeout: 10_000 })
      .toContainEqual({ kind: 'GRADE_APPEAL_REJECTED', message: 'Your grade appeal was rejected: The capital is Paris.' });
    const again = await t.gql(APPEAL, { s: submission.id, r: REASON }, { token: student.token });
    expect(codeOf(again)).toBe('CONFLICT');
  });

  it('racing accept and reject of one appeal, many times: exactly one wins, the other is a CONFLICT, and the score agrees with the winner', async () => {
    for (let round = 0; round < 8; round += 1) {
      const submission = await submit(classmate, 'Marseille');
      const appeal = (await ok(APPEAL, { s: submission.id, r: `Round ${round}: please look again.` }, classmate)).appealGrade;
      const [accept, reject] = await Promise.all([
        t.gql(RESOLVE, { a: appeal.id, d: 'ACCEPT', s: 7, r: 'Accepted.' }, { token: instructor.token }),
        t.gql(RESOLVE, { a: appeal.id, d: 'REJECT', r: 'Rejected.' }, { token: instructor.token }),
      ]);
      const outcomes = [accept, reject].map((res) => (res.errors ? codeOf(res) : res.data!.resolveAppeal.status)).sort();
      expect(outcomes.filter((o) => o === 'CONFLICT')).toHaveLength(1);
      const winner = outcomes.find((o) => o !== 'CONFLICT');
      expect(['ACCEPTED', 'REJECTED']).toContain(winner);
      const stored = (await ok(`query($e: ID!) { submissionHistory(exerciseId: $e) { id score appeal { status reply } } }`, { e: exercise.id }, classmate))
        .submissionHistory.find((s: { id: string }) => s.id === submission.id);
      expect(stored).toEqual(winner === 'ACCEPTED'
        ? { id: submission.id, score: 7, appeal: { status: 'ACCEPTED', reply: 'Accepted.' } }
        : { id: submission.id, score: 4, appeal: { status: 'REJECTED', reply: 'Rejected.' } });
    }
  }, 120_000);
});
