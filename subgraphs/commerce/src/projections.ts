import { EventConsumer, isId, type LoggedEvent, type Platform } from '@lg/platform';
import {
  CATALOG_EVENTS, ENROLLMENT_CANCELLED, ENROLLMENT_CREATED, type CatalogCourseData, type EnrollmentCancelledData, type EnrollmentCreatedData,
} from './events.ts';
import type { CourseProjection, CourseStatus } from './models.ts';
import type { CommerceRepository } from './repository.ts';

/** Stable: the consumers' checkpoints are stored under them. */
export const COURSE_CONSUMER = 'commerce.catalog-courses';
export const OWNERSHIP_CONSUMER = 'commerce.learning-enrollments';

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
  const data = event.data as CatalogCourseData;
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
  const next: CourseProjection = { ...base, instructorId: str(data.instructorId) ?? base.instructorId, seq: event.seq, updatedAt: event.at };
  switch (event.type) {
    case 'CourseCreated':
    case 'CoursePublished':
      next.status = event.type === 'CoursePublished' ? 'PUBLISHED' : status(data.status) ?? next.status;
      next.title = str(data.title) ?? next.title;
      next.priceCents = cents(data.priceCents) ?? next.priceCents;
      next.currency = str(data.currency) ?? next.currency;
      break;
    case 'CourseUpdated': {
      const changed = Array.isArray(data.changed) ? data.changed : [];
      if (changed.includes('title')) next.title = str(data.values?.title) ?? str(data.title) ?? next.title;
      if (changed.includes('priceCents')) next.priceCents = cents(data.values?.priceCents) ?? cents(data.priceCents) ?? next.priceCents;
      next.currency = str(data.currency) ?? next.currency;
      break;
    }
    default:
      break;
  }
  return next;
}

/**
 * A consumer of the event log with the controls commerce needs: started on creation, stopped with
 * the subgraph, caught up on demand (concurrent callers share a pass that starts after they asked,
 * so the pass sees whatever was logged before the call), and rebuilt from the start of the log.
 */
abstract class Projector {
  readonly consumer: EventConsumer;
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(platform: Platform, name: string, types: readonly string[]) {
    this.consumer = new EventConsumer({
      name, db: platform.db, log: platform.eventLog, logger: platform.logger.child({ consumer: name }), types: [...types],
      handle: (event) => this.handle(event),
    });
  }

  protected abstract handle(event: LoggedEvent): Promise<void>;
  protected abstract clear(): Promise<void>;

  start(): void {
    this.consumer.start();
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }

  /** Resolves once everything in the log when it was called has been handled. */
  catchUp(): Promise<void> {
    if (this.queued) return this.queued;
    if (!this.running) return this.run();
    // A pass is under way but may have read the log before the caller's event: one more after it.
    this.queued = this.running.catch(() => undefined).then(() => {
      this.queued = null;
      return this.run();
    });
    return this.queued;
  }

  /** Throws the projection away and replays the whole log into it (maintenance, and replay proofs). */
  async rebuild(): Promise<void> {
    await this.consumer.stop();
    await this.running?.catch(() => undefined);
    await this.clear();
    await this.consumer.resetCheckpoint();
    await this.consumer.catchUp();
    this.consumer.start();
  }

  private run(): Promise<void> {
    this.running = this.consumer.catchUp().finally(() => {
      this.running = null;
    });
    return this.running;
  }
}

/** Courses as commerce needs them (status, price, currency, title), from catalog's events; guarded by `seq`. */
export class CourseProjector extends Projector {
  constructor(private readonly repository: CommerceRepository, platform: Platform) {
    super(platform, COURSE_CONSUMER, CATALOG_EVENTS);
  }

  protected handle(event: LoggedEvent): Promise<void> {
    return this.repository.applyCourseEvent(event, project);
  }

  protected async clear(): Promise<void> {
    await this.repository.courses.deleteMany({});
  }
}

/**
 * Who owns which course, from learning's EnrollmentCreated and EnrollmentCancelled (event.userId,
 * event.courseId): idempotent writes per user and course, so replays change nothing. A refund
 * revokes the record at once; the cancellation does it again for a rebuild from the log.
 */
export class OwnershipProjector extends Projector {
  constructor(private readonly repository: CommerceRepository, platform: Platform) {
    super(platform, OWNERSHIP_CONSUMER, [ENROLLMENT_CREATED, ENROLLMENT_CANCELLED]);
  }

  protected async handle(event: LoggedEvent): Promise<void> {
    const data = event.data as EnrollmentCreatedData & EnrollmentCancelledData;
    const userId = str(event.userId) ?? str(data.userId);
    const courseId = str(event.courseId) ?? str(data.courseId);
    if (!userId || !courseId || !isId(userId) || !isId(courseId)) return;
    const orderId = str(data.orderId) ?? null;
    if (event.type === ENROLLMENT_CANCELLED) {
      if (orderId) await this.repository.revokeOwnership(userId, courseId, orderId);
      return;
    }
    await this.repository.recordOwnership({ userId, courseId, enrollmentId: event.aggregateId, orderId, since: new Date(event.at) });
  }

  protected async clear(): Promise<void> {
    await this.repository.ownerships.deleteMany({});
  }
}
