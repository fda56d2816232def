import { Projector, newId, type LoggedEvent, type Platform } from '@lg/platform';
import { CommunityEventReminderDue, LessonCompleted, StudyGroupInviteCreated, StudyGroupMemberChanged } from '@lg/events';
import { notificationCreated } from '../events.ts';
import type { NotificationKind, NotificationModel } from '../models.ts';
import type { EngagementRepository } from '../repository.ts';
import type { GroupsRepository } from './repository.ts';
import type { NotificationDelivery } from '../preferences/delivery.ts';

const consumerOf = (platform: Platform, name: string) => ({ name, db: platform.db, log: platform.eventLog, logger: platform.logger.child({ consumer: name }) });
const quoted = (title: string) => `“${title.length > 80 ? `${title.slice(0, 79)}…` : title}”`;
const minutesUntil = (iso: string) => Math.max(0, Math.round((new Date(iso).getTime() - Date.now()) / 60_000));

/**
 * Notifications of groups and events, made from their events: an invitation sent to someone, a
 * join request for the group's owner, an event's reminder for everyone going or maybe going. Each
 * is unique by (source event, owner), like every notification, so a replay makes nothing new.
 */
export class GroupNotificationProjector extends Projector {
  constructor(
    private readonly repository: EngagementRepository,
    private readonly groups: GroupsRepository,
    private readonly platform: Platform,
    private readonly delivery: NotificationDelivery,
  ) {
    super({ ...consumerOf(platform, 'engagement.group-notifications'), events: [StudyGroupInviteCreated, StudyGroupMemberChanged, CommunityEventReminderDue] });
  }

  protected override async handle(event: LoggedEvent): Promise<void> {
    if (StudyGroupInviteCreated.is(event)) {
      const { inviteeId, groupId } = event.data;
      if (!inviteeId) return;
      const group = await this.groups.findGroup(groupId);
      if (group) await this.create(event, inviteeId, 'GROUP_INVITATION', `You are invited to the study group ${quoted(group.name)}.`, group.courseIds[0] ?? null);
      return;
    }
    if (StudyGroupMemberChanged.is(event)) {
      if (event.data.change !== 'REQUESTED') return;
      const group = await this.groups.findGroup(event.data.groupId);
      if (group) await this.create(event, group.ownerId, 'GROUP_JOIN_REQUEST', `Someone asked to join your study group ${quoted(group.name)}.`, group.courseIds[0] ?? null);
      return;
    }
    if (CommunityEventReminderDue.is(event)) {
      const d = event.data;
      const minutes = minutesUntil(d.startsAt);
      const when = minutes > 0 ? `starts in ${minutes} minute${minutes === 1 ? '' : 's'}` : 'is starting';
      for (const userId of d.recipientIds) await this.create(event, userId, 'EVENT_REMINDER', `${quoted(d.title)} ${when} (${d.startsAt.slice(0, 16).replace('T', ' ')} UTC).`, d.courseId);
    }
  }

  private async create(source: LoggedEvent, userId: string, kind: NotificationKind, message: string, courseId: string | null): Promise<void> {
    const id = newId();
    const notification: NotificationModel = {
      _id: id, userId, kind, message, read: false, sourceEventId: source._id, courseId, createdAt: new Date(), readAt: null,
      outbox: [notificationCreated({ notificationId: id, kind, sourceEventId: source._id }, userId, courseId)],
    };
    // The owner's preferences decide: in the app, by mail, in the digest, or not at all.
    await this.delivery.deliver(notification);
  }
}

/** Lessons completed per user and course (learning's LessonCompleted), for peer matching. */
export class LessonProgressProjector extends Projector {
  constructor(groups: GroupsRepository, platform: Platform) {
    super({
      ...consumerOf(platform, 'engagement.lesson-progress'),
      events: [LessonCompleted],
      handle: async (event) => {
        if (!LessonCompleted.is(event)) return;
        const userId = event.userId ?? event.data.userId;
        const courseId = event.courseId ?? event.data.courseId;
        if (userId && courseId) await groups.recordLessonCompleted(courseId, userId, event.data.lessonId);
      },
      clear: () => groups.clearProgress(),
    });
  }
}
