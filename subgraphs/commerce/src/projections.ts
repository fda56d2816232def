import { Projector, isId, isOneOf, type LoggedEvent, type Platform } from '@lg/platform';
import { COURSE_EVENTS, COURSE_STRUCTURE_EVENTS, CourseCreated, CoursePublished, CourseUpdated, EnrollmentCancelled, EnrollmentCreated } from '@lg/events';
import type { CourseProjection, CourseStatus } from './models.ts';
import type { CommerceRepository } from './repository.ts';

/** Stable: the consumers' checkpoints are stored under them. */
export const COURSE_CONSUMER = 'commerce.catalog-courses';
export const OWNERSHIP_CONSUMER = 'commerce.learning-enrollments';

// Events logged before their contracts were checked may lack fields: read defensively.
const STATUSES = new Set<string>(['DRAFT', 'PUBLISHED', 'ARCHIVED']);
const str = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);
const cents = (value: unknown): number | undefined => (Number.isInteger(value) && (value as number) >= 0 ? (value as number) : undefined);
const status = (value: unknown): CourseStatus | undefined => (typeof value === 'string' && STATUSES.has(value) ? (value as CourseStatus) : undefined);

/**
 * The next state of a course's projection after one catalog event; a pure function, so that a
 * replay from the start of the log yields the same documents. The status moves only on
 * CourseCreated and CoursePublished (every catalog event carries the status the course had when it
 * was written, and a CourseUpdated logged after a publish it preceded must not take the course back
 * to DRAFT); a CourseUpdated changes only the fields it names as changed.
 */
export function project(current: CourseProjection | null, event: LoggedEvent): CourseProjection {
  const base: CourseProjection = current ?? {
    _id: event.courseId ?? event.aggregateId,
    title: '',
    instructorId: '',
    status: 'DRAFT',
    priceCents: 0,
    currency: 'USD',
    seq: 0,
    updatedAt: event.at,
  };
  const instructorId = isOneOf(COURSE_STRUCTURE_EVENTS, event) ? str(event.data.instructorId) : undefined;
  const next: CourseProjection = { ...base, instructorId: instructorId ?? base.instructorId, seq: event.seq, updatedAt: event.at };
  if (CourseCreated.is(event) || CoursePublished.is(event)) {
    const data = event.data;
    next.status = CoursePublished.is(event) ? 'PUBLISHED' : status(data.status) ?? next.status;
    next.title = str(data.title) ?? next.title;
    next.priceCents = cents(data.priceCents) ?? next.priceCents;
    next.currency = str(data.currency) ?? next.currency;
  } else if (CourseUpdated.is(event)) {
    const data = event.data;
    const changed = Array.isArray(data.changed) ? data.changed : [];
    if (changed.includes('title')) next.title = str(data.values?.title) ?? str(data.title) ?? next.title;
    if (changed.includes('priceCents')) next.priceCents = cents(data.values?.priceCents) ?? cents(data.priceCents) ?? next.priceCents;
    next.currency = str(data.currency) ?? next.currency;
  }
  return next;
}

/** Courses as commerce needs them (status, price, currency, title), from catalog's events; guarded by `seq`. */
export class CourseProjector extends Projector {
  constructor(repository: CommerceRepository, platform: Platform) {
    super({
      name: COURSE_CONSUMER, db: platform.db, log: platform.eventLog, logger: platform.logger.child({ consumer: COURSE_CONSUMER }),
      events: COURSE_EVENTS,
      handle: (event) => repository.applyCourseEvent(event, project),
      clear: async () => void (await repository.courses.deleteMany({})),
    });
  }
}

/**
 * Who owns which course, from learning's EnrollmentCreated and EnrollmentCancelled (event.userId,
 * event.courseId): idempotent writes per user and course, so replays change nothing. A refund
 * revokes the record at once; the cancellation does it again for a rebuild from the log.
 */
export class OwnershipProjector extends Projector {
  constructor(repository: CommerceRepository, platform: Platform) {
    super({
      name: OWNERSHIP_CONSUMER, db: platform.db, log: platform.eventLog, logger: platform.logger.child({ consumer: OWNERSHIP_CONSUMER }),
      events: [EnrollmentCreated, EnrollmentCancelled],
      handle: (event) => OwnershipProjector.record(repository, event),
      clear: async () => void (await repository.ownerships.deleteMany({})),
    });
  }

  private static async record(repository: CommerceRepository, event: LoggedEvent): Promise<void> {
    if (!EnrollmentCreated.is(event) && !EnrollmentCancelled.is(event)) return;
    const data = event.data;
    const userId = str(event.userId) ?? str(data.userId);
    const courseId = str(event.courseId) ?? str(data.courseId);
    if (!userId || !courseId || !isId(userId) || !isId(courseId)) return;
    const orderId = str(data.orderId) ?? null;
    if (EnrollmentCancelled.is(event)) {
      if (orderId) await repository.revokeOwnership(userId, courseId, orderId);
      return;
    }
    await repository.recordOwnership({ userId, courseId, enrollmentId: event.aggregateId, orderId, since: new Date(event.at) });
  }
}
