import { Projector, newId, type LoggedEvent, type Platform } from '@lg/platform';
import { GradeAdjusted, GradeAppealOpened, GradeAppealRejected } from '@lg/events';
import { notificationCreated } from '../events.ts';
import type { NotificationKind, NotificationModel } from '../models.ts';
import type { MembershipProjector } from '../projections.ts';
import type { EngagementRepository } from '../repository.ts';
import type { NotificationDelivery } from '../preferences/delivery.ts';

const quoted = (title: string) => `“${title.length > 80 ? `${title.slice(0, 79)}…` : title}”`;
const points = (score: number) => String(Number(score.toFixed(2)));
const excerpt = (text: string) => (text.length > 120 ? `${text.slice(0, 119)}…` : text);

/**
 * Notifications of grade appeals, made from assessment's events: an appeal opened tells the
 * course's instructor; an accepted one (GradeAdjusted) or a rejected one tells the student. Each is
 * unique by (source event, owner), like every notification, so a replay makes nothing new.
 */
export class AppealNotificationProjector extends Projector {
  constructor(
    private readonly repository: EngagementRepository,
    private readonly membership: MembershipProjector,
    private readonly platform: Platform,
    private readonly delivery: NotificationDelivery,
  ) {
    const name = 'engagement.appeal-notifications';
    super({ name, db: platform.db, log: platform.eventLog, logger: platform.logger.child({ consumer: name }), events: [GradeAppealOpened, GradeAdjusted, GradeAppealRejected] });
  }

  protected override async handle(event: LoggedEvent): Promise<void> {
    if (GradeAppealOpened.is(event)) {
      const course = await this.course(event);
      if (course) await this.create(event, course.instructorId, 'GRADE_APPEAL_OPENED', `A student appealed a grade in ${quoted(course.title)}.`, event.data.courseId);
      return;
    }
    if (GradeAdjusted.is(event)) {
      const d = event.data;
      const message = `Your grade appeal was accepted: your score is now ${points(d.score)} of ${points(d.maxScore)} (was ${points(d.previousScore)}).`;
      await this.create(event, d.userId, 'GRADE_APPEAL_ACCEPTED', message, d.courseId);
      return;
    }
    if (GradeAppealRejected.is(event)) {
      const d = event.data;
      await this.create(event, d.userId, 'GRADE_APPEAL_REJECTED', `Your grade appeal was rejected: ${excerpt(d.reply)}`, d.courseId);
    }
  }

  /** The course's instructor and title, from the membership projection once it has seen this far. */
  private async course(event: LoggedEvent & { data: { courseId: string } }) {
    if ((await this.membership.checkpoint()) < event.seq) await this.membership.catchUp();
    return this.repository.courses.findOne({ _id: event.data.courseId }, { projection: { instructorId: 1, title: 1 } });
  }

  private async create(source: LoggedEvent, userId: string, kind: NotificationKind, message: string, courseId: string): Promise<void> {
    const id = newId();
    const notification: NotificationModel = {
      _id: id, userId, kind, message, read: false, sourceEventId: source._id, courseId, createdAt: new Date(), readAt: null,
      outbox: [notificationCreated({ notificationId: id, kind, sourceEventId: source._id }, userId, courseId)],
    };
    // The owner's preferences decide: in the app, by mail, in the digest, or not at all.
    await this.delivery.deliver(notification);
  }
}
