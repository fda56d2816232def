import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExerciseModel, SubmissionModel } from '../src/index.ts';
import {
  actor, cast, codeOf, courseWithExercise, createCourse, enroll, exerciseInput, rightAnswers, startAssessment, type Actor, type AssessmentHarness,
} from './harness.ts';

let h: AssessmentHarness;
let people: ReturnType<typeof cast>;
let courseId: string;
let exercise: ExerciseModel;
let submission: SubmissionModel;
beforeAll(async () => {
  h = await startAssessment();
  people = cast(h);
  ({ courseId, exercise } = await courseWithExercise(h, people.instructor, [people.student]));
  submission = await h.subgraph.service.submitExercise(people.student.viewer, exercise._id, rightAnswers(exercise));
});
afterAll(async () => h?.close());

type Caller = 'anonymous' | 'outsider' | 'student' | 'instructor' | 'otherInstructor' | 'admin';
const callers: Caller[] = ['anonymous', 'outsider', 'student', 'instructor', 'otherInstructor', 'admin'];
const as = (who: Caller) => ({ token: (people[who] as Actor | undefined)?.token });
const label = (who: Caller): string => ({
  anonymous: 'an anonymous caller', outsider: 'a student not enrolled', student: 'an enrolled student',
  instructor: "the course's instructor", otherInstructor: 'another instructor', admin: 'an ADMIN',
})[who];
/** Each caller with a readable name and the outcome expected, so that test names read as sentences. */
const matrix = (outcome: (who: Caller) => string) => callers.map((who) => [label(who), outcome(who), who] as const);
const refusedOr = (expected: Record<Caller, string | undefined>, ok: string, refused = '') => (who: Caller) => (expected[who] ? `${expected[who]}${refused}` : ok);
const counts = async () => ({
  exercises: await h.subgraph.repository.exercises.countDocuments(),
  submissions: await h.subgraph.repository.submissions.countDocuments(),
  grades: await h.subgraph.repository.grades.countDocuments(),
  events: await h.platform.db.collection('platform_events').countDocuments(),
});

/** Members see a course's exercises and leaderboard: enrolled students, its instructor, ADMIN. */
const members: Record<Caller, string | undefined> = {
  anonymous: 'UNAUTHENTICATED', outsider: 'FORBIDDEN', student: undefined, instructor: undefined, otherInstructor: 'FORBIDDEN', admin: undefined,
};
/** The answers and creating exercises: the course's instructor and ADMIN. */
const managers: Record<Caller, string | undefined> = {
  anonymous: 'UNAUTHENTICATED', outsider: 'FORBIDDEN', student: 'FORBIDDEN', instructor: undefined, otherInstructor: 'FORBIDDEN', admin: undefined,
};
/** Submitting: enrolled students only. */
const submitters: Record<Caller, string | undefined> = {
  anonymous: 'UNAUTHENTICATED', outsider: 'FORBIDDEN', student: undefined, instructor: 'FORBIDDEN', otherInstructor: 'FORBIDDEN', admin: 'FORBIDDEN',
};

describe('Mutation.createExercise', () => {
  // A course of its own, so that the exercises made here change no grade below.
  let target: string;
  beforeAll(async () => {
    target = await createCourse(h, people.instructor, { draft: true });
    await enroll(h, target, people.student);
  });

  it.each(matrix(refusedOr(managers, 'creates the exercise', ', nothing written')))('called by %s: %s', async (_name, _outcome, who) => {
    const before = await counts();
    const res = await h.gql(`mutation($c: ID!, $i: CreateExerciseInput!) { createExercise(courseId: $c, input: $i) { id } }`,
      { c: target, i: exerciseInput() }, as(who));
    expect(codeOf(res)).toBe(managers[who]);
    if (managers[who]) expect(await counts()).toEqual(before);
    else expect((await counts()).exercises).toBe(before.exercises + 1);
  });

  it('the service refuses the same callers, for the seed script and other callers outside GraphQL', async () => {
    for (const [viewer, code] of [[null, 'UNAUTHENTICATED'], [people.student.viewer, 'FORBIDDEN'], [people.otherInstructor.viewer, 'FORBIDDEN']] as const)
      await expect(h.subgraph.service.createExercise(viewer, target, exerciseInput())).rejects.toMatchObject({ extensions: { code } });
  });
});

describe('Mutation.submitExercise', () => {
  it.each(matrix(refusedOr(submitters, 'graded at once', ', nothing stored')))('called by %s: %s', async (_name, _outcome, who) => {
    const before = await counts();
    const res = await h.gql(`mutation($e: ID!, $a: [SubmissionAnswerInput!]!) { submitExercise(exerciseId: $e, answers: $a) { score } }`,
      { e: exercise._id, a: rightAnswers(exercise) }, as(who));
    expect(codeOf(res)).toBe(submitters[who]);
    if (submitters[who]) expect(await counts()).toEqual(before);
    else expect(res.data!.submitExercise.score).toBe(10);
  });
});

describe('Query.exercise', () => {
  it.each(matrix(refusedOr(members, 'served')))('asked by %s: %s', async (_name, _outcome, who) => {
    const res = await h.gql(`query($id: ID!) { exercise(id: $id) { id title } }`, { id: exercise._id }, as(who));
    expect(codeOf(res)).toBe(members[who]);
    expect(res.data?.exercise ?? null).toEqual(members[who] ? null : { id: exercise._id, title: exercise.title });
  });
});

describe('Course.exercises', () => {
  it.each(matrix(refusedOr(members, 'served')))('asked by %s: %s', async (_name, _outcome, who) => {
    const res = await h.gql(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Course { id exercises { id } } } }`,
      { r: [{ __typename: 'Course', id: courseId }] }, as(who));
    expect(codeOf(res)).toBe(members[who]);
    if (!members[who]) expect(res.data!._entities[0].exercises.map((e: { id: string }) => e.id)).toContain(exercise._id);
  });
});

describe('Query.courseLeaderboard', () => {
  it.each(matrix(refusedOr(members, 'served')))('asked by %s: %s', async (_name, _outcome, who) => {
    const res = await h.gql(`query($id: ID!) { courseLeaderboard(courseId: $id) { rank user { id } } }`, { id: courseId }, as(who));
    expect(codeOf(res)).toBe(members[who]);
    if (!members[who]) expect(res.data!.courseLeaderboard).toEqual([{ rank: 1, user: { id: people.student.id } }]);
  });
});

describe('Course.viewerGrade', () => {
  it.each(matrix((who) => (who === 'student' ? 'their grade' : 'null, without an error')))('asked by %s: %s', async (_name, _outcome, who) => {
    const res = await h.gql(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Course { viewerGrade { scorePercent user { id } } } } }`,
      { r: [{ __typename: 'Course', id: courseId }] }, as(who));
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities[0].viewerGrade).toEqual(who === 'student' ? { scorePercent: 100, user: { id: people.student.id } } : null);
  });
});

describe.each(['correctChoices', 'acceptedAnswers'])('ExerciseQuestion.%s', (field) => {
  it.each(matrix(refusedOr(managers, 'the answers', ', and no answer anywhere in the response')))('selected by %s: %s', async (_name, _outcome, who) => {
    const res = await h.gql(`query($id: ID!) { exercise(id: $id) { questions { ${field} } } }`, { id: exercise._id }, as(who));
    expect(codeOf(res)).toBe(managers[who]);
    if (managers[who]) {
      expect(JSON.stringify(res.data)).not.toMatch(/Paris|\[1\]/);
    } else {
      expect(res.data!.exercise.questions[field === 'correctChoices' ? 0 : 2][field]).toEqual(field === 'correctChoices' ? [1] : ['Paris', 'City of Light']);
    }
  });
});

describe('Exercise references from other subgraphs', () => {
  it.each(matrix((who) => (members[who] ? 'null' : 'the exercise')))('resolved for %s: %s', async (_name, _outcome, who) => {
    const res = await h.gql(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Exercise { id } } }`,
      { r: [{ __typename: 'Exercise', id: exercise._id }] }, as(who));
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toEqual([members[who] ? null : { id: exercise._id }]);
  });
});

describe('Submission references from other subgraphs', () => {
  const sees: Record<Caller, boolean> = { anonymous: false, outsider: false, student: true, instructor: true, otherInstructor: false, admin: true };

  it.each(matrix((who) => (sees[who] ? 'the submission' : 'null')))('resolved for %s: %s', async (_name, _outcome, who) => {
    const res = await h.gql(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Submission { id score user { id } } } }`,
      { r: [{ __typename: 'Submission', id: submission._id }] }, as(who));
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toEqual([sees[who] ? { id: submission._id, score: 10, user: { id: people.student.id } } : null]);
  });

  it('another student of the same course does not see it', async () => {
    const classmate = actor(h, 'STUDENT');
    await enroll(h, courseId, classmate);
    const res = await h.gql(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Submission { id } } }`,
      { r: [{ __typename: 'Submission', id: submission._id }] }, { token: classmate.token });
    expect(res.data!._entities).toEqual([null]);
  });
});

describe('the federation SDL', () => {
  it('declares Exercise and Submission as entities and User as a reference this subgraph does not resolve', async () => {
    const res = await h.gql(`{ _service { sdl } }`);
    expect(res.data!._service.sdl).toMatch(/type Exercise @key\(fields: "id"\)/);
    expect(res.data!._service.sdl).toMatch(/type Submission @key\(fields: "id"\)/);
    expect(res.data!._service.sdl).toMatch(/type User @key\(fields: "id", resolvable: false\)/);
  });
});
