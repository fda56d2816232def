import { EventConsumer, flushOutbox, newId, type LoggedEvent, type Platform } from '@lg/platform';
import {
  COURSE_EVENTS, ENROLLMENT_CANCELLED, ENROLLMENT_CREATED, LAB_BOOKING_CONFIRMED, ORDER_PAID, ORDER_REFUNDED, PUBLISHED, notificationCreated,
  type AnswerAcceptedData, type AnswerPostedData, type CourseEventData, type EnrollmentCancelledData, type EnrollmentCreatedData,
  type LabBookingConfirmedData, type OrderPaidData, type OrderRefundedData,
} from './events.ts';
import type { NotificationKind, NotificationModel } from './models.ts';
import { membershipId, type EngagementRepository } from './repository.ts';

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

/**
 * A consumer of the event log with the controls engagement needs: started on creation, stopped
 * with the subgraph, caught up on demand (concurrent callers share a pass that starts after they
 * asked), and rebuilt from the start of the log.
 */
abstract class Projector {
  readonly consumer: EventConsumer;
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(platform: Platform, name: string, types: string[]) {
    this.consumer = new EventConsumer({
      name, db: platform.db, log: platform.eventLog, logger: platform.logger.child({ consumer: name }), types,
      handle: (event) => this.handle(event),
    });
  }

  protected abstract handle(event: LoggedEvent): Promise<void>;

  start(): void {
    this.consumer.start();
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }

  checkpoint(): Promise<number> {
    return this.consumer.checkpoint();
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

  private run(): Promise<void> {
    this.running = this.consumer.catchUp().finally(() => {
      this.running = null;
    });
    return this.running;
  }
}

/**
 * Who may take part in a course's Q&A and chat, learned from events: each course's instructor
 * (catalog's CourseCreated, CourseUpdated, CoursePublished) and its enrolled users (learning's
 * EnrollmentCreated, until an EnrollmentCancelled). Every write is idempotent, so replays in log
 * order end in the same state.
 */
export class MembershipProjector extends Projector {
  constructor(private readonly repository: EngagementRepository, platform: Platform) {
    super(platform, 'engagement.membership', [...COURSE_EVENTS, ENROLLMENT_CREATED, ENROLLMENT_CANCELLED]);
  }

  protected async handle(event: LoggedEvent): Promise<void> {
    if (event.type === ENROLLMENT_CANCELLED) {
      const data = event.data as EnrollmentCancelledData;
      const userId = str(event.userId) ?? str(data.userId);
      const courseId = str(event.courseId) ?? str(data.courseId);
      if (!userId || !courseId) return;
      // Only the membership this enrolment made goes: the course's instructor and ADMIN stay
      // members through the course projection and their role, which this does not touch.
      await this.repository.removeMembership(membershipId(courseId, userId), event.aggregateId);
      return;
    }
    if (event.type === ENROLLMENT_CREATED) {
      const data = event.data as EnrollmentCreatedData;
      const userId = str(event.userId) ?? str(data.userId);
      const courseId = str(event.courseId) ?? str(data.courseId);
      if (!userId || !courseId) return;
      await this.repository.upsertMembership({
        _id: membershipId(courseId, userId), courseId, userId, enrollmentId: event.aggregateId,
        source: str(data.source) ?? 'FREE', orderId: str(data.orderId) ?? null, enrolledAt: new Date(event.at),
      });
      return;
    }
    const data = event.data as CourseEventData;
    const courseId = str(event.courseId) ?? event.aggregateId;
    await this.repository.upsertCourse(courseId, {
      ...(str(data.instructorId) ? { instructorId: data.instructorId } : {}),
      ...(str(data.status) ? { status: data.status } : {}),
      ...(str(data.title) ? { title: data.title } : {}),
    });
  }

  /**
   * Throws the projection away and replays the whole log into it. While it runs, members may be
   * refused for a moment; meant for maintenance and for proving that replay gives the same state.
   */
  async rebuild(): Promise<void> {
    await this.consumer.stop();
    await this.repository.clearProjections();
    await this.consumer.resetCheckpoint();
    await this.consumer.catchUp();
    this.consumer.start();
  }
}

const quoted = (title: string) => `“${title.length > 80 ? `${title.slice(0, 79)}…` : title}”`;

function money(cents: number, currency: string): string {
  return `${(cents / 100).toFixed(2)} ${currency}`;
}

function slot(value: string | Date | undefined): string | undefined {
  const date = value === undefined ? undefined : new Date(value);
  if (!date || Number.isNaN(date.getTime())) return undefined;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * Notifications, made from events and never inline in a request: someone else answered my
 * question, my answer was accepted, my enrolment, my paid or refunded order, my lab booking. Each one is
 * unique by (source event, owner), so a replayed event makes nothing new; its NotificationCreated
 * event leaves through the notification's own outbox.
 */
export class NotificationProjector extends Projector {
  constructor(
    private readonly repository: EngagementRepository,
    private readonly platform: Platform,
    private readonly membership: MembershipProjector,
  ) {
    super(platform, 'engagement.notifications', [PUBLISHED.AnswerPosted, PUBLISHED.AnswerAccepted, ENROLLMENT_CREATED, ORDER_PAID, ORDER_REFUNDED, LAB_BOOKING_CONFIRMED]);
  }

  protected async handle(event: LoggedEvent): Promise<void> {
    const made = await this.notificationFor(event);
    if (made) await this.create(event, made.userId, made.kind, made.message, made.courseId ?? null);
  }

  private async notificationFor(event: LoggedEvent): Promise<{ userId: string; kind: NotificationKind; message: string; courseId?: string } | null> {
    switch (event.type) {
      case PUBLISHED.AnswerPosted: {
        const d = event.data as AnswerPostedData;
        if (d.questionAuthorId === d.authorId) return null;
        return { userId: d.questionAuthorId, kind: 'ANSWER_TO_MY_QUESTION', message: `New answer to your question ${quoted(d.questionTitle)}.`, courseId: d.courseId };
      }
      case PUBLISHED.AnswerAccepted: {
        const d = event.data as AnswerAcceptedData;
        if (d.answerAuthorId === d.questionAuthorId) return null;
        return { userId: d.answerAuthorId, kind: 'ANSWER_ACCEPTED', message: `Your answer to ${quoted(d.questionTitle)} was accepted.`, courseId: d.courseId };
      }
      case ENROLLMENT_CREATED: {
        const d = event.data as EnrollmentCreatedData;
        const userId = str(event.userId) ?? str(d.userId);
        const courseId = str(event.courseId) ?? str(d.courseId);
        if (!userId || !courseId) return null;
        // The course's title comes from the membership projection: it has seen this far first.
        if ((await this.membership.checkpoint()) < event.seq) await this.membership.catchUp();
        const title = (await this.repository.courses.findOne({ _id: courseId }, { projection: { title: 1 } }))?.title;
        return { userId, kind: 'ENROLLMENT_CONFIRMED', message: title ? `You are enrolled in ${quoted(title)}.` : 'Your enrolment is confirmed.', courseId };
      }
      case ORDER_PAID: {
        const d = event.data as OrderPaidData;
        const userId = str(event.userId);
        if (!userId) return null;
        const courses = Array.isArray(d.courseIds) ? d.courseIds.length : 0;
        const amount = typeof d.totalCents === 'number' && str(d.currency) ? ` of ${money(d.totalCents, d.currency!)}` : '';
        return { userId, kind: 'ORDER_PAID', message: `Your order${amount} is paid${courses > 0 ? ` (${courses} course${courses === 1 ? '' : 's'})` : ''}.` };
      }
      case ORDER_REFUNDED: {
        const d = event.data as OrderRefundedData;
        const userId = str(event.userId);
        if (!userId) return null;
        const courses = Array.isArray(d.courseIds) ? d.courseIds.length : 0;
        const amount = typeof d.totalCents === 'number' && str(d.currency) ? ` of ${money(d.totalCents, d.currency!)}` : '';
        return {
          userId, kind: 'ORDER_REFUNDED',
          message: `Your order${amount} was refunded${courses > 0 ? `; its course${courses === 1 ? ' is' : 's are'} no longer in your learning` : ''}.`,
        };
      }
      case LAB_BOOKING_CONFIRMED: {
        const d = event.data as LabBookingConfirmedData;
        const userId = str(event.userId);
        if (!userId) return null;
        const when = slot(d.slotStart);
        return {
          userId, kind: 'LAB_BOOKING_CONFIRMED',
          message: `Your booking${str(d.labTitle) ? ` of ${quoted(d.labTitle!)}` : ''}${when ? ` on ${when}` : ''} is confirmed.`,
        };
      }
      default:
        return null;
    }
  }

  private async create(source: LoggedEvent, userId: string, kind: NotificationKind, message: string, courseId: string | null): Promise<void> {
    const id = newId();
    const notification: NotificationModel = {
      _id: id, userId, kind, message, read: false, sourceEventId: source._id, courseId, createdAt: new Date(), readAt: null,
      outbox: [notificationCreated({ notificationId: id, kind, sourceEventId: source._id }, userId, courseId)],
    };
    // False for a replayed event: the notification (and its event) exist already.
    if (await this.repository.insertNotification(notification)) await flushOutbox(this.repository.notifications, id, this.platform.eventLog);
  }
}
