import { EnrollmentCancelled, EnrollmentCreated } from '@lg/events';
import type { DomainEvent, OwedByEvents } from '@lg/platform';
import type { LearningRepository } from './repository.ts';

/**
 * How an enrolment event moves its course's count: created (or granted again after a refund) +1,
 * cancelled −1; completing keeps it counted.
 */
export function tallyDelta(event: Pick<DomainEvent, 'type'>): number {
  if (event.type === EnrollmentCreated.type) return 1;
  if (event.type === EnrollmentCancelled.type) return -1;
  return 0;
}

/** The count moves pending enrolment events owe, applied (once each) before the events leave the outbox. */
export function tallyMoves(repository: LearningRepository): OwedByEvents {
  return async (pending) => {
    for (const event of pending) {
      const delta = tallyDelta(event);
      const courseId = event.courseId ?? (event.data as { courseId?: string }).courseId;
      if (delta !== 0 && courseId) await repository.moveTally(courseId, event._id, delta);
    }
  };
}
