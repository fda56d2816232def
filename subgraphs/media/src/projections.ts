import { Projector, isOneOf, type LoggedEvent, type Platform } from '@lg/platform';
import {
  COURSE_EVENTS, EnrollmentCancelled, EnrollmentCompleted, EnrollmentCreated, LabCreated, LabUpdated, LessonContentUpdated,
  SupplementAdded, SupplementRemoved,
} from '@lg/events';
import type { EnrollmentAccessDocument } from './models.ts';
import type { MediaRepository } from './repository.ts';

const ENROLLMENT_EVENTS = [EnrollmentCreated, EnrollmentCompleted, EnrollmentCancelled] as const;
const LAB_EVENTS = [LabCreated, LabUpdated] as const;
const CONTENT_EVENTS = [LessonContentUpdated, SupplementAdded, SupplementRemoved] as const;
export const ACCESS_EVENTS = [...COURSE_EVENTS, ...ENROLLMENT_EVENTS, ...LAB_EVENTS, ...CONTENT_EVENTS] as const;

const STATUS_AFTER: Record<string, EnrollmentAccessDocument['status']> = {
  [EnrollmentCreated.type]: 'ACTIVE', [EnrollmentCompleted.type]: 'COMPLETED', [EnrollmentCancelled.type]: 'CANCELLED',
};

/**
 * Everything media needs to decide who may read an asset, kept from others' events (media never
 * asks another subgraph at request time): who instructs each course, who is enrolled in it, who
 * hosts each lab, and which assets preview lessons and public supplements show.
 */
export function createAccessProjector(platform: Platform, repository: MediaRepository, options: { pollMs?: number } = {}): Projector {
  const logger = platform.logger.child({ part: 'media-projections' });
  return new Projector({
    db: platform.db, log: platform.eventLog, logger, ...(options.pollMs ? { pollMs: options.pollMs } : {}),
    name: 'media.access',
    events: ACCESS_EVENTS,
    clear: async () => {
      await Promise.all([repository.courses, repository.enrollments, repository.labs, repository.publicSources].map((c) => c.deleteMany({})));
    },
    handle: async (event: LoggedEvent) => {
      if (isOneOf(COURSE_EVENTS, event)) return repository.projectCourse(event.data.courseId, event.data.instructorId, event);
      if (isOneOf(ENROLLMENT_EVENTS, event)) {
        return repository.projectEnrollment(event.data.courseId, event.data.userId, STATUS_AFTER[event.type] ?? 'ACTIVE', event);
      }
      if (isOneOf(LAB_EVENTS, event)) return repository.projectLab(event.data.labId, event.data.hostId, event);
      if (LessonContentUpdated.is(event)) {
        const { courseId, lessonId, preview, mediaIds } = event.data;
        return repository.projectPublicSource(`lesson:${lessonId}`, courseId, preview ? mediaIds : [], event);
      }
      if (SupplementAdded.is(event)) {
        const { courseId, supplementId, mediaId } = event.data;
        return repository.projectPublicSource(`supplement:${supplementId}`, courseId, event.data.public && mediaId ? [mediaId] : [], event);
      }
      if (SupplementRemoved.is(event)) {
        return repository.projectPublicSource(`supplement:${event.data.supplementId}`, event.data.courseId, [], event);
      }
      return undefined;
    },
  });
}
