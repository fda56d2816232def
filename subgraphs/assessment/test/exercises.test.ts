import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateExerciseInput, ExerciseQuestionInput } from '../src/index.ts';
import {
  EXERCISE_FIELDS, actor, codeOf, createCourse, enroll, exerciseInput, startAssessment, type Actor, type AssessmentHarness,
} from './harness.ts';

let h: AssessmentHarness;
let instructor: Actor;
let student: Actor;
let courseId: string;
beforeAll(async () => {
  h = await startAssessment();
  instructor = actor(h, 'STUDENT', 'INSTRUCTOR');
  student = actor(h, 'STUDENT');
  courseId = await createCourse(h, instructor);
  await enroll(h, courseId, student);
});
afterAll(async () => h?.close());

const CREATE = `mutation($courseId: ID!, $input: CreateExerciseInput!) { createExercise(courseId: $courseId, input: $input) { ${EXERCISE_FIELDS} } }`;
const create = (input: CreateExerciseInput, course = courseId, who: Actor = instructor) => h.gql(CREATE, { courseId: course, input }, { token: who.token });
const counts = async () => ({
  exercises: await h.subgraph.repository.exercises.countDocuments(),
  events: await h.platform.db.collection('platform_events').countDocuments(),
});

describe('creating an exercise', () => {
  it("the course's instructor creates an exercise whose maxScore is the sum of its points", async () => {
    const res = await create(exerciseInput({ title: '  Geography basics ', dueAt: '2030-01-31T10:00:00Z' as never }));
    expect(res.errors).toBeUndefined();
    const exercise = res.data!.createExercise;
    expect(exercise).toMatchObject({ title: 'Geography basics', maxScore: 10, dueAt: '2030-01-31T10:00:00.000Z', course: { id: courseId } });
    expect(exercise.questions.map((q: { kind: string; points: number; choices: string[] }) => [q.kind, q.points, q.choices])).toEqual([
      ['SINGLE_CHOICE', 2, ['Paris', 'Africa', 'Nile']],
      ['MULTIPLE_CHOICE', 3, ['Nile', 'Alps', 'Danube', 'Sahara']],
      ['SHORT_TEXT', 5, []],
    ]);
    expect(new Set(exercise.questions.map((q: { id: string }) => q.id)).size).toBe(3);
  });

  it('stores the correct answers with the exercise: choices sorted, accepted answers with spaces collapsed', async () => {
    const input = exerciseInput();
    input.questions[1] = { ...input.questions[1]!, correctChoices: [2, 0] };
    const res = await create(input);
    const stored = await h.subgraph.repository.exercises.findOne({ _id: res.data!.createExercise.id });
    expect(stored!.questions.map((q) => [q.correctChoices, q.acceptedAnswers])).toEqual([
      [[1], null], [[0, 2], null], [null, ['Paris', 'City of Light']],
    ]);
    expect(stored!.outbox).toEqual([]);
  });

  it('a due date in the past is as fine as one in the future, and none at all', async () => {
    expect((await create(exerciseInput({ dueAt: '2001-01-01T00:00:00Z' as never }))).data!.createExercise.dueAt).toBe('2001-01-01T00:00:00.000Z');
    expect((await create(exerciseInput({ dueAt: null }))).data!.createExercise.dueAt).toBeNull();
  });

  it('an ADMIN creates an exercise in any course', async () => {
    const admin = actor(h, 'ADMIN');
    const res = await create(exerciseInput(), courseId, admin);
    expect(res.errors).toBeUndefined();
    expect(res.data!.createExercise.course).toEqual({ id: courseId });
  });

  it('a course created a moment ago takes exercises at once, before the projection has been woken', async () => {
    await h.subgraph.consumers.catalog.stop();
    try {
      const fresh = await createCourse(h, instructor, { draft: true });
      const res = await create(exerciseInput(), fresh);
      expect(res.errors).toBeUndefined();
    } finally {
      h.subgraph.consumers.catalog.start();
    }
  });

  it('an unknown course is NOT_FOUND and a malformed id BAD_USER_INPUT, with nothing written', async () => {
    const before = await counts();
    expect(codeOf(await create(exerciseInput(), '0190a0a0-0000-7000-8000-000000000000'))).toBe('NOT_FOUND');
    const malformed = await create(exerciseInput(), 'course-1');
    expect(codeOf(malformed)).toBe('BAD_USER_INPUT');
    expect(malformed.errors![0]!.extensions!.field).toBe('courseId');
    expect(await counts()).toEqual(before);
  });

  it('publishes ExerciseCreated with the course through the outbox', async () => {
    const id = (await create(exerciseInput())).data!.createExercise.id;
    const event = await h.platform.db.collection('platform_events').findOne({ type: 'ExerciseCreated', aggregateId: id });
    expect(event).toMatchObject({ courseId, data: { exerciseId: id, title: 'Geography basics', questionCount: 3, maxScore: 10, by: instructor.id } });
  });
});

const single = (over: Partial<ExerciseQuestionInput> = {}): ExerciseQuestionInput =>
  ({ prompt: 'Pick one', kind: 'SINGLE_CHOICE', choices: ['a', 'b'], correctChoices: [0], points: 1, ...over });
const multiple = (over: Partial<ExerciseQuestionInput> = {}): ExerciseQuestionInput =>
  ({ prompt: 'Pick some', kind: 'MULTIPLE_CHOICE', choices: ['a', 'b', 'c'], correctChoices: [0, 1], points: 1, ...over });
const short = (over: Partial<ExerciseQuestionInput> = {}): ExerciseQuestionInput =>
  ({ prompt: 'Say it', kind: 'SHORT_TEXT', acceptedAnswers: ['yes'], points: 1, ...over });
/** An exercise whose third question (index 2) is the one under test. */
const third = (question: ExerciseQuestionInput): CreateExerciseInput => ({ title: 'Bounds', questions: [single(), short(), question] });
const range = (n: number) => Array.from({ length: n }, (_, i) => `choice ${i}`);

describe('bad exercises', () => {
  it.each<[string, CreateExerciseInput, string]>([
    ['a title of 2 characters', { ...exerciseInput(), title: 'ab' }, 'title'],
    ['a title of 121 characters', { ...exerciseInput(), title: 'x'.repeat(121) }, 'title'],
    ['no questions', { title: 'Empty', questions: [] }, 'questions'],
    ['51 questions', { title: 'Long', questions: Array.from({ length: 51 }, () => single()) }, 'questions'],
    ['an empty prompt', third(single({ prompt: '   ' })), 'questions[2].prompt'],
    ['a prompt of 1001 characters', third(single({ prompt: 'x'.repeat(1001) })), 'questions[2].prompt'],
    ['0 points', third(single({ points: 0 })), 'questions[2].points'],
    ['101 points', third(single({ points: 101 })), 'questions[2].points'],
    ['a choice question with 1 choice', third(single({ choices: ['only'] })), 'questions[2].choices'],
    ['a choice question with 11 choices', third(multiple({ choices: range(11) })), 'questions[2].choices'],
    ['a choice question without choices', third(single({ choices: null })), 'questions[2].choices'],
    ['an empty choice', third(single({ choices: ['a', ' '] })), 'questions[2].choices'],
    ['a choice of 201 characters', third(single({ choices: ['a', 'x'.repeat(201)] })), 'questions[2].choices'],
    ['the same choice twice', third(single({ choices: ['Yes', 'yes'] })), 'questions[2].choices'],
    ['SINGLE_CHOICE with two correct choices', third(single({ correctChoices: [0, 1] })), 'questions[2].correctChoices'],
    ['SINGLE_CHOICE with no correct choice', third(single({ correctChoices: [] })), 'questions[2].correctChoices'],
    ['MULTIPLE_CHOICE with no correct choice', third(multiple({ correctChoices: null })), 'questions[2].correctChoices'],
    ['a correct choice out of range', third(multiple({ correctChoices: [0, 3] })), 'questions[2].correctChoices'],
    ['a negative correct choice', third(single({ correctChoices: [-1] })), 'questions[2].correctChoices'],
    ['a correct choice given twice', third(multiple({ correctChoices: [1, 1] })), 'questions[2].correctChoices'],
    ['accepted answers on a choice question', third(single({ acceptedAnswers: ['a'] })), 'questions[2].acceptedAnswers'],
    ['SHORT_TEXT with choices', third(short({ choices: ['a', 'b'] })), 'questions[2].choices'],
    ['SHORT_TEXT with correct choices', third(short({ correctChoices: [0] })), 'questions[2].correctChoices'],
    ['SHORT_TEXT without accepted answers', third(short({ acceptedAnswers: [] })), 'questions[2].acceptedAnswers'],
    ['SHORT_TEXT with 21 accepted answers', third(short({ acceptedAnswers: range(21) })), 'questions[2].acceptedAnswers'],
    ['an empty accepted answer', third(short({ acceptedAnswers: ['ok', '  '] })), 'questions[2].acceptedAnswers'],
    ['an accepted answer of 201 characters', third(short({ acceptedAnswers: ['x'.repeat(201)] })), 'questions[2].acceptedAnswers'],
  ])('%s is BAD_USER_INPUT naming the field, and nothing is written', async (_name, input, field) => {
    const before = await counts();
    const res = await create(input);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe(field);
    expect(await counts()).toEqual(before);
  });

  it('an unknown kind, a missing field or a malformed due date is rejected before anything runs', async () => {
    const before = await counts();
    expect(codeOf(await create(third(single({ kind: 'ESSAY' as never }))))).toBe('BAD_USER_INPUT');
    const { points: _points, ...pointless } = single();
    expect(codeOf(await create(third(pointless as ExerciseQuestionInput)))).toBe('BAD_USER_INPUT');
    expect(codeOf(await create({ ...exerciseInput(), dueAt: 'next tuesday' as never }))).toBe('BAD_USER_INPUT');
    expect(await counts()).toEqual(before);
  });

  it('the limits themselves are fine: 50 questions, 10 choices, 20 accepted answers, 100 points, a 120-character title', async () => {
    const questions = [multiple({ choices: range(10), correctChoices: [9], points: 100 }), short({ acceptedAnswers: range(20) }),
      ...Array.from({ length: 48 }, () => single())];
    const res = await create({ title: 'x'.repeat(120), questions });
    expect(res.errors).toBeUndefined();
    expect(res.data!.createExercise).toMatchObject({ maxScore: 149 });
    expect(res.data!.createExercise.questions).toHaveLength(50);
  });
});

describe('the answers of a question', () => {
  let exerciseId: string;
  beforeAll(async () => {
    exerciseId = (await h.subgraph.service.createExercise(instructor.viewer, courseId, exerciseInput()))._id;
  });
  const ANSWERS = `query($id: ID!) { exercise(id: $id) { title questions { kind correctChoices acceptedAnswers } } }`;

  it("are served to the course's instructor: choice indexes for choice questions, accepted texts for short ones", async () => {
    const res = await h.gql(ANSWERS, { id: exerciseId }, { token: instructor.token });
    expect(res.errors).toBeUndefined();
    expect(res.data!.exercise.questions).toEqual([
      { kind: 'SINGLE_CHOICE', correctChoices: [1], acceptedAnswers: null },
      { kind: 'MULTIPLE_CHOICE', correctChoices: [0, 2], acceptedAnswers: null },
      { kind: 'SHORT_TEXT', correctChoices: null, acceptedAnswers: ['Paris', 'City of Light'] },
    ]);
  });

  it('are served to an ADMIN', async () => {
    const res = await h.gql(ANSWERS, { id: exerciseId }, { token: actor(h, 'ADMIN').token });
    expect(res.errors).toBeUndefined();
    expect(res.data!.exercise.questions[0].correctChoices).toEqual([1]);
  });

  it('a student who selects correctChoices gets an error, not the data', async () => {
    const res = await h.gql(`query($id: ID!) { exercise(id: $id) { title questions { prompt correctChoices } } }`, { id: exerciseId }, { token: student.token });
    expect(res.errors!.map((e) => e.extensions!.code)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
    expect(res.errors!.map((e) => e.path)).toEqual([0, 1, 2].map((i) => ['exercise', 'questions', i, 'correctChoices']));
    expect(res.data!.exercise.title).toBe('Geography basics');
    expect(res.data!.exercise.questions.map((q: { correctChoices: unknown }) => q.correctChoices)).toEqual([null, null, null]);
    expect(JSON.stringify(res)).not.toMatch(/\[1\]|\[0,2\]/);
  });

  it('a student who selects acceptedAnswers gets an error, and the accepted texts appear nowhere in the answer', async () => {
    const res = await h.gql(`query($id: ID!) { exercise(id: $id) { questions { acceptedAnswers } } }`, { id: exerciseId }, { token: student.token });
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(JSON.stringify(res)).not.toContain('City of Light');
  });

  it('a student who does not ask for the answers gets the questions without errors', async () => {
    const res = await h.gql(`query($id: ID!) { exercise(id: $id) { questions { prompt kind choices points } } }`, { id: exerciseId }, { token: student.token });
    expect(res.errors).toBeUndefined();
    expect(res.data!.exercise.questions[2]).toEqual({ prompt: 'The capital of France?', kind: 'SHORT_TEXT', choices: [], points: 5 });
  });
});

describe('reading exercises', () => {
  it('Course.exercises lists a course\'s exercises oldest first', async () => {
    const course = await createCourse(h, instructor, { draft: true });
    const titles = ['First exercise', 'Second exercise', 'Third exercise'];
    for (const title of titles) await h.subgraph.service.createExercise(instructor.viewer, course, exerciseInput({ title }));
    const res = await h.gql(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Course { exercises { title maxScore } } } }`,
      { r: [{ __typename: 'Course', id: course }] }, { token: instructor.token });
    expect(res.data!._entities[0].exercises).toEqual(titles.map((title) => ({ title, maxScore: 10 })));
  });

  it('exercise(id) is null for an unknown id and BAD_USER_INPUT for a malformed one', async () => {
    expect((await h.gql(`{ exercise(id: "0190a0a0-0000-7000-8000-000000000000") { id } }`, {}, { token: student.token })).data!.exercise).toBeNull();
    const res = await h.gql(`{ exercise(id: "42") { id } }`, {}, { token: student.token });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe('id');
  });
});
