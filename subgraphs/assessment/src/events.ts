import { EventConsumer, newEvent, type DomainEvent, type LoggedEvent, type Platform } from '@lg/platform';
import type { EnrollmentStatus } from './models.ts';
import type { AssessmentRepository } from './repository.ts';

// ---------------------------------------------------------------- published

// Type aliases rather than interfaces: event data must fit the log's Record<string, unknown>.
export type ExerciseCreatedData = {
  exerciseId: string;
  title: string;
  questionCount: number;
  maxScore: number;
  dueAt: Date | null;
  by: string;
};

/** An instructor (or ADMIN) added an exercise to a course. */
export const exerciseCreated = (courseId: string, data: ExerciseCreatedData): DomainEvent =>
  newEvent('ExerciseCreated', data.exerciseId, data, { courseId });

export type SubmissionGradedData = {
  exerciseId: string;
  score: number;
  maxScore: number;
};

/** A student's submission was graded (at once, when submitted). */
export const submissionGraded = (submissionId: string, courseId: string, userId: string, data: SubmissionGradedData): DomainEvent =>
  newEvent('SubmissionGraded', submissionId, data, { courseId, userId });

// ---------------------------------------------------------------- consumed

/** Catalog's course events: every one carries the course's instructorId and status in its data. */
export const CATALOG_EVENTS = ['CourseCreated', 'CourseUpdated', 'CoursePublished', 'CourseSectionAdded', 'LessonAdded'];
/** Learning's enrolment events: userId and courseId on the event (and in its data). */
export const LEARNING_EVENTS = ['EnrollmentCreated', 'EnrollmentCompleted', 'EnrollmentCancelled'];

const STATUS_AFTER: Record<string, EnrollmentStatus> = { EnrollmentCreated: 'ACTIVE', EnrollmentCompleted: 'COMPLETED', EnrollmentCancelled: 'CANCELLED' };

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

export interface AssessmentConsumers {
  /** Who instructs which course (assessment_courses), from catalog's events. */
  catalog: EventConsumer;
  /** Who is enrolled in which course (assessment_enrollments), from learning's events; a cancelled enrolment stays, CANCELLED. */
  learning: EventConsumer;
}

/** The projections' consumers, each with its own checkpoint; not started here. */
export function createConsumers(platform: Platform, repository: AssessmentRepository, options: { pollMs?: number } = {}): AssessmentConsumers {
  const logger = platform.logger.child({ part: 'assessment-projections' });
  const common = { db: platform.db, log: platform.eventLog, logger, ...(options.pollMs ? { pollMs: options.pollMs } : {}) };

  const catalog = new EventConsumer({
    ...common,
    name: 'assessment.courses',
    types: CATALOG_EVENTS,
    handle: async (event: LoggedEvent) => {
      const courseId = str(event.courseId) ?? str(event.aggregateId);
      const instructorId = str(event.data.instructorId);
      if (!courseId || !instructorId) {
        logger.warn({ eventId: event._id, type: event.type }, 'course event without course or instructor; skipped');
        return;
      }
      const status = str(event.data.status);
      await repository.projectCourse(courseId, event.seq, { instructorId, ...(status ? { status } : {}) });
    },
  });

  const learning = new EventConsumer({
    ...common,
    name: 'assessment.enrollments',
    types: LEARNING_EVENTS,
    handle: async (event: LoggedEvent) => {
      const userId = str(event.userId) ?? str(event.data.userId);
      const courseId = str(event.courseId) ?? str(event.data.courseId);
      if (!userId || !courseId) {
        logger.warn({ eventId: event._id, type: event.type }, 'enrolment event without user or course; skipped');
        return;
      }
      await repository.projectEnrollment(event.aggregateId, courseId, userId, STATUS_AFTER[event.type] ?? 'ACTIVE', event.seq);
    },
  });

  return { catalog, learning };
}
