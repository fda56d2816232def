import { defineEvent, type PayloadOf } from '@lg/platform';
import { z } from 'zod';
import { count, id } from './fields.ts';

const producer = 'assessment';
const score = z.number().nonnegative();
/** Normalised skill names (trimmed, lowercase); optional so that events logged before skills existed still parse. */
const skills = z.array(z.string()).optional();

/** An instructor (or ADMIN) added an exercise to a course. aggregateId: the exercise; courseId. */
export const ExerciseCreated = defineEvent({
  type: 'ExerciseCreated', producer,
  refs: (d) => ({ aggregateId: d.exerciseId, courseId: d.courseId }),
  schema: z.object({ exerciseId: id, courseId: id, title: z.string(), questionCount: count, maxScore: score, dueAt: z.date().nullable(), by: id, skills }),
});

/** A student's submission was graded (at once, when submitted). aggregateId: the submission; courseId; userId: the student. */
export const SubmissionGraded = defineEvent({
  type: 'SubmissionGraded', producer,
  refs: (d) => ({ aggregateId: d.submissionId, courseId: d.courseId, userId: d.userId }),
  schema: z.object({ submissionId: id, courseId: id, userId: id, exerciseId: id, score, maxScore: score }),
});

const appeal = { appealId: id, submissionId: id, courseId: id, userId: id, exerciseId: id };

/** A student appealed the grade of their submission. aggregateId: the submission; courseId; userId: the student. */
export const GradeAppealOpened = defineEvent({
  type: 'GradeAppealOpened', producer,
  refs: (d) => ({ aggregateId: d.submissionId, courseId: d.courseId, userId: d.userId }),
  schema: z.object({ ...appeal, reason: z.string() }),
});

/**
 * The instructor (or ADMIN) accepted an appeal and set the submission's score: the one event of
 * that write. Best scores, leaderboards and analytics take `score` in place of `previousScore`.
 * aggregateId: the submission; courseId; userId: the student.
 */
export const GradeAdjusted = defineEvent({
  type: 'GradeAdjusted', producer,
  refs: (d) => ({ aggregateId: d.submissionId, courseId: d.courseId, userId: d.userId }),
  schema: z.object({ ...appeal, previousScore: score, score, maxScore: score, reply: z.string(), by: id }),
});

/** The instructor (or ADMIN) rejected an appeal; the score stays. aggregateId: the submission; courseId; userId: the student. */
export const GradeAppealRejected = defineEvent({
  type: 'GradeAppealRejected', producer,
  refs: (d) => ({ aggregateId: d.submissionId, courseId: d.courseId, userId: d.userId }),
  schema: z.object({ ...appeal, score, reply: z.string(), by: id }),
});

export type GradeAppealOpenedData = PayloadOf<typeof GradeAppealOpened>;
export type GradeAdjustedData = PayloadOf<typeof GradeAdjusted>;
export type GradeAppealRejectedData = PayloadOf<typeof GradeAppealRejected>;
export type ExerciseCreatedData = PayloadOf<typeof ExerciseCreated>;
export type SubmissionGradedData = PayloadOf<typeof SubmissionGraded>;

export const assessmentEvents = [ExerciseCreated, SubmissionGraded, GradeAppealOpened, GradeAdjusted, GradeAppealRejected];
