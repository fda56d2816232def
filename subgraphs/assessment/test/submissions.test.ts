import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExerciseModel, SubmissionAnswerInput } from '../src/index.ts';
import {
  actor, codeOf, courseWithExercise, createCourse, enrollmentCreated, exerciseInput, rightAnswers, startAssessment, type Actor, type AssessmentHarness,
} from './harness.ts';

let h: AssessmentHarness;
let instructor: Actor;
let student: Actor;
let courseId: string;
let exercise: ExerciseModel;
let otherExercise: ExerciseModel;
beforeAll(async () => {
  h = await startAssessment();
  instructor = actor(h, 'STUDENT', 'INSTRUCTOR');
  student = actor(h, 'STUDENT');
  ({ courseId, exercise } = await courseWithExercise(h, instructor, [student]));
  otherExercise = await h.subgraph.service.createExercise(instructor.viewer, courseId, exerciseInput({ title: 'Another one' }));
});
afterAll(async () => h?.close());

const SUBMIT = `mutation($id: ID!, $answers: [SubmissionAnswerInput!]!) {
  submitExercise(exerciseId: $id, answers: $answers) { id score maxScore submittedAt user { id } exercise { id title } } }`;
const submit = (answers: SubmissionAnswerInput[], who: Actor = student, id = exercise._id) => h.gql(SUBMIT, { id, answers }, { token: who.token });
const q = (i: number) => exercise.questions[i]!._id;
const counts = async () => ({
  submissions: await h.subgraph.repository.submissions.countDocuments(),
  grades: await h.subgraph.repository.grades.countDocuments(),
  events: await h.platform.db.collection('platform_events').countDocuments(),
});

describe('grading a submission', () => {
  it('all answers right is the full score, graded at once', async () => {
    const res = await submit(rightAnswers(exercise));
    expect(res.errors).toBeUndefined();
    expect(res.data!.submitExercise).toMatchObject({ score: 10, maxScore: 10, user: { id: student.id }, exercise: { id: exercise._id, title: 'Geography basics' } });
    expect(Date.parse(res.data!.submitExercise.submittedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it.each<[string, SubmissionAnswerInput[] | ((ex: ExerciseModel) => SubmissionAnswerInput[]), number]>([
    ['the single choice right only', (ex) => [{ questionId: ex.questions[0]!._id, choiceIndexes: [1] }], 2],
    ['the single choice wrong', (ex) => [{ questionId: ex.questions[0]!._id, choiceIndexes: [0] }], 0],
    ['the multiple choice with exactly the correct set, in any order', (ex) => [{ questionId: ex.questions[1]!._id, choiceIndexes: [2, 0] }], 3],
    ['the multiple choice with one correct choice missing', (ex) => [{ questionId: ex.questions[1]!._id, choiceIndexes: [0] }], 0],
    ['the multiple choice with one wrong choice added', (ex) => [{ questionId: ex.questions[1]!._id, choiceIndexes: [0, 1, 2] }], 0],
    ['the short text in another letter case and with extra spaces', (ex) => [{ questionId: ex.questions[2]!._id, text: '  city   OF light ' }], 5],
    ['the short text wrong', (ex) => [{ questionId: ex.questions[2]!._id, text: 'Lyon' }], 0],
    ['the short text empty', (ex) => [{ questionId: ex.questions[2]!._id, text: '   ' }], 0],
    ['nothing answered at all', [], 0],
    ['choice questions left without a choice', (ex) => [{ questionId: ex.questions[0]!._id, choiceIndexes: [] }, { questionId: ex.questions[1]!._id }], 0],
  ])('%s scores %i, unanswered questions 0', async (_name, answers, score) => {
    const res = await submit(typeof answers === 'function' ? answers(exercise) : answers);
    expect(res.errors).toBeUndefined();
    expect(res.data!.submitExercise).toMatchObject({ score, maxScore: 10 });
  });

  it('stores each answer with its own score', async () => {
    const res = await submit([{ questionId: q(2), text: 'PARIS' }, { questionId: q(0), choiceIndexes: [2] }]);
    const stored = await h.subgraph.repository.submissions.findOne({ _id: res.data!.submitExercise.id });
    expect(stored).toMatchObject({
      exerciseId: exercise._id, courseId, userId: student.id, score: 5, maxScore: 10, outbox: [],
      answers: [{ questionId: q(2), text: 'PARIS', choiceIndexes: null, score: 5 }, { questionId: q(0), choiceIndexes: [2], text: null, score: 0 }],
    });
    expect(stored!.gradePending).toBeUndefined();
  });

  it('publishes SubmissionGraded with the course, the user, the exercise and the score', async () => {
    const id = (await submit([{ questionId: q(1), choiceIndexes: [0, 2] }])).data!.submitExercise.id;
    const event = await h.platform.db.collection('platform_events').findOne({ type: 'SubmissionGraded', aggregateId: id });
    expect(event).toMatchObject({ courseId, userId: student.id, data: { exerciseId: exercise._id, score: 3, maxScore: 10 } });
  });

  it('a student enrolled a moment ago can submit at once, before the projection has been woken', async () => {
    const newcomer = actor(h, 'STUDENT');
    await h.subgraph.consumers.learning.stop();
    try {
      await h.platform.eventLog.append([enrollmentCreated(newcomer.id, courseId)]);
      const res = await submit(rightAnswers(exercise), newcomer);
      expect(res.errors).toBeUndefined();
    } finally {
      h.subgraph.consumers.learning.start();
    }
  });
});

describe('bad submissions', () => {
  it.each<[string, (ex: ExerciseModel) => SubmissionAnswerInput[], string]>([
    ['an unknown question id', () => [{ questionId: '0190a0a0-0000-7000-8000-000000000000', choiceIndexes: [0] }], 'answers[0].questionId'],
    ['a question of another exercise', () => [{ questionId: otherExercise.questions[2]!._id, text: 'Paris' }], 'answers[0].questionId'],
    ['a question id that is no id at all', () => [{ questionId: 'question-1', text: 'x' }], 'answers[0].questionId'],
    ['two answers to one question', (ex) => [{ questionId: ex.questions[2]!._id, text: 'a' }, { questionId: ex.questions[2]!._id, text: 'b' }], 'answers[1].questionId'],
    ['a choice index out of range', (ex) => [{ questionId: ex.questions[1]!._id, choiceIndexes: [0, 4] }], 'answers[0].choiceIndexes'],
    ['a negative choice index', (ex) => [{ questionId: ex.questions[0]!._id, choiceIndexes: [-1] }], 'answers[0].choiceIndexes'],
    ['a choice given twice', (ex) => [{ questionId: ex.questions[1]!._id, choiceIndexes: [0, 0] }], 'answers[0].choiceIndexes'],
    ['two choices for a SINGLE_CHOICE question', (ex) => [{ questionId: ex.questions[0]!._id, choiceIndexes: [0, 1] }], 'answers[0].choiceIndexes'],
    ['text for a choice question', (ex) => [{ questionId: ex.questions[0]!._id, text: 'Africa' }], 'answers[0].text'],
    ['choices for a SHORT_TEXT question', (ex) => [{ questionId: ex.questions[2]!._id, choiceIndexes: [0] }], 'answers[0].choiceIndexes'],
    ['a text of 1001 characters', (ex) => [{ questionId: ex.questions[2]!._id, text: 'x'.repeat(1001) }], 'answers[0].text'],
    ['more answers than questions', (ex) => [...rightAnswers(ex), { questionId: ex.questions[0]!._id, choiceIndexes: [1] }], 'answers'],
  ])('%s is BAD_USER_INPUT naming the field, and nothing is stored', async (_name, answers, field) => {
    const before = await counts();
    const res = await submit(answers(exercise));
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.field).toBe(field);
    expect(await counts()).toEqual(before);
  });

  it('an unknown exercise is NOT_FOUND and a malformed id BAD_USER_INPUT, with nothing stored', async () => {
    const before = await counts();
    expect(codeOf(await submit([], student, '0190a0a0-0000-7000-8000-000000000000'))).toBe('NOT_FOUND');
    const malformed = await submit([], student, 'exercise-1');
    expect(codeOf(malformed)).toBe('BAD_USER_INPUT');
    expect(malformed.errors![0]!.extensions!.field).toBe('exerciseId');
    expect(await counts()).toEqual(before);
  });

  it("the course's instructor is not a student of it and may not submit", async () => {
    const before = await counts();
    const res = await submit(rightAnswers(exercise), instructor);
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
  });
});

describe('resubmitting', () => {
  it('is allowed, and the grade keeps the best submission of the exercise whatever comes after it', async () => {
    const learner = actor(h, 'STUDENT');
    const { courseId: course, exercise: ex } = await courseWithExercise(h, instructor, [learner]);
    const scores = [];
    for (const answers of [[{ questionId: ex.questions[0]!._id, choiceIndexes: [1] }], rightAnswers(ex), []]) {
      scores.push((await h.gql(SUBMIT, { id: ex._id, answers }, { token: learner.token })).data!.submitExercise.score);
    }
    expect(scores).toEqual([2, 10, 0]);
    const grade = await h.subgraph.repository.grades.findOne({ userId: learner.id, courseId: course });
    expect(grade).toMatchObject({ scoreTotal: 10, best: [{ exerciseId: ex._id, score: 10 }] });
    expect(await h.subgraph.repository.submissions.countDocuments({ userId: learner.id })).toBe(3);
  });

  it('concurrent submissions by one student all count, and the best one wins', async () => {
    const learner = actor(h, 'STUDENT');
    const { courseId: course, exercise: ex } = await courseWithExercise(h, instructor, [learner]);
    const answers = [[], [{ questionId: ex.questions[2]!._id, text: 'Paris' }], rightAnswers(ex), [{ questionId: ex.questions[0]!._id, choiceIndexes: [1] }]];
    const results = await Promise.all(answers.map((a) => h.subgraph.service.submitExercise(learner.viewer, ex._id, a)));
    expect(results.map((r) => r.score)).toEqual([0, 5, 10, 2]);
    const grade = await h.subgraph.repository.grades.findOne({ userId: learner.id, courseId: course });
    expect(grade).toMatchObject({ scoreTotal: 10, best: [{ submissionId: results[2]!._id, score: 10 }] });
    expect(await h.subgraph.repository.grades.countDocuments({ userId: learner.id })).toBe(1);
  });

  it('a submission whose grade step a crash interrupted is taken into the grade at start-up', async () => {
    const learner = actor(h, 'STUDENT');
    const { courseId: course, exercise: ex } = await courseWithExercise(h, instructor, [learner]);
    const submission = await h.subgraph.service.submitExercise(learner.viewer, ex._id, rightAnswers(ex));
    // As if the process had died between storing the submission and updating the grade.
    await h.subgraph.repository.grades.deleteMany({ userId: learner.id });
    await h.subgraph.repository.submissions.updateOne({ _id: submission._id }, { $set: { gradePending: true } });
    expect(await h.subgraph.service.finishPendingGrades()).toBeGreaterThanOrEqual(1);
    expect(await h.subgraph.repository.grades.findOne({ userId: learner.id, courseId: course })).toMatchObject({ scoreTotal: 10 });
    expect(await h.subgraph.repository.submissions.findOne({ _id: submission._id })).not.toHaveProperty('gradePending');
    // Finishing again changes nothing.
    await h.subgraph.service.finishPendingGrades();
    expect(await h.subgraph.repository.grades.countDocuments({ userId: learner.id })).toBe(1);
  });
});

describe('a course without the student', () => {
  it('a student enrolled in another course may not submit here', async () => {
    const other = await createCourse(h, instructor, { draft: true });
    const elsewhere = actor(h, 'STUDENT');
    await h.platform.eventLog.append([enrollmentCreated(elsewhere.id, other)]);
    expect(codeOf(await submit(rightAnswers(exercise), elsewhere))).toBe('FORBIDDEN');
  });
});
