import type { DomainEvent } from '@lg/platform';
import {
  ExerciseCreated, GradeAdjusted, GradeAppealOpened, GradeAppealRejected, SubmissionGraded,
  type ExerciseCreatedData, type GradeAdjustedData, type GradeAppealOpenedData, type GradeAppealRejectedData, type SubmissionGradedData,
} from '@lg/events';

// The events assessment produces, built from their contracts in @lg/events (which validate them).

export type { ExerciseCreatedData, GradeAdjustedData, SubmissionGradedData } from '@lg/events';

/** An instructor (or ADMIN) added an exercise to a course. */
export const exerciseCreated = (courseId: string, data: Omit<ExerciseCreatedData, 'courseId'>): DomainEvent =>
  ExerciseCreated.build({ ...data, courseId });

/** A student's submission was graded (at once, when submitted). */
export const submissionGraded = (
  submissionId: string, courseId: string, userId: string, data: Omit<SubmissionGradedData, 'submissionId' | 'courseId' | 'userId'>,
): DomainEvent => SubmissionGraded.build({ ...data, submissionId, courseId, userId });

/** A student appealed their submission's grade. */
export const gradeAppealOpened = (data: GradeAppealOpenedData): DomainEvent => GradeAppealOpened.build(data);

/** An appeal was accepted: the submission's score changed from `previousScore` to `score`. */
export const gradeAdjusted = (data: GradeAdjustedData): DomainEvent => GradeAdjusted.build(data);

/** An appeal was rejected: the score stays. */
export const gradeAppealRejected = (data: GradeAppealRejectedData): DomainEvent => GradeAppealRejected.build(data);
