import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLResponse } from '@lg/platform/testing';
import {
  actor, createCourse, enrollmentCreated, exerciseInput, rightAnswers, startAssessment, type Actor, type AssessmentHarness,
} from './harness.ts';

let h: AssessmentHarness;
let instructor: Actor;
let student: Actor;
const courseIds: string[] = [];
beforeAll(async () => {
  // The batching proofs ask for 50 courses' exercises at once, more than the gateway would admit;
  // the subgraph's own cost limit is not what they test.
  h = await startAssessment({ config: { MAX_OPERATION_COST: '1000000', COST_BUDGET_PER_MINUTE: '1000000' } });
  instructor = actor(h, 'STUDENT', 'INSTRUCTOR');
  student = actor(h, 'STUDENT');
  for (let i = 0; i < 50; i += 1) courseIds.push(await createCourse(h, instructor, { draft: true }));
  // From here nothing runs in the background: the projections are caught up by hand, and the
  // commands counted below are the request's own. Catalog's projector follows the same log: its
  // poll (every 5 s) would land in a measurement as often as the setup's length lets it.
  await h.subgraph.stop();
  await h.catalog.stop();
  await h.platform.eventLog.append(courseIds.map((id) => enrollmentCreated(student.id, id)));
  await h.subgraph.consumers.catalog.catchUp();
  await h.subgraph.consumers.learning.catchUp();
  for (const [i, courseId] of courseIds.entries()) {
    const exercise = await h.subgraph.service.createExercise(instructor.viewer, courseId, exerciseInput({ title: `Exercise ${i}` }));
    // The student submits in one course of every five, so that both grades and empty grades are on each page.
    if (i % 5 === 0) await h.subgraph.service.submitExercise(student.viewer, exercise._id, rightAnswers(exercise));
  }
  // Past the events assessment published itself, so that a catch-up finds nothing new.
  await h.subgraph.consumers.catalog.catchUp();
  await h.subgraph.consumers.learning.catchUp();
});
afterAll(async () => h?.close());

const COURSE_PAGE = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Course { id
  exercises { id title maxScore questions { id kind choices } }
  viewerGrade { scorePercent course { id } submissions { id score exercise { id title } } } } } }`;

/** Runs an _entities request for the first `n` courses and returns its answer and its database commands. */
async function measured(n: number, who: Actor, query = COURSE_PAGE) {
  let res: GraphQLResponse | undefined;
  const commands = await h.commandsDuring(async () => void (res = await h.gql(query, { r: courseIds.slice(0, n).map((id) => ({ __typename: 'Course', id })) }, { token: who.token })));
  if (res?.errors) throw new Error(JSON.stringify(res.errors));
  return { data: res!.data!, commands: commands.map((c) => `${c.commandName} ${String(c.command[c.commandName])}`).sort() };
}

describe('batching', () => {
  it('Course.exercises and Course.viewerGrade for 5 or 50 courses cost the same few commands', async () => {
    const five = await measured(5, student);
    const fifty = await measured(50, student);
    expect(fifty.data._entities).toHaveLength(50);
    expect(fifty.data._entities.map((c: { exercises: unknown[] }) => c.exercises.length)).toEqual(courseIds.map(() => 1));
    expect(fifty.data._entities.map((c: { viewerGrade: { scorePercent: number } }) => c.viewerGrade.scorePercent))
      .toEqual(courseIds.map((_, i) => (i % 5 === 0 ? 100 : 0)));
    expect(fifty.commands).toEqual(five.commands);
    // Who instructs the courses, the viewer's enrolments, the exercises, the viewer's grades.
    expect(fifty.commands).toEqual([
      'find assessment_courses', 'find assessment_enrollments', 'find assessment_exercises', 'find assessment_grades',
    ]);
  });

  it("the answers of every question of 50 courses' exercises cost the instructor no more than those of 5", async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Course { exercises { questions { correctChoices acceptedAnswers } } } } }`;
    const five = await measured(5, instructor, query);
    const fifty = await measured(50, instructor, query);
    expect(fifty.data._entities[49].exercises[0].questions[0].correctChoices).toEqual([1]);
    expect(fifty.commands).toEqual(five.commands);
    expect(fifty.commands.length).toBeLessThanOrEqual(3);
  });

  it('a viewer who belongs to none of the courses costs one catch-up of the projections per request, not one per course', async () => {
    const outsider = actor(h, 'STUDENT');
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Course { id viewerGrade { scorePercent } } } }`;
    const five = await measured(5, outsider, query);
    const fifty = await measured(50, outsider, query);
    expect(fifty.data._entities.every((c: { viewerGrade: unknown }) => c.viewerGrade === null)).toBe(true);
    expect(fifty.commands).toEqual(five.commands);
    expect(fifty.commands.length).toBeLessThanOrEqual(10);
  });
});

describe('references', () => {
  it('Exercise.course and CourseGrade.course are Course references for catalog to resolve', async () => {
    const { data } = await measured(1, student, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Course {
      exercises { course { __typename id } } viewerGrade { course { __typename id } user { __typename id } } } } }`);
    expect(data._entities[0]).toEqual({
      exercises: [{ course: { __typename: 'Course', id: courseIds[0] } }],
      viewerGrade: { course: { __typename: 'Course', id: courseIds[0] }, user: { __typename: 'User', id: student.id } },
    });
  });

  it('Exercise references for a page are resolved in one query, in the order asked, null for unknown ids', async () => {
    const exercises = await h.subgraph.repository.exercises.find({ courseId: { $in: courseIds.slice(0, 3) } }).toArray();
    const asked = [exercises[2]!._id, '0190a0a0-0000-7000-8000-000000000000', exercises[0]!._id, 'not-an-id'];
    let res: GraphQLResponse | undefined;
    const commands = await h.commandsDuring(async () => void (res = await h.gql(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Exercise { id } } }`,
      { r: asked.map((id) => ({ __typename: 'Exercise', id })) }, { token: student.token })));
    expect(res!.data!._entities).toEqual([{ id: asked[0] }, null, { id: asked[2] }, null]);
    expect(commands.filter((c) => c.command[c.commandName] === 'assessment_exercises')).toHaveLength(1);
  });
});
