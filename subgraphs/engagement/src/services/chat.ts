import { afterId, flushAllOutboxes, flushOutbox, idCursor, isId, newId, pageSize, signedIn, type Connection, type EventLog, type Viewer } from '@lg/platform';
import { chatMessageSent } from '../events.ts';
import { chatBody, checkId } from '../inputs.ts';
import type { ChatMessageModel } from '../models.ts';
import type { EngagementRepository } from '../repository.ts';
import type { CourseMembership, EngagementLoaders } from './membership.ts';
import { visiblePostsFilter } from '../moderation/repository.ts';
import { postVisible } from '../moderation/visibility.ts';

/** A course's chat: its members' messages, paged backwards from the newest. */
export class ChatService {
  constructor(
    private readonly repository: EngagementRepository,
    private readonly events: EventLog,
    private readonly membership: CourseMembership,
  ) {}

  /** At start-up: logs the events a crash left in messages' outboxes. */
  async finishPendingWork(): Promise<void> {
    await flushAllOutboxes(this.repository.chatMessages, this.events);
  }

  async chatMessage(viewer: Viewer | null, id: string, loaders: EngagementLoaders = this.membership.loaders(viewer)): Promise<ChatMessageModel | null> {
    checkId(id, 'id');
    const message = await this.repository.findChatMessage(id);
    if (!message) return null;
    await this.membership.requireMember(viewer, message.courseId, loaders);
    return (await postVisible(viewer, message, loaders, this.membership)) ? message : null;
  }

  /** For `_entities`: null for a bad id, an unknown one, or a non-member. */
  async chatMessageReference(viewer: Viewer | null, id: string, loaders: EngagementLoaders): Promise<ChatMessageModel | null> {
    const message = isId(id) ? await this.repository.findChatMessage(id) : null;
    return message && (await this.membership.isMember(viewer, message.courseId, loaders)) && (await postVisible(viewer, message, loaders, this.membership)) ? message : null;
  }

  /**
   * The newest `last` messages before `before`, oldest first within the page. The list pages
   * backwards: `hasNextPage` says older messages exist, `endCursor` (the oldest message of the
   * page) is what to pass as `before` for them.
   */
  async courseChatMessages(
    viewer: Viewer | null, courseId: string, last: number | null | undefined, before: string | null | undefined,
    loaders: EngagementLoaders = this.membership.loaders(viewer),
  ): Promise<Connection<ChatMessageModel>> {
    const size = pageSize(last, 50);
    const beforeId = afterId(before, 'before');
    checkId(courseId, 'courseId');
    await this.membership.requireMember(viewer, courseId, loaders);
    const staff = await this.membership.isCourseStaff(viewer, courseId, loaders);
    const { rows, total } = await this.repository.chatPage(courseId, beforeId, size + 1, visiblePostsFilter(viewer?.id ?? null, staff));
    const page = rows.slice(0, size).reverse();
    const edges = page.map((node) => ({ node, cursor: idCursor(node._id) }));
    return { edges, pageInfo: { hasNextPage: rows.length > size, endCursor: edges[0]?.cursor ?? null }, totalCount: total };
  }

  async sendChatMessage(viewer: Viewer | null, courseId: string, body: string, loaders: EngagementLoaders = this.membership.loaders(viewer)): Promise<ChatMessageModel> {
    const actor = signedIn(viewer);
    checkId(courseId, 'courseId');
    const text = chatBody(body);
    await this.membership.requireMember(actor, courseId, loaders, { courseMustExist: true });
    const id = newId();
    const message: ChatMessageModel = {
      _id: id, courseId, authorId: actor.id, body: text, createdAt: new Date(),
      outbox: [chatMessageSent({ messageId: id, courseId, authorId: actor.id })],
    };
    await this.repository.insertChatMessage(message);
    await flushOutbox(this.repository.chatMessages, id, this.events);
    const { outbox: _pending, ...stored } = message;
    return stored;
  }
}
