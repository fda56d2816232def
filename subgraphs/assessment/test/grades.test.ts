import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExerciseModel, SubmissionAnswerInput } from '../src/index.ts';
import {
  actor, codeOf, createCourse, enroll, exerciseInput, rightAnswers, startAssessment, type Actor, type AssessmentHarness,
} from './harness.ts';

let h: AssessmentHarness;
let instructor: Actor;
let students: Actor[];
let courseId: string;
let a: ExerciseModel;
let b: ExerciseModel;
beforeAll(async () => {
  h = await startAssessment();
  instructor = actor(h, 'STUDENT', 'INSTRUCTOR');
  students = Array.from({ length: 5 }, () => actor(h, 'STUDENT'));
  courseId = await createCourse(h, instructor);
  await enroll(h, courseId, ...students);
  const service = h.subgraph.service;
  // A is worth 10 points (the harness's exercise), B 20: a SINGLE_CHOICE and a SHORT_TEXT of 10 each.
  a = await service.createExercise(instructor.viewer, courseId, exerciseInput({ title: 'Exercise A' }));
  b = await service.createExercise(instructor.viewer, courseId, {
    title: 'Exercise B',
    questions: [
      { prompt: 'Two plus two?', kind: 'SINGLE_CHOICE', choices: ['3', '4'], correctChoices: [1], points: 10 },
      { prompt: 'Say hello', kind: 'SHORT_TEXT', acceptedAnswers: ['hello'], points: 10 },
    ],
  });
});
afterAll(async () => h?.close());

const bRight = (): SubmissionAnswerInput[] => [{ questionId: b.questions[0]!._id, choiceIndexes: [1] }, { questionId: b.questions[1]!._id, text: 'Hello' }];
const bHalf = (): SubmissionAnswerInput[] => [{ questionId: b.questions[0]!._id, choiceIndexes: [1] }];
const submit = (who: Actor, exercise: ExerciseModel, answers: SubmissionAnswerInput[]) => h.subgraph.service.submitExercise(who.viewer, exercise._id, answers);

const GRADE = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Course { id viewerGrade {
  scorePercent course { id } user { id } submissions { id score maxScore exercise { title } user { id } } } } } }`;
const gradeOf = async (who: Actor | undefined, course = courseId) => {
  const res = await h.gql(GRADE, { r: [{ __typename: 'Course', id: course }] }, { token: who?.token });
  expect(res.errors).toBeUndefined();
  return res.data!._entities[0].viewerGrade;
};
const BOARD = `query($id: ID!, $first: Int) { courseLeaderboard(courseId: $id, first: $first) { rank scorePercent user { id } } }`;

describe("a student's grade in a course", () => {
  it('is 0 with no submissions listed before anything is submitted', async () => {
    const grade = await gradeOf(students[4]);
    expect(grade).toEqual({ scorePercent: 0, course: { id: courseId }, user: { id: students[4]!.id }, submissions: [] });
  });

  it('counts the best score of each exercise over the maximum of all the exercises of the course', async () => {
    const [s] = students;
    await submit(s!, a, rightAnswers(a));
    expect((await gradeOf(s)).scorePercent).toBeCloseTo((10 / 30) * 100, 10);
    await submit(s!, b, bHalf());
    expect((await gradeOf(s)).scorePercent).toBeCloseTo((20 / 30) * 100, 10);
    // A worse attempt afterwards changes nothing; a better one counts.
    await submit(s!, a, []);
    await submit(s!, b, bRight());
    const grade = await gradeOf(s);
    expect(grade.scorePercent).toBe(100);
    expect(grade.submissions.map((x: { score: number; maxScore: number; exercise: { title: string } }) => [x.exercise.title, x.score, x.maxScore]))
      .toEqual([['Exercise A', 10, 10], ['Exercise B', 20, 20]]);
    expect(grade.submissions.every((x: { user: { id: string } }) => x.user.id === s!.id)).toBe(true);
  });

  it('lists as its submissions the ones that make the grade, which the student can look up', async () => {
    const grade = await gradeOf(students[0]);
    const best = await h.subgraph.repository.grades.findOne({ userId: students[0]!.id, courseId });
    const byExercise = new Map(best!.best.map((e) => [e.exerciseId, e.submissionId]));
    expect(grade.submissions.map((x: { id: string }) => x.id)).toEqual([byExercise.get(a._id), byExercise.get(b._id)]);
    const res = await h.gql(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Submission { id score } } }`,
      { r: grade.submissions.map((x: { id: string }) => ({ __typename: 'Submission', id: x.id })) }, { token: students[0]!.token });
    expect(res.data!._entities).toEqual([{ id: grade.submissions[0].id, score: 10 }, { id: grade.submissions[1].id, score: 20 }]);
  });

  it('falls when the course gets a new exercise, since every exercise counts', async () => {
    const course = await createCourse(h, instructor, { draft: true });
    const learner = actor(h, 'STUDENT');
    await enroll(h, course, learner);
    const first = await h.subgraph.service.createExercise(instructor.viewer, course, exerciseInput());
    await submit(learner, first, rightAnswers(first));
    expect((await gradeOf(learner, course)).scorePercent).toBe(100);
    await h.subgraph.service.createExercise(instructor.viewer, course, exerciseInput({ title: 'Added later' }));
    expect((await gradeOf(learner, course)).scorePercent).toBe(50);
  });

  it('is 0 in a course without exercises', async () => {
    const course = await createCourse(h, instructor, { draft: true });
    await enroll(h, course, students[1]!);
    expect(await gradeOf(students[1], course)).toMatchObject({ scorePercent: 0, submissions: [] });
  });

  it('is null for anonymous callers and for users not enrolled, the instructor and an ADMIN included', async () => {
    expect(await gradeOf(undefined)).toBeNull();
    expect(await gradeOf(actor(h, 'STUDENT'))).toBeNull();
    expect(await gradeOf(instructor)).toBeNull();
    expect(await gradeOf(actor(h, 'ADMIN'))).toBeNull();
  });
});

describe('the course leaderboard', () => {
  let board: { rank: number; scorePercent: number; user: { id: string } }[];
  beforeAll(async () => {
    // students[0] already has 30 of 30. students[1] reaches 30 later, students[2] 20 and students[3] 10;
    // students[4] never submits.
    await submit(students[1]!, b, bRight());
    await submit(students[1]!, a, rightAnswers(a));
    await submit(students[2]!, b, bRight());
    await submit(students[3]!, a, rightAnswers(a));
    const res = await h.gql(BOARD, { id: courseId }, { token: students[4]!.token });
    expect(res.errors).toBeUndefined();
    board = res.data!.courseLeaderboard;
  });

  it('ranks enrolled users who submitted by their grade, best first', () => {
    expect(board.map((e) => e.user.id)).toEqual(students.slice(0, 4).map((s) => s.id));
    expect(board.map((e) => e.scorePercent)).toEqual([100, 100, (20 / 30) * 100, (10 / 30) * 100]);
  });

  it('equal grades share a rank and the next rank skips (1, 1, 3), the one who got there first listed first', () => {
    expect(board.map((e) => e.rank)).toEqual([1, 1, 3, 4]);
  });

  it('leaves out enrolled users who have not submitted', () => {
    expect(board.map((e) => e.user.id)).not.toContain(students[4]!.id);
  });

  it('first bounds the entries; it defaults to 10', async () => {
    const two = await h.gql(BOARD, { id: courseId, first: 2 }, { token: instructor.token });
    expect(two.data!.courseLeaderboard.map((e: { rank: number }) => e.rank)).toEqual([1, 1]);
    const byDefault = await h.gql(`query($id: ID!) { courseLeaderboard(courseId: $id) { rank } }`, { id: courseId }, { token: instructor.token });
    expect(byDefault.data!.courseLeaderboard).toHaveLength(4);
  });

  it.each([0, -1, 101])('first = %i is BAD_USER_INPUT naming first', async (first) => {
    const res = await h.gql(BOARD, { id: courseId, first }, { token: instructor.token });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe('first');
  });

  it('a malformed course id is BAD_USER_INPUT; a course without submissions has an empty board', async () => {
    expect(codeOf(await h.gql(BOARD, { id: 'x' }, { token: instructor.token }))).toBe('BAD_USER_INPUT');
    const empty = await createCourse(h, instructor, { draft: true });
    expect((await h.gql(BOARD, { id: empty }, { token: instructor.token })).data!.courseLeaderboard).toEqual([]);
  });

  it('leaves out a user no longer in the enrolment projection and fills the page from the next ones', async () => {
    await h.subgraph.repository.enrollments.deleteOne({ courseId, userId: students[1]!.id });
    try {
      const res = await h.gql(BOARD, { id: courseId, first: 2 }, { token: instructor.token });
      expect(res.data!.courseLeaderboard.map((e: { rank: number; user: { id: string } }) => [e.rank, e.user.id]))
        .toEqual([[1, students[0]!.id], [2, students[2]!.id]]);
    } finally {
      await enroll(h, courseId, students[1]!);
    }
  });
});
