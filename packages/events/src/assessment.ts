import { defineEvent, type PayloadOf } from '@lg/platform';
import { z } from 'zod';
import { count, id } from './fields.ts';

const producer = 'assessment';
const score = z.number().nonnegative();

/** An instructor (or ADMIN) added an exercise to a course. aggregateId: the exercise; courseId. */
export const ExerciseCreated = defineEvent({
  type: 'ExerciseCreated', producer,
  refs: (d) => ({ aggregateId: d.exerciseId, courseId: d.courseId }),
  schema: z.object({ exerciseId: id, courseId: id, title: z.string(), questionCount: count, maxScore: score, dueAt: z.date().nullable(), by: id }),
});

/** A student's submission was graded (at once, when submitted). aggregateId: the submission; courseId; userId: the student. */
export const SubmissionGraded = defineEvent({
  type: 'SubmissionGraded', producer,
  refs: (d) => ({ aggregateId: d.submissionId, courseId: d.courseId, userId: d.userId }),
  schema: z.object({ submissionId: id, courseId: id, userId: id, exerciseId: id, score, maxScore: score }),
});

export type ExerciseCreatedData = PayloadOf<typeof ExerciseCreated>;
export type SubmissionGradedData = PayloadOf<typeof SubmissionGraded>;

export const assessmentEvents = [ExerciseCreated, SubmissionGraded];
