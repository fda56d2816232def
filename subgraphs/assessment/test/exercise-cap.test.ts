import { newId } from '@lg/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../src/inputs.ts';
import { actor, codeOf, createCourse, exerciseInput, startAssessment, type Actor, type AssessmentHarness } from './harness.ts';

// Course.exercises is sized at 100 in the schema (@listSize) for the gateway's cost estimate.
let h: AssessmentHarness;
let instructor: Actor;
let courseId: string;
beforeAll(async () => {
  h = await startAssessment();
  instructor = actor(h, 'STUDENT', 'INSTRUCTOR');
  courseId = await createCourse(h, instructor);
});
afterAll(async () => h?.close());

const CREATE = `mutation($courseId: ID!, $input: CreateExerciseInput!) { createExercise(courseId: $courseId, input: $input) { id } }`;

describe('a course holds at most 100 exercises', () => {
  it('the 101st is BAD_USER_INPUT naming the course, and nothing is written', async () => {
    const first = await h.gql(CREATE, { courseId, input: exerciseInput() }, { token: instructor.token });
    expect(first.errors).toBeUndefined();
    const stored = (await h.subgraph.repository.exercises.findOne({ _id: first.data!.createExercise.id }))!;
    // The other 99 written directly: quicker than 99 creations.
    await h.subgraph.repository.exercises.insertMany(Array.from({ length: LIMITS.exercisesPerCourse - 1 }, () => ({ ...stored, _id: newId(), outbox: [] })));

    const refused = await h.gql(CREATE, { courseId, input: exerciseInput() }, { token: instructor.token });
    expect(codeOf(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors![0]!.extensions).toMatchObject({ field: 'courseId' });
    expect(refused.errors![0]!.message).toBe('A course may have at most 100 exercises.');
    expect(await h.subgraph.repository.exercises.countDocuments({ courseId })).toBe(LIMITS.exercisesPerCourse);
  });

  it('more than 100 stored (two creations racing past the check) are still read as 100', async () => {
    const stored = (await h.subgraph.repository.exercises.findOne({ courseId }))!;
    await h.subgraph.repository.exercises.insertOne({ ...stored, _id: newId(), outbox: [] });
    const res = await h.gql(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Course { exercises { id } } } }`,
      { r: [{ __typename: 'Course', id: courseId }] }, { token: instructor.token });
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities[0].exercises).toHaveLength(LIMITS.exercisesPerCourse);
  });
});
