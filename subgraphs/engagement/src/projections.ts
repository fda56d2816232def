import { Projector, isOneOf, newId, type LoggedEvent, type Platform } from '@lg/platform';
import {
  AnswerAccepted, AnswerPosted, COURSE_EVENTS, DirectMessageSent, EnrollmentCancelled, EnrollmentCreated, LabBookingConfirmed, OrderPaid, OrderRefunded,
} from '@lg/events';
import type { NotificationDelivery } from './preferences/delivery.ts';
import { notificationCreated } from './events.ts';
import type { NotificationKind, NotificationModel } from './models.ts';
import { membershipId, type EngagementRepository } from './repository.ts';

// Events logged before their contracts were checked may lack fields: read defensively.
const str = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

const consumerOf = (platform: Platform, name: string) => ({ name, db: platform.db, log: platform.eventLog, logger: platform.logger.child({ consumer: name }) });

/**
 * Who may take part in a course's Q&A and chat, learned from events: each course's instructor
 * (catalog's CourseCreated, CourseUpdated, CoursePublished) and its enrolled users (learning's
 * EnrollmentCreated, until an EnrollmentCancelled). Every write is idempotent, so replays in log
 * order end in the same state.
 */
export class MembershipProjector extends Projector {
  constructor(repository: EngagementRepository, platform: Platform) {
    super({
      ...consumerOf(platform, 'engagement.membership'),
      events: [...COURSE_EVENTS, EnrollmentCreated, EnrollmentCancelled],
      handle: (event) => MembershipProjector.record(repository, event),
      // While a rebuild runs, members may be refused for a moment: maintenance, and replay proofs.
      clear: () => repository.clearProjections(),
    });
  }

  private static async record(repository: EngagementRepository, event: LoggedEvent): Promise<void> {
    if (EnrollmentCancelled.is(event)) {
      const userId = str(event.userId) ?? str(event.data.userId);
      const courseId = str(event.courseId) ?? str(event.data.courseId);
      if (!userId || !courseId) return;
      // Only the membership this enrolment made goes: the course's instructor and ADMIN stay
      // members through the course projection and their role, which this does not touch.
      await repository.removeMembership(membershipId(courseId, userId), event.aggregateId);
      return;
    }
    if (EnrollmentCreated.is(event)) {
      const data = event.data;
      const userId = str(event.userId) ?? str(data.userId);
      const courseId = str(event.courseId) ?? str(data.courseId);
      if (!userId || !courseId) return;
      await repository.upsertMembership({
        _id: membershipId(courseId, userId), courseId, userId, enrollmentId: event.aggregateId,
        source: str(data.source) ?? 'FREE', orderId: str(data.orderId) ?? null, enrolledAt: new Date(event.at),
      });
      return;
    }
    if (!isOneOf(COURSE_EVENTS, event)) return;
    const data = event.data;
    const courseId = str(event.courseId) ?? event.aggregateId;
    await repository.upsertCourse(courseId, {
      ...(str(data.instructorId) ? { instructorId: data.instructorId } : {}),
      ...(str(data.status) ? { status: data.status } : {}),
      ...(str(data.title) ? { title: data.title } : {}),
    });
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
  private readonly repository: EngagementRepository;
  private readonly platform: Platform;
  private readonly membership: MembershipProjector;
  private readonly delivery: NotificationDelivery;

  constructor(repository: EngagementRepository, platform: Platform, membership: MembershipProjector, delivery: NotificationDelivery) {
    super({
      ...consumerOf(platform, 'engagement.notifications'),
      events: [AnswerPosted, AnswerAccepted, EnrollmentCreated, OrderPaid, OrderRefunded, LabBookingConfirmed, DirectMessageSent],
    });
    this.repository = repository;
    this.platform = platform;
    this.membership = membership;
    this.delivery = delivery;
  }

  protected override async handle(event: LoggedEvent): Promise<void> {
    if (DirectMessageSent.is(event)) return this.collapseDirectMessage(event);
    const made = await this.notificationFor(event);
    if (made) await this.create(event, made.userId, made.kind, made.message, made.courseId ?? null);
  }

  private async notificationFor(event: LoggedEvent): Promise<{ userId: string; kind: NotificationKind; message: string; courseId?: string } | null> {
    if (AnswerPosted.is(event)) {
      const d = event.data;
      if (d.questionAuthorId === d.authorId) return null;
      return { userId: d.questionAuthorId, kind: 'ANSWER_TO_MY_QUESTION', message: `New answer to your question ${quoted(d.questionTitle)}.`, courseId: d.courseId };
    }
    if (AnswerAccepted.is(event)) {
      const d = event.data;
      if (d.answerAuthorId === d.questionAuthorId) return null;
      return { userId: d.answerAuthorId, kind: 'ANSWER_ACCEPTED', message: `Your answer to ${quoted(d.questionTitle)} was accepted.`, courseId: d.courseId };
    }
    if (EnrollmentCreated.is(event)) {
      const d = event.data;
      const userId = str(event.userId) ?? str(d.userId);
      const courseId = str(event.courseId) ?? str(d.courseId);
      if (!userId || !courseId) return null;
      // The course's title comes from the membership projection: it has seen this far first.
      if ((await this.membership.checkpoint()) < event.seq) await this.membership.catchUp();
      const title = (await this.repository.courses.findOne({ _id: courseId }, { projection: { title: 1 } }))?.title;
      return { userId, kind: 'ENROLLMENT_CONFIRMED', message: title ? `You are enrolled in ${quoted(title)}.` : 'Your enrolment is confirmed.', courseId };
    }
    if (OrderPaid.is(event) || OrderRefunded.is(event)) {
      const d = event.data;
      const userId = str(event.userId);
      if (!userId) return null;
      const courses = Array.isArray(d.courseIds) ? d.courseIds.length : 0;
      const amount = typeof d.totalCents === 'number' && str(d.currency) ? ` of ${money(d.totalCents, d.currency)}` : '';
      if (OrderPaid.is(event)) {
        return { userId, kind: 'ORDER_PAID', message: `Your order${amount} is paid${courses > 0 ? ` (${courses} course${courses === 1 ? '' : 's'})` : ''}.` };
      }
      return {
        userId, kind: 'ORDER_REFUNDED',
        message: `Your order${amount} was refunded${courses > 0 ? `; its course${courses === 1 ? ' is' : 's are'} no longer in your learning` : ''}.`,
      };
    }
    if (LabBookingConfirmed.is(event)) {
      const d = event.data;
      const userId = str(event.userId);
      if (!userId) return null;
      const when = slot(d.slotStart);
      return {
        userId, kind: 'LAB_BOOKING_CONFIRMED',
        message: `Your booking${str(d.labTitle) ? ` of ${quoted(d.labTitle)}` : ''}${when ? ` on ${when}` : ''} is confirmed.`,
      };
    }
    return null;
  }

  /**
   * Direct messages collapse per conversation: each recipient keeps at most one unread
   * notification of a conversation, replaced by a new one (counting on) at each message, so that
   * it comes back on top and live. The new one is written before the old one goes: a replayed
   * event makes nothing new and removes nothing.
   */
  private async collapseDirectMessage(event: LoggedEvent & { data: { conversationId: string; authorId: string; participantIds: string[] } }): Promise<void> {
    const { conversationId, authorId, participantIds } = event.data;
    for (const userId of participantIds) {
      if (userId === authorId) continue;
      const previous = await this.repository.unreadConversationNotification(userId, conversationId);
      const count = (previous?.count ?? 0) + 1;
      const message = count === 1 ? 'You have a new direct message.' : `You have ${count} new direct messages in a conversation.`;
      const made = await this.create(event, userId, 'DIRECT_MESSAGE', message, null, { conversationId, count });
      if (made && previous) await this.repository.notifications.deleteOne({ _id: previous._id });
    }
  }

  private async create(
    source: LoggedEvent, userId: string, kind: NotificationKind, message: string, courseId: string | null, extra: Partial<NotificationModel> = {},
  ): Promise<boolean> {
    const id = newId();
    const notification: NotificationModel = {
      ...extra,
      _id: id, userId, kind, message, read: false, sourceEventId: source._id, courseId, createdAt: new Date(), readAt: null,
      outbox: [notificationCreated({ notificationId: id, kind, sourceEventId: source._id }, userId, courseId)],
    };
    // False for a replayed event (the notification exists already) or one the user wants by mail only.
    return this.delivery.deliver(notification);
  }
}
