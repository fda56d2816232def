import type { DomainEvent } from '@lg/platform';
import { ExerciseCreated, SubmissionGraded, type ExerciseCreatedData, type SubmissionGradedData } from '@lg/events';

// The events assessment produces, built from their contracts in @lg/events (which validate them).

export type { ExerciseCreatedData, SubmissionGradedData } from '@lg/events';

/** An instructor (or ADMIN) added an exercise to a course. */
export const exerciseCreated = (courseId: string, data: Omit<ExerciseCreatedData, 'courseId'>): DomainEvent =>
  ExerciseCreated.build({ ...data, courseId });

/** A student's submission was graded (at once, when submitted). */
export const submissionGraded = (
  submissionId: string, courseId: string, userId: string, data: Omit<SubmissionGradedData, 'submissionId' | 'courseId' | 'userId'>,
): DomainEvent => SubmissionGraded.build({ ...data, submissionId, courseId, userId });
