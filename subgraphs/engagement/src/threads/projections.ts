import { Projector, newId, type LoggedEvent, type Platform } from '@lg/platform';
import { PostEdited, ThreadReplyPosted, ThreadStarted, UserProfileUpdated, UserRegistered, type PostEditedData } from '@lg/events';
import { notificationCreated } from '../events.ts';
import type { NotificationKind, NotificationModel } from '../models.ts';
import type { EngagementRepository } from '../repository.ts';
import type { ThreadsRepository } from './repository.ts';
import type { NotificationDelivery } from '../preferences/delivery.ts';

const consumerOf = (platform: Platform, name: string) => ({ name, db: platform.db, log: platform.eventLog, logger: platform.logger.child({ consumer: name }) });

const quoted = (title: string) => `“${title.length > 80 ? `${title.slice(0, 79)}…` : title}”`;

/**
 * Users' display names, learned from identity's events: what member cards show and `@mentions`
 * match. Idempotent: the latest name logged wins on replay too.
 */
export class PeopleProjector extends Projector {
  constructor(repository: ThreadsRepository, platform: Platform) {
    super({
      ...consumerOf(platform, 'engagement.people'),
      events: [UserRegistered, UserProfileUpdated],
      handle: async (event) => {
        const data = event.data as { userId?: string; displayName?: string };
        const userId = data.userId ?? event.userId;
        if (userId && typeof data.displayName === 'string') await repository.upsertPerson(userId, data.displayName);
      },
      clear: async () => {
        await repository.people.deleteMany({});
      },
    });
  }
}

/**
 * Notifications of community threads, made from events like every other one: a reply in a thread
 * one follows (not one's own), and being `@mentioned` by a thread or a reply, new or edited (an
 * edit names only those it newly mentions). Unique per (event, owner): a mentioned follower gets
 * the mention only, and a replayed event makes nothing new.
 */
export class ThreadNotifier extends Projector {
  constructor(
    private readonly engagement: EngagementRepository,
    private readonly threads: ThreadsRepository,
    private readonly platform: Platform,
    private readonly delivery: NotificationDelivery,
  ) {
    super({ ...consumerOf(platform, 'engagement.thread-notifications'), events: [ThreadStarted, ThreadReplyPosted, PostEdited] });
  }

  protected override async handle(event: LoggedEvent): Promise<void> {
    if (ThreadStarted.is(event)) {
      const d = event.data;
      for (const userId of d.mentionedUserIds) await this.create(event, userId, 'MENTIONED', `You were mentioned in the thread ${quoted(d.title)}.`, d.courseId);
      return;
    }
    if (PostEdited.is(event)) return this.editMentions(event);
    if (!ThreadReplyPosted.is(event)) return;
    const d = event.data;
    for (const userId of d.mentionedUserIds) await this.create(event, userId, 'MENTIONED', `You were mentioned in a reply to ${quoted(d.threadTitle)}.`, d.courseId);
    for await (const follow of this.threads.followersOf(d.threadId)) {
      if (follow.userId === d.authorId || d.mentionedUserIds.includes(follow.userId)) continue;
      await this.create(event, follow.userId, 'THREAD_REPLY', `New reply in ${quoted(d.threadTitle)}.`, d.courseId);
    }
  }

  /** An edited thread or reply: the members it newly names, told as a new post's mentions are. */
  private async editMentions(event: LoggedEvent & { data: PostEditedData }): Promise<void> {
    const d = event.data;
    if (!d.mentionedUserIds?.length || !d.courseId) return;
    const reply = d.kind === 'THREAD_REPLY' ? await this.threads.replies.findOne({ _id: d.postId }, { projection: { threadId: 1 } }) : null;
    const thread = await this.threads.threads.findOne({ _id: reply ? reply.threadId : d.postId }, { projection: { title: 1 } });
    if (!thread) return;
    const message = reply ? `You were mentioned in a reply to ${quoted(thread.title)}.` : `You were mentioned in the thread ${quoted(thread.title)}.`;
    for (const userId of d.mentionedUserIds) await this.create(event, userId, 'MENTIONED', message, d.courseId);
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
