import { Projector, isOneOf, type LoggedEvent, type Platform } from '@lg/platform';
import { COURSE_STRUCTURE_EVENTS, EnrollmentCancelled, EnrollmentCompleted, EnrollmentCreated, UserProfileUpdated, UserRegistered } from '@lg/events';
import type { EnrollmentStatus } from './models.ts';
import type { AssessmentRepository } from './repository.ts';

const ENROLLMENT_EVENTS = [EnrollmentCreated, EnrollmentCompleted, EnrollmentCancelled] as const;
const PEOPLE_EVENTS = [UserRegistered, UserProfileUpdated] as const;

const STATUS_AFTER: Record<string, EnrollmentStatus> = {
  [EnrollmentCreated.type]: 'ACTIVE', [EnrollmentCompleted.type]: 'COMPLETED', [EnrollmentCancelled.type]: 'CANCELLED',
};

// Events logged before their contracts were checked may lack fields: read defensively.
const str = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

export interface AssessmentConsumers {
  /** Who instructs which course (assessment_courses), from catalog's events. */
  catalog: Projector;
  /** Who is enrolled in which course (assessment_enrollments), from learning's events; a cancelled enrolment stays, CANCELLED. */
  learning: Projector;
  /** Users' display names (assessment_people), from identity's events: the names of the gradebook's CSV. */
  identity: Projector;
}

/** The projections' consumers, each with its own checkpoint; not started here. */
export function createConsumers(platform: Platform, repository: AssessmentRepository, options: { pollMs?: number } = {}): AssessmentConsumers {
  const logger = platform.logger.child({ part: 'assessment-projections' });
  const common = { db: platform.db, log: platform.eventLog, logger, ...(options.pollMs ? { pollMs: options.pollMs } : {}) };

  const catalog = new Projector({
    ...common,
    name: 'assessment.courses',
    events: COURSE_STRUCTURE_EVENTS,
    clear: async () => void (await repository.courses.deleteMany({})),
    handle: async (event: LoggedEvent) => {
      if (!isOneOf(COURSE_STRUCTURE_EVENTS, event)) return;
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

  const learning = new Projector({
    ...common,
    name: 'assessment.enrollments',
    events: ENROLLMENT_EVENTS,
    clear: async () => void (await repository.enrollments.deleteMany({})),
    handle: async (event: LoggedEvent) => {
      if (!isOneOf(ENROLLMENT_EVENTS, event)) return;
      const userId = str(event.userId) ?? str(event.data.userId);
      const courseId = str(event.courseId) ?? str(event.data.courseId);
      if (!userId || !courseId) {
        logger.warn({ eventId: event._id, type: event.type }, 'enrolment event without user or course; skipped');
        return;
      }
      await repository.projectEnrollment(event.aggregateId, courseId, userId, STATUS_AFTER[event.type] ?? 'ACTIVE', event.seq);
    },
  });

  const identity = new Projector({
    ...common,
    name: 'assessment.people',
    events: PEOPLE_EVENTS,
    clear: async () => void (await repository.people.deleteMany({})),
    handle: async (event: LoggedEvent) => {
      if (!isOneOf(PEOPLE_EVENTS, event)) return;
      const displayName = str(event.data.displayName);
      if (displayName) await repository.projectPerson(event.data.userId, event.seq, displayName);
    },
  });

  return { catalog, learning, identity };
}
