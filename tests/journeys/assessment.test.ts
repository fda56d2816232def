import { codeOf } from '@lg/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCourse } from '../support/catalog.ts';
import { signUp, startTestStack, type TestStack, type TestUser } from '../support/stack.ts';

// One course's assessment, step by step through the running gateway; the steps build on each
// other and run in order.

let t: TestStack;
let instructor: TestUser;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let courseId: string;
let exercise: { id: string; questions: { id: string }[] };

beforeAll(async () => {
  t = await startTestStack();
  instructor = await signUp(t, ['INSTRUCTOR'], 'Ines Teacher');
  alice = await signUp(t, [], 'Alice');
  bob = await signUp(t, [], 'Bob');
  carol = await signUp(t, [], 'Carol');
  courseId = (await createCourse(t, instructor, { title: 'Numbers and Capitals' })).id;
});
afterAll(async () => t?.close());

const EXERCISE_INPUT = {
  title: 'First quiz',
  questions: [
    { prompt: 'How many sides has a triangle?', kind: 'SINGLE_CHOICE', choices: ['Two', 'Three', 'Four'], correctChoices: [1], points: 2 },
    { prompt: 'Which are prime numbers?', kind: 'MULTIPLE_CHOICE', choices: ['2', '4', '5', '9'], correctChoices: [2, 0], points: 3 },
    { prompt: 'The capital of France?', kind: 'SHORT_TEXT', acceptedAnswers: ['Paris'], points: 5 },
  ],
};
const CREATE = `mutation($c: ID!, $i: CreateExerciseInput!) {
  createExercise(courseId: $c, input: $i) { id title maxScore dueAt course { title } questions { id prompt kind choices points correctChoices acceptedAnswers } }
}`;
const SUBMIT = `mutation($e: ID!, $a: [SubmissionAnswerInput!]!) { submitExercise(exerciseId: $e, answers: $a) { id score maxScore user { displayName } exercise { title } } }`;
const GRADE = `query($c: ID!) { course(id: $c) { viewerGrade { scorePercent submissions { id score maxScore } } } }`;
const BOARD = `query($c: ID!) { courseLeaderboard(courseId: $c) { rank scorePercent user { displayName } } }`;

/** Answers to the first quiz: each question right, or wrong where asked. */
const answers = ({ single = [1], multiple = [0, 2], text = 'Paris' }: { single?: number[]; multiple?: number[]; text?: string } = {}) => [
  { questionId: exercise.questions[0]!.id, choiceIndexes: single },
  { questionId: exercise.questions[1]!.id, choiceIndexes: multiple },
  { questionId: exercise.questions[2]!.id, text },
];
const submit = (user: TestUser, exerciseId: string, list: unknown[]) => t.gql(SUBMIT, { e: exerciseId, a: list }, { token: user.token });
const gradeOf = async (user: TestUser) => {
  const res = await t.gql(GRADE, { c: courseId }, { token: user.token });
  expect(res.errors).toBeUndefined();
  return res.data!.course.viewerGrade;
};
/** The leaderboard as "rank name percent" lines, asked by `viewer`. */
const board = async (viewer: TestUser = instructor) => {
  const res = await t.gql(BOARD, { c: courseId }, { token: viewer.token });
  expect(res.errors).toBeUndefined();
  return res.data!.courseLeaderboard.map((e: any) => `${e.rank} ${e.user.displayName} ${e.scorePercent}`);
};
const enrol = async (user: TestUser) => {
  const res = await t.gql(`mutation($c: ID!) { enrollInFreeCourse(courseId: $c) { status } }`, { c: courseId }, { token: user.token });
  expect(res.data?.enrollInFreeCourse).toEqual({ status: 'ACTIVE' });
};

describe('through the running gateway a student can enrol in a free course, take an exercise and see their grade and rank, and an instructor can create an exercise', () => {
  it('the instructor creates an exercise with a single-choice, a multiple-choice and a short-text question, and sees its answers', async () => {
    const res = await t.gql(CREATE, { c: courseId, i: EXERCISE_INPUT }, { token: instructor.token });
    expect(res.errors).toBeUndefined();
    exercise = res.data!.createExercise;
    expect(res.data!.createExercise).toEqual({
      id: expect.any(String), title: 'First quiz', maxScore: 10, dueAt: null, course: { title: 'Numbers and Capitals' },
      questions: [
        { id: expect.any(String), prompt: 'How many sides has a triangle?', kind: 'SINGLE_CHOICE', choices: ['Two', 'Three', 'Four'], points: 2, correctChoices: [1], acceptedAnswers: null },
        { id: expect.any(String), prompt: 'Which are prime numbers?', kind: 'MULTIPLE_CHOICE', choices: ['2', '4', '5', '9'], points: 3, correctChoices: [0, 2], acceptedAnswers: null },
        { id: expect.any(String), prompt: 'The capital of France?', kind: 'SHORT_TEXT', choices: [], points: 5, correctChoices: null, acceptedAnswers: ['Paris'] },
      ],
    });
  });

  it('two students enrol and find the exercise on the course page, without its answers', async () => {
    await enrol(alice);
    await enrol(bob);
    const res = await t.gql(`query($c: ID!) { course(id: $c) { enrollmentCount exercises { id title maxScore questions { id kind choices points } } viewerGrade { scorePercent submissions { score } } } }`,
      { c: courseId }, { token: alice.token });
    expect(res.errors).toBeUndefined();
    expect(res.data!.course).toEqual({
      enrollmentCount: 2,
      exercises: [{
        id: exercise.id, title: 'First quiz', maxScore: 10,
        questions: [
          { id: exercise.questions[0]!.id, kind: 'SINGLE_CHOICE', choices: ['Two', 'Three', 'Four'], points: 2 },
          { id: exercise.questions[1]!.id, kind: 'MULTIPLE_CHOICE', choices: ['2', '4', '5', '9'], points: 3 },
          { id: exercise.questions[2]!.id, kind: 'SHORT_TEXT', choices: [], points: 5 },
        ],
      }],
      // Enrolled, nothing submitted yet: a grade of 0.
      viewerGrade: { scorePercent: 0, submissions: [] },
    });
  });

  it('a perfect and a partial submission are graded at once; each student sees their own grade and the leaderboard ranks them', async () => {
    const perfect = await submit(alice, exercise.id, answers({ text: '  paris ' }));
    expect(perfect.data!.submitExercise).toMatchObject({ score: 10, maxScore: 10, user: { displayName: 'Alice' }, exercise: { title: 'First quiz' } });
    // The single choice and the text are right, the multiple choice misses one: 2 + 0 + 5.
    const partial = await submit(bob, exercise.id, answers({ multiple: [0] }));
    expect(partial.data!.submitExercise).toMatchObject({ score: 7, maxScore: 10, user: { displayName: 'Bob' } });

    expect(await gradeOf(alice)).toEqual({ scorePercent: 100, submissions: [{ id: perfect.data!.submitExercise.id, score: 10, maxScore: 10 }] });
    expect(await gradeOf(bob)).toEqual({ scorePercent: 70, submissions: [{ id: partial.data!.submitExercise.id, score: 7, maxScore: 10 }] });
    expect(await board(alice)).toEqual(['1 Alice 100', '2 Bob 70']);
    expect(await board(bob)).toEqual(['1 Alice 100', '2 Bob 70']);
    expect(await board(instructor)).toEqual(['1 Alice 100', '2 Bob 70']);
  });

  it('a third student who ties with the best shares the first rank, and the next rank is 3', async () => {
    await enrol(carol);
    expect((await submit(carol, exercise.id, answers())).data!.submitExercise.score).toBe(10);
    expect(await gradeOf(carol)).toMatchObject({ scorePercent: 100 });
    // Equal scores share a rank, in the order they were reached.
    expect(await board(carol)).toEqual(['1 Alice 100', '1 Carol 100', '3 Bob 70']);
  });

  it('answers naming a question of no exercise, or a choice out of range, are BAD_USER_INPUT and store nothing', async () => {
    const before = await gradeOf(bob);
    // Each would score 10 of 10 if it were taken: the grade shows whether anything was stored.
    const unknownQuestion = await submit(bob, exercise.id, [...answers().slice(0, 2), { questionId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', text: 'Paris' }]);
    expect(codeOf(unknownQuestion)).toBe('BAD_USER_INPUT');
    expect(unknownQuestion.data?.submitExercise ?? null).toBeNull();
    const outOfRange = await submit(bob, exercise.id, answers({ multiple: [0, 2, 4] }));
    expect(codeOf(outOfRange)).toBe('BAD_USER_INPUT');
    const outOfRangeSingle = await submit(bob, exercise.id, answers({ single: [-1] }));
    expect(codeOf(outOfRangeSingle)).toBe('BAD_USER_INPUT');

    expect(await gradeOf(bob)).toEqual(before);
    expect(before).toMatchObject({ scorePercent: 70 });
    expect(await board()).toEqual(['1 Alice 100', '1 Carol 100', '3 Bob 70']);
  });

  it('a better resubmission raises the grade to the best per exercise, and a worse one afterwards leaves it', async () => {
    const better = await submit(bob, exercise.id, answers());
    expect(better.data!.submitExercise.score).toBe(10);
    const best = { scorePercent: 100, submissions: [{ id: better.data!.submitExercise.id, score: 10, maxScore: 10 }] };
    expect(await gradeOf(bob)).toEqual(best);
    expect(await board()).toEqual(['1 Alice 100', '1 Carol 100', '1 Bob 100']);

    const worse = await submit(bob, exercise.id, answers({ single: [0], multiple: [1], text: 'Lyon' }));
    expect(worse.data!.submitExercise.score).toBe(0);
    expect(await gradeOf(bob)).toEqual(best);
    expect(await board()).toEqual(['1 Alice 100', '1 Carol 100', '1 Bob 100']);
  });

  it("a second exercise counts in every grade from its creation; students who equal each other share a rank (1, 2, 2)", async () => {
    const created = await t.gql(CREATE, {
      c: courseId, i: { title: 'Second quiz', questions: [{ prompt: 'The capital of Japan?', kind: 'SHORT_TEXT', acceptedAnswers: ['Tokyo'], points: 10 }] },
    }, { token: instructor.token });
    expect(created.errors).toBeUndefined();
    const second = created.data!.createExercise;

    // Nobody has taken it yet: 10 of 20 for everyone.
    expect(await gradeOf(alice)).toMatchObject({ scorePercent: 50 });
    expect(await board()).toEqual(['1 Alice 50', '1 Carol 50', '1 Bob 50']);

    const taken = await submit(alice, second.id, [{ questionId: second.questions[0].id, text: 'tokyo' }]);
    expect(taken.data!.submitExercise.score).toBe(10);
    expect(await gradeOf(alice)).toEqual({
      scorePercent: 100,
      submissions: [{ id: expect.any(String), score: 10, maxScore: 10 }, { id: taken.data!.submitExercise.id, score: 10, maxScore: 10 }],
    });
    expect(await board(bob)).toEqual(['1 Alice 100', '2 Carol 50', '2 Bob 50']);
  });

  it("the instructor, who is no student of the course, has no grade and cannot submit", async () => {
    const grade = await t.gql(GRADE, { c: courseId }, { token: instructor.token });
    expect(grade.data!.course.viewerGrade).toBeNull();
    expect(codeOf(await submit(instructor, exercise.id, answers()))).toBe('FORBIDDEN');
    expect(await board()).toEqual(['1 Alice 100', '2 Carol 50', '2 Bob 50']);
  });
});
