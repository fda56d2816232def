import type { GraphQLResponse } from '@lg/platform/testing';
import { afterAll, beforeAll } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import {
  UNKNOWN_ID, actors, asActor, cast, enrol, later, matrix, numbersIn, resultOf, type Actor, type Person,
} from '../support/matrix.ts';
import { startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// Every assessment field of the API, asked through the running gateway by each of the six callers.
// `instructor` teaches `course` and made its exercise; `enrolled` is enrolled in it and has
// submitted a perfect answer once; `student` is enrolled nowhere. The answers of the exercise
// are choice indexes no other number of a response could be taken for (7; 3 and 8) and one word.

let t: TestStack;
let people: Record<Person, TestUser>;
let courseId: string;
let exercise: { id: string; questionIds: string[] };
let creating: string;
/** The enrolled student's third submission, appealed by nobody yet: appealGrade's target. */
let unappealed: string;

const COURSE = 'Assessment matrix course';
const EXERCISE = 'Cell biology basics';
const ANSWER_WORD = 'Mitochondria';
const choices = (n: number) => Array.from({ length: n }, (_, i) => `Choice ${String.fromCharCode(65 + i)}`);
const EXERCISE_INPUT = {
  title: EXERCISE,
  skills: ['Cells'],
  questions: [
    { prompt: 'Which one is right?', kind: 'SINGLE_CHOICE', choices: choices(10), correctChoices: [7], points: 2 },
    { prompt: 'Which ones are right?', kind: 'MULTIPLE_CHOICE', choices: choices(10), correctChoices: [3, 8], points: 3 },
    { prompt: 'The powerhouse of the cell?', kind: 'SHORT_TEXT', acceptedAnswers: [ANSWER_WORD], points: 5 },
  ],
};
const CREATE = `mutation($c: ID!, $i: CreateExerciseInput!) { createExercise(courseId: $c, input: $i) { id questions { id } } }`;
const perfect = () => [
  { questionId: exercise.questionIds[0], choiceIndexes: [7] },
  { questionId: exercise.questionIds[1], choiceIndexes: [8, 3] },
  { questionId: exercise.questionIds[2], text: '  mitochondria ' },
];
const SUBMIT = `mutation($e: ID!, $a: [SubmissionAnswerInput!]!) { submitExercise(exerciseId: $e, answers: $a) { score maxScore exercise { title } user { displayName } } }`;
const SUBMIT_ID = `mutation($e: ID!, $a: [SubmissionAnswerInput!]!) { submitExercise(exerciseId: $e, answers: $a) { id } }`;
const APPEAL = `mutation($s: ID!, $r: String!) { appealGrade(submissionId: $s, reason: $r) { id status } }`;
const REASON = 'Please look at my answer again.';

beforeAll(async () => {
  t = await startTestStack();
  people = await cast(t, 'Assessment');
  courseId = (await createCourse(t, people.instructor, { title: COURSE })).id;
  await enrol(t, people.enrolled, courseId);
  const created = await t.gql(CREATE, { c: courseId, i: EXERCISE_INPUT }, { token: people.instructor.token });
  if (created.errors) throw new Error(JSON.stringify(created.errors));
  exercise = { id: created.data!.createExercise.id, questionIds: created.data!.createExercise.questions.map((q: any) => q.id) };
  const submitted = await t.gql(SUBMIT, { e: exercise.id, a: perfect() }, { token: people.enrolled.token });
  if (submitted.errors) throw new Error(JSON.stringify(submitted.errors));
  const submitted2 = await t.gql(SUBMIT_ID, { e: exercise.id, a: perfect() }, { token: people.enrolled.token });
  const opened = await t.gql(APPEAL, { s: submitted2.data!.submitExercise.id, r: REASON }, { token: people.enrolled.token });
  // The enrolled student's second submission has an open appeal before the matrices run.
  if (opened.errors) throw new Error(JSON.stringify(opened.errors));
  unappealed = (await t.gql(SUBMIT_ID, { e: exercise.id, a: perfect() }, { token: people.enrolled.token })).data!.submitExercise.id;
  creating = (await createCourse(t, people.instructor, { title: 'Assessment course for new exercises' })).id;
  await enrol(t, people.enrolled, creating);
});
afterAll(async () => t?.close());

const as = asActor(() => t, () => people);
const each = <T>(value: T) => Object.fromEntries(actors.map((a) => [a, value])) as Record<Actor, T>;
/** The course's members (the enrolled student, its instructor, ADMIN) get `value`; outsiders are FORBIDDEN. */
const membersOnly = (value: unknown) => ({
  anonymous: 'UNAUTHENTICATED', student: 'FORBIDDEN', enrolled: value, instructor: value, otherInstructor: 'FORBIDDEN', admin: value,
});
/** The course's instructor and ADMIN get `value`; everyone else is refused. */
const managersOnly = (value: unknown) => ({ ...membersOnly(value), enrolled: 'FORBIDDEN' });

/**
 * The cell of a call that may reach the answers: the error code when refused, after checking that
 * no answer is anywhere in the response: no JSON number at all outside the errors' path and
 * locations (the queries ask for no other number), neither list of correct indexes as text, not
 * the accepted word. 'LEAKED …' otherwise, which no expected cell holds.
 */
function answersCell(res: GraphQLResponse, pick: (data: any) => unknown): unknown {
  if (!res.errors) return pick(res.data);
  const body = { data: res.data, errors: res.errors };
  const text = JSON.stringify(body).toLowerCase().replace(/\s/g, '');
  const leaks = numbersIn(body).length > 0 || ['[7]', '[3,8]', ANSWER_WORD.toLowerCase()].some((answer) => text.includes(answer));
  if (leaks) return `LEAKED ${JSON.stringify(body)}`;
  return resultOf(res, () => null);
}

const ANSWERS = { correctChoices: [[7], [3, 8], null], acceptedAnswers: [null, null, [ANSWER_WORD]] };
const QUESTIONS = [
  { prompt: 'Which one is right?', kind: 'SINGLE_CHOICE', choices: choices(10), points: 2 },
  { prompt: 'Which ones are right?', kind: 'MULTIPLE_CHOICE', choices: choices(10), points: 3 },
  { prompt: 'The powerhouse of the cell?', kind: 'SHORT_TEXT', choices: [], points: 5 },
];

matrix('assessment reads through the gateway, for each caller', [
  {
    name: "exercise(id) shows the exercise, without its answers, to the course's members",
    run: async (a) => resultOf(await as(a, `query($id: ID!) { exercise(id: $id) { title maxScore dueAt course { title } questions { prompt kind choices points } skills } }`, { id: exercise.id }),
      (d) => d.exercise),
    expect: membersOnly({ title: EXERCISE, maxScore: 10, dueAt: null, course: { title: COURSE }, questions: QUESTIONS, skills: ['cells'] }),
    words: { enrolled: 'the exercise', instructor: 'the exercise', admin: 'the exercise' },
  },
  {
    name: 'exercise(id) of an unknown id is null for anyone signed in',
    run: async (a) => resultOf(await as(a, `query($id: ID!) { exercise(id: $id) { id } }`, { id: UNKNOWN_ID }), (d) => d.exercise),
    expect: { ...each(null), anonymous: 'UNAUTHENTICATED' },
  },
  {
    name: "Course.exercises lists the course's exercises to its members",
    run: async (a) => resultOf(await as(a, `query($c: ID!) { course(id: $c) { exercises { id title } } }`, { c: courseId }), (d) => d.course.exercises),
    expect: membersOnly(later(() => [{ id: exercise.id, title: EXERCISE }])),
    words: { enrolled: 'the exercise', instructor: 'the exercise', admin: 'the exercise' },
  },
  {
    name: "ExerciseQuestion.correctChoices through exercise(id) is the instructor's and an ADMIN's, and nobody else gets any of it",
    run: async (a) => answersCell(await as(a, `query($id: ID!) { exercise(id: $id) { questions { id correctChoices } } }`, { id: exercise.id }),
      (d) => d.exercise.questions.map((q: any) => q.correctChoices)),
    expect: managersOnly(ANSWERS.correctChoices),
  },
  {
    name: "ExerciseQuestion.acceptedAnswers through exercise(id) is the instructor's and an ADMIN's, and nobody else gets any of it",
    run: async (a) => answersCell(await as(a, `query($id: ID!) { exercise(id: $id) { questions { id acceptedAnswers } } }`, { id: exercise.id }),
      (d) => d.exercise.questions.map((q: any) => q.acceptedAnswers)),
    expect: managersOnly(ANSWERS.acceptedAnswers),
  },
  {
    name: "both answer fields through Course.exercises are the instructor's and an ADMIN's, and nobody else gets any of them",
    run: async (a) => answersCell(await as(a, `query($c: ID!) { course(id: $c) { exercises { questions { correctChoices acceptedAnswers } } } }`, { c: courseId }),
      (d) => d.course.exercises.map((e: any) => e.questions)),
    expect: managersOnly([ANSWERS.correctChoices.map((correctChoices, i) => ({ correctChoices, acceptedAnswers: ANSWERS.acceptedAnswers[i] }))]),
    words: { instructor: 'the answers', admin: 'the answers' },
  },
  {
    name: "the answers through Course.viewerGrade's submissions stay hidden from the student who submitted (the others have no grade)",
    run: async (a) => answersCell(await as(a, `query($c: ID!) { course(id: $c) { viewerGrade { submissions { exercise { questions { correctChoices acceptedAnswers } } } } } }`, { c: courseId }),
      (d) => d.course.viewerGrade),
    expect: { ...each(null), enrolled: 'FORBIDDEN' },
  },
  {
    name: "Course.viewerGrade is the caller's grade as a student of the course, null for anyone not enrolled",
    run: async (a) => resultOf(await as(a, `query($c: ID!) { course(id: $c) { viewerGrade { scorePercent user { displayName } course { title } submissions { score maxScore exercise { title } } } } }`, { c: courseId }),
      (d) => d.course.viewerGrade),
    expect: {
      ...each(null),
      enrolled: { scorePercent: 100, user: { displayName: 'Assessment Enrolled' }, course: { title: COURSE }, submissions: [{ score: 10, maxScore: 10, exercise: { title: EXERCISE } }] },
    },
    words: { enrolled: 'their grade of 100 %' },
  },
  {
    name: "courseLeaderboard ranks the course's students for its members",
    run: async (a) => resultOf(await as(a, `query($c: ID!) { courseLeaderboard(courseId: $c) { rank scorePercent user { displayName } } }`, { c: courseId }), (d) => d.courseLeaderboard),
    expect: membersOnly([{ rank: 1, scorePercent: 100, user: { displayName: 'Assessment Enrolled' } }]),
    words: { enrolled: 'the enrolled student first', instructor: 'the enrolled student first', admin: 'the enrolled student first' },
  },
  {
    name: "submissionHistory(exerciseId) is the caller's own attempts with their feedback and appeal, for the course's members (staff have none)",
    run: async (a) => resultOf(await as(a, `query($e: ID!) { submissionHistory(exerciseId: $e) { score feedback { score correct } appeal { status } } }`, { e: exercise.id }),
      (d) => d.submissionHistory),
    // The enrolled student's three attempts, newest first: the third, the appealed second, the first.
    expect: {
      ...membersOnly([]),
      enrolled: [null, 'OPEN', null].map((status) => ({
        score: 10, feedback: [{ score: 2, correct: true }, { score: 3, correct: true }, { score: 5, correct: true }], appeal: status && { status },
      })),
    },
    words: { enrolled: 'their three attempts, the second appealed' },
  },
  {
    name: "submissionHistory(exerciseId, userId) of the enrolled student is theirs, their course's instructor's and an ADMIN's",
    run: async (a) => resultOf(await as(a, `query($e: ID!, $u: ID) { submissionHistory(exerciseId: $e, userId: $u) { score user { displayName } } }`, { e: exercise.id, u: people.enrolled.id }),
      (d) => d.submissionHistory.length),
    expect: { anonymous: 'UNAUTHENTICATED', student: 'FORBIDDEN', enrolled: 3, instructor: 3, otherInstructor: 'FORBIDDEN', admin: 3 },
  },
  {
    name: 'gradebook(courseId) lists the enrolled students with their best scores and attempts to the course\'s instructor and an ADMIN',
    run: async (a) => resultOf(await as(a, `query($c: ID!) { gradebook(courseId: $c) { totalCount exercises { title } edges { node { student { displayName } scorePercent cells { bestScore attempts } } } } }`, { c: courseId }),
      (d) => d.gradebook),
    expect: managersOnly({
      totalCount: 1, exercises: [{ title: EXERCISE }],
      edges: [{ node: { student: { displayName: 'Assessment Enrolled' }, scorePercent: 100, cells: [{ bestScore: 10, attempts: 3 }] } }],
    }),
  },
  {
    name: "exportGradebook(courseId) is the course's CSV for its instructor and an ADMIN",
    run: async (a) => resultOf(await as(a, `query($c: ID!) { exportGradebook(courseId: $c) }`, { c: courseId }),
      (d) => (d.exportGradebook as string).split('\r\n').map((line) => line.split(',').slice(0, 5).join(','))),
    expect: managersOnly(later(() => [
      `Student,Student ID,Total %,${EXERCISE} (best of 10),${EXERCISE} attempts`, `Assessment Enrolled,${people.enrolled.id},100,10,3`, '',
    ])),
    words: { instructor: 'a header and the enrolled student\'s line', admin: 'a header and the enrolled student\'s line' },
  },
  {
    name: "myAppeals is the caller's own appeals",
    run: async (a) => resultOf(await as(a, `{ myAppeals { totalCount edges { node { reason status } } } }`), (d) => d.myAppeals),
    expect: {
      ...each({ totalCount: 0, edges: [] }), anonymous: 'UNAUTHENTICATED',
      enrolled: { totalCount: 1, edges: [{ node: { reason: REASON, status: 'OPEN' } }] },
    },
  },
  {
    name: "appeals(courseId) lists the course's appeals to its instructor and an ADMIN",
    run: async (a) => resultOf(await as(a, `query($c: ID!) { appeals(courseId: $c, status: OPEN) { edges { node { reason student { displayName } submission { score } } } } }`, { c: courseId }),
      (d) => d.appeals.edges.map((e: any) => e.node)),
    expect: managersOnly([{ reason: REASON, student: { displayName: 'Assessment Enrolled' }, submission: { score: 10 } }]),
  },
]);

/** The titles of the exercises of the course for new exercises, asked by its instructor. */
const exercisesIn = async (id: string) =>
  (await as('instructor', `query($c: ID!) { course(id: $c) { exercises { title } } }`, { c: id })).data!.course.exercises.map((e: any) => e.title);

matrix('assessment writes through the gateway, for each caller', [
  {
    name: "createExercise is for the course's instructor and an ADMIN, and a refused call stores nothing",
    run: async (a) => {
      const res = await as(a, CREATE, { c: creating, i: { ...EXERCISE_INPUT, title: `Exercise by ${a}` } });
      return { outcome: resultOf(res, () => 'created'), exercises: await exercisesIn(creating) };
    },
    // Asked in order: anonymous, student, enrolled, instructor, otherInstructor, admin.
    expect: {
      anonymous: { outcome: 'UNAUTHENTICATED', exercises: [] },
      student: { outcome: 'FORBIDDEN', exercises: [] },
      enrolled: { outcome: 'FORBIDDEN', exercises: [] },
      instructor: { outcome: 'created', exercises: ['Exercise by instructor'] },
      otherInstructor: { outcome: 'FORBIDDEN', exercises: ['Exercise by instructor'] },
      admin: { outcome: 'created', exercises: ['Exercise by instructor', 'Exercise by admin'] },
    },
    words: {
      anonymous: 'UNAUTHENTICATED', student: 'FORBIDDEN', enrolled: 'FORBIDDEN', otherInstructor: 'FORBIDDEN',
      instructor: 'the exercise is created', admin: 'the exercise is created',
    },
  },
  {
    name: 'submitExercise is for students enrolled in the course, graded at once (not its instructor, nor an ADMIN)',
    run: async (a) => resultOf(await as(a, SUBMIT, { e: exercise.id, a: perfect() }), (d) => d.submitExercise),
    expect: {
      anonymous: 'UNAUTHENTICATED', student: 'FORBIDDEN', instructor: 'FORBIDDEN', otherInstructor: 'FORBIDDEN', admin: 'FORBIDDEN',
      enrolled: { score: 10, maxScore: 10, exercise: { title: EXERCISE }, user: { displayName: 'Assessment Enrolled' } },
    },
    words: { enrolled: 'a submission scored 10 of 10' },
  },
  {
    name: 'appealGrade is for the student who made the submission, once; a refused call opens no appeal',
    run: async (a) => {
      const res = await as(a, APPEAL, { s: unappealed, r: REASON });
      const mine = await as('enrolled', `{ myAppeals { totalCount } }`);
      return { outcome: resultOf(res, (d) => d.appealGrade.status), appeals: mine.data!.myAppeals.totalCount };
    },
    expect: {
      anonymous: { outcome: 'UNAUTHENTICATED', appeals: 1 },
      student: { outcome: 'FORBIDDEN', appeals: 1 },
      enrolled: { outcome: 'OPEN', appeals: 2 },
      instructor: { outcome: 'FORBIDDEN', appeals: 2 },
      otherInstructor: { outcome: 'FORBIDDEN', appeals: 2 },
      admin: { outcome: 'FORBIDDEN', appeals: 2 },
    },
  },
  {
    name: "resolveAppeal is for the course's instructor and an ADMIN, and a refused call leaves the appeal open and the score as it was",
    run: async (a) => {
      // A fresh appeal for each caller, by the enrolled student.
      const submitted = await t.gql(SUBMIT_ID, { e: exercise.id, a: [] }, { token: people.enrolled.token });
      const submissionId = submitted.data!.submitExercise.id;
      const opened = await t.gql(APPEAL, { s: submissionId, r: REASON }, { token: people.enrolled.token });
      const res = await as(a, `mutation($id: ID!) { resolveAppeal(appealId: $id, decision: ACCEPT, score: 4, reply: "Fair point.") { status } }`, { id: opened.data!.appealGrade.id });
      const history = await t.gql(`query($e: ID!) { submissionHistory(exerciseId: $e) { id score appeal { status } } }`, { e: exercise.id }, { token: people.enrolled.token });
      const stored = history.data!.submissionHistory.find((s: any) => s.id === submissionId);
      return { outcome: resultOf(res, (d) => d.resolveAppeal.status), score: stored.score, status: stored.appeal.status };
    },
    expect: {
      anonymous: { outcome: 'UNAUTHENTICATED', score: 0, status: 'OPEN' },
      student: { outcome: 'FORBIDDEN', score: 0, status: 'OPEN' },
      enrolled: { outcome: 'FORBIDDEN', score: 0, status: 'OPEN' },
      instructor: { outcome: 'ACCEPTED', score: 4, status: 'ACCEPTED' },
      otherInstructor: { outcome: 'FORBIDDEN', score: 0, status: 'OPEN' },
      admin: { outcome: 'ACCEPTED', score: 4, status: 'ACCEPTED' },
    },
    words: { instructor: 'accepted, the score set to 4', admin: 'accepted, the score set to 4' },
  },
  {
    name: 'resolveAppeal of an unknown appeal finds none',
    run: async (a) => resultOf(await as(a, `mutation($id: ID!) { resolveAppeal(appealId: $id, decision: REJECT, reply: "No.") { status } }`, { id: UNKNOWN_ID }), (d) => d.resolveAppeal),
    expect: { ...each('NOT_FOUND'), anonymous: 'UNAUTHENTICATED' },
  },
  {
    name: 'appealGrade of an unknown submission finds none',
    run: async (a) => resultOf(await as(a, APPEAL, { s: UNKNOWN_ID, r: REASON }), (d) => d.appealGrade),
    expect: { ...each('NOT_FOUND'), anonymous: 'UNAUTHENTICATED' },
  },
  {
    name: 'submitExercise of an unknown exercise finds none',
    run: async (a) => resultOf(await as(a, SUBMIT, { e: UNKNOWN_ID, a: [] }), (d) => d.submitExercise),
    expect: { ...each('NOT_FOUND'), anonymous: 'UNAUTHENTICATED' },
  },
  {
    name: 'createExercise in an unknown course finds none',
    run: async (a) => resultOf(await as(a, CREATE, { c: UNKNOWN_ID, i: EXERCISE_INPUT }), (d) => d.createExercise),
    expect: { ...each('NOT_FOUND'), anonymous: 'UNAUTHENTICATED' },
  },
]);

