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

const COURSE = 'Assessment matrix course';
const EXERCISE = 'Cell biology basics';
const ANSWER_WORD = 'Mitochondria';
const choices = (n: number) => Array.from({ length: n }, (_, i) => `Choice ${String.fromCharCode(65 + i)}`);
const EXERCISE_INPUT = {
  title: EXERCISE,
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
    run: async (a) => resultOf(await as(a, `query($id: ID!) { exercise(id: $id) { title maxScore dueAt course { title } questions { prompt kind choices points } } }`, { id: exercise.id }),
      (d) => d.exercise),
    expect: membersOnly({ title: EXERCISE, maxScore: 10, dueAt: null, course: { title: COURSE }, questions: QUESTIONS }),
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

