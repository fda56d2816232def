import type DataLoader from 'dataloader';
import {
  afterId, afterTimeAndId, badInput, flushAllOutboxes, flushOutbox, forbidden, hasRole, idCursor, isId, newId, notFound, pageSize, signedIn,
  timeIdCursor, connectionOf, type Connection, type EventLog, type LiveChannel, type Viewer, withVerifiedEmail,
} from '@lg/platform';
import { ConversationRead, DirectMessageSent, UserBlockChanged } from '@lg/events';
import { checkId } from '../inputs.ts';
import type { ConversationParticipantModel, DirectConversationModel, DirectMessageModel, TypingIndicatorModel } from '../models.ts';
import type { SendDirectMessageInput } from '../generated/resolvers-types.ts';
import type { Community } from './community.ts';
import { MESSAGE_LIMITS, directMessageBody, parseTypingId, recipientsOf, typingId } from './inputs.ts';
import { readKey, type MessagesRepository } from './repository.ts';

/** The live signal the gateway turns into `conversationTyping` (never stored). */
export const CONVERSATION_TYPING = 'ConversationTyping';

export interface MessageLoaders {
  conversation: DataLoader<string, DirectConversationModel | null>;
  message: DataLoader<string, DirectMessageModel | null>;
}

const PARTICIPANTS_ONLY = 'Only the participants of this conversation can read or write it.';
const BLOCKED = 'You cannot message this user: one of you has blocked the other.';
const STRANGER = 'You can only message people who share a course with you.';

/** Direct messages: conversations, their messages and read marks, typing signals, blocks. */
export class MessagesService {
  constructor(
    private readonly repository: MessagesRepository,
    private readonly events: EventLog,
    private readonly live: LiveChannel,
    private readonly community: Community,
  ) {}

  loaders(): MessageLoaders {
    return { conversation: this.repository.conversationLoader(), message: this.repository.messageLoader() };
  }

  /** At start-up: logs the events a crash left in outboxes. */
  async finishPendingWork(): Promise<void> {
    await flushAllOutboxes(this.repository.messages, this.events);
    await flushAllOutboxes(this.repository.conversations, this.events);
    await flushAllOutboxes(this.repository.blocks, this.events);
  }

  private async requireParticipant(viewer: Viewer | null, conversationId: string, loaders: MessageLoaders): Promise<{ actor: Viewer; conversation: DirectConversationModel | null }> {
    const actor = signedIn(viewer);
    const conversation = await loaders.conversation.load(conversationId);
    if (conversation && !conversation.participantIds.includes(actor.id)) throw forbidden(PARTICIPANTS_ONLY);
    return { actor, conversation };
  }

  // ---------------------------------------------------------------- reads

  async conversations(viewer: Viewer | null, first: number | null | undefined, after: string | null | undefined, loaders: MessageLoaders): Promise<Connection<DirectConversationModel>> {
    const actor = signedIn(viewer);
    const size = pageSize(first);
    const { rows, total } = await this.repository.conversationsPage(actor.id, afterTimeAndId(after), size + 1);
    // Their last messages check the conversation again: from here, not from the database.
    for (const row of rows) loaders.conversation.prime(row._id, row);
    return connectionOf(rows, size, total, (c) => timeIdCursor(c.lastMessageAt, c._id));
  }

  /** Participants only, ADMIN not excepted: direct messages are private. */
  async conversation(viewer: Viewer | null, id: string, loaders: MessageLoaders): Promise<DirectConversationModel | null> {
    checkId(id, 'id');
    return (await this.requireParticipant(viewer, id, loaders)).conversation;
  }

  async message(viewer: Viewer | null, id: string, loaders: MessageLoaders): Promise<DirectMessageModel | null> {
    const actor = signedIn(viewer);
    checkId(id, 'id');
    const message = await loaders.message.load(id);
    if (!message) return null;
    await this.requireParticipant(actor, message.conversationId, loaders);
    return this.visibleTo(message, actor) ? message : null;
  }

  /** For `_entities`: null for anyone but a participant. */
  async conversationReference(viewer: Viewer | null, id: string, loaders: MessageLoaders): Promise<DirectConversationModel | null> {
    if (!viewer || !isId(id)) return null;
    const conversation = await loaders.conversation.load(id);
    return conversation?.participantIds.includes(viewer.id) ? conversation : null;
  }

  async messageReference(viewer: Viewer | null, id: string, loaders: MessageLoaders): Promise<DirectMessageModel | null> {
    if (!viewer || !isId(id)) return null;
    const message = await loaders.message.load(id);
    if (!message || !this.visibleTo(message, viewer)) return null;
    return (await this.conversationReference(viewer, message.conversationId, loaders)) ? message : null;
  }

  /** A deleted message is gone for everyone (its text is erased); a hidden one for everyone but its author (moderation). */
  private visibleTo(message: DirectMessageModel, viewer: Viewer): boolean {
    return !message.deletedAt && (!message.hiddenAt || message.authorId === viewer.id);
  }

  /** Newest `last` before `before`, oldest first within the page (pages backwards like course chat). */
  async messages(viewer: Viewer | null, conversation: DirectConversationModel, last: number | null | undefined, before: string | null | undefined): Promise<Connection<DirectMessageModel>> {
    const actor = signedIn(viewer);
    const size = pageSize(last, 50);
    const beforeId = afterId(before, 'before');
    const { rows, total } = await this.repository.messagesPage(conversation._id, beforeId, size + 1);
    const visible = rows.filter((m) => this.visibleTo(m, actor));
    const page = visible.slice(0, size).reverse();
    const edges = page.map((node) => ({ node, cursor: idCursor(node._id) }));
    return { edges, pageInfo: { hasNextPage: rows.length > size, endCursor: edges[0]?.cursor ?? null }, totalCount: total };
  }

  participants(conversation: DirectConversationModel): ConversationParticipantModel[] {
    return conversation.participantIds.map((userId) => ({ userId, lastReadAt: conversation.reads[readKey(userId)]?.at ?? null }));
  }

  unreadCount(viewer: Viewer | null, conversation: DirectConversationModel): number {
    const actor = signedIn(viewer);
    return Math.max(0, conversation.messageCount - (conversation.reads[readKey(actor.id)]?.count ?? 0));
  }

  async canSend(viewer: Viewer | null, conversation: DirectConversationModel): Promise<boolean> {
    const actor = signedIn(viewer);
    return !(await this.repository.anyBlockBetween(actor.id, conversation.participantIds));
  }

  lastMessage(conversation: DirectConversationModel, viewer: Viewer | null, loaders: MessageLoaders): Promise<DirectMessageModel | null> {
    return conversation.lastMessageId ? this.messageReference(viewer, conversation.lastMessageId, loaders) : Promise.resolve(null);
  }

  /** The other participants whose read mark reaches this message. */
  async readBy(message: DirectMessageModel, loaders: MessageLoaders): Promise<string[]> {
    const conversation = await loaders.conversation.load(message.conversationId);
    if (!conversation) return [];
    return conversation.participantIds.filter((u) => u !== message.authorId && (conversation.reads[readKey(u)]?.count ?? 0) >= message.seq);
  }

  async conversationOfMessage(message: DirectMessageModel, loaders: MessageLoaders): Promise<DirectConversationModel> {
    const conversation = await loaders.conversation.load(message.conversationId);
    if (!conversation) throw notFound('The conversation');
    return conversation;
  }

  async unreadConversationCount(viewer: Viewer | null): Promise<number> {
    const actor = signedIn(viewer);
    const counts = await this.repository.conversationCounts(actor.id, MESSAGE_LIMITS.countedConversations);
    return counts.filter((c) => c.messageCount > (c.reads?.[readKey(actor.id)]?.count ?? 0)).length;
  }

  async blockedUsers(viewer: Viewer | null): Promise<string[]> {
    return this.repository.blockedBy(signedIn(viewer).id);
  }

  async typingIndicator(viewer: Viewer | null, id: string, loaders: MessageLoaders): Promise<TypingIndicatorModel | null> {
    const signal = parseTypingId(id);
    const { conversation } = await this.requireParticipant(viewer, signal.conversationId, loaders);
    return conversation?.participantIds.includes(signal.userId) ? signal : null;
  }

  // ---------------------------------------------------------------- writes

  async send(viewer: Viewer | null, input: SendDirectMessageInput, loaders: MessageLoaders): Promise<DirectMessageModel> {
    const actor = withVerifiedEmail(viewer, 'message other users');
    const body = directMessageBody(input.body);
    const hasConversation = input.conversationId !== null && input.conversationId !== undefined;
    const hasRecipients = input.recipientIds !== null && input.recipientIds !== undefined;
    if (hasConversation === hasRecipients) throw badInput('Give either conversationId or recipientIds.', hasConversation ? 'recipientIds' : 'conversationId');
    let conversation: DirectConversationModel;
    if (hasConversation) {
      const id = checkId(input.conversationId!, 'conversationId');
      const found = (await this.requireParticipant(actor, id, loaders)).conversation;
      if (!found) throw notFound('The conversation');
      conversation = found;
    } else {
      const others = recipientsOf(input.recipientIds!, actor.id);
      // ADMIN may write to anyone (support); everyone else only to people they share a course with.
      if (!hasRole(actor, 'ADMIN') && !(await this.community.sharesWithAll(actor.id, others))) throw forbidden(STRANGER);
      if (await this.repository.anyBlockBetween(actor.id, others)) throw forbidden(BLOCKED);
      conversation = await this.conversationOfPeople([actor.id, ...others]);
    }
    if (await this.repository.anyBlockBetween(actor.id, conversation.participantIds)) throw forbidden(BLOCKED);
    const claimed = await this.repository.claimSeq(conversation._id);
    if (!claimed) throw notFound('The conversation');
    const id = newId();
    const createdAt = new Date();
    const message: DirectMessageModel = {
      _id: id, conversationId: conversation._id, authorId: actor.id, body, seq: claimed.messageCount, createdAt,
      editedAt: null, deletedAt: null, hiddenAt: null, hiddenReason: null,
      outbox: [DirectMessageSent.build({ messageId: id, conversationId: conversation._id, authorId: actor.id, participantIds: conversation.participantIds })],
    };
    await this.repository.insertMessage(message);
    await this.repository.recordSent(conversation._id, message);
    await flushOutbox(this.repository.messages, id, this.events);
    loaders.conversation.clear(conversation._id);
    const { outbox: _pending, ...stored } = message;
    return stored;
  }

  /** The conversation of exactly these people: found by its key, or started (a racing start is found). */
  private async conversationOfPeople(participantIds: string[]): Promise<DirectConversationModel> {
    const sorted = [...participantIds].sort();
    const key = sorted.join(',');
    const existing = await this.repository.findConversationByKey(key);
    if (existing) return existing;
    const now = new Date();
    const conversation: DirectConversationModel = {
      _id: newId(), key, participantIds: sorted, messageCount: 0,
      reads: Object.fromEntries(sorted.map((u) => [readKey(u), { count: 0, at: null }])),
      lastMessageId: null, lastMessageAt: now, createdAt: now,
    };
    if (await this.repository.insertConversation(conversation)) return conversation;
    const raced = await this.repository.findConversationByKey(key);
    if (!raced) throw notFound('The conversation');
    return raced;
  }

  async markRead(viewer: Viewer | null, conversationId: string, loaders: MessageLoaders): Promise<DirectConversationModel> {
    checkId(conversationId, 'conversationId');
    const { actor, conversation } = await this.requireParticipant(viewer, conversationId, loaders);
    if (!conversation) throw notFound('The conversation');
    const event = ConversationRead.build({ conversationId, userId: actor.id, participantIds: conversation.participantIds });
    const marked = await this.repository.markRead(conversationId, actor.id, conversation.messageCount, new Date(), event);
    if (!marked) return conversation;
    await flushOutbox(this.repository.conversations, conversationId, this.events);
    const { outbox: _pending, ...stored } = marked;
    return stored;
  }

  /** Live only: the participants listening hear it, nothing is written. */
  async setTyping(viewer: Viewer | null, conversationId: string, loaders: MessageLoaders): Promise<boolean> {
    checkId(conversationId, 'conversationId');
    const { actor, conversation } = await this.requireParticipant(viewer, conversationId, loaders);
    if (!conversation) throw notFound('The conversation');
    if (await this.repository.anyBlockBetween(actor.id, conversation.participantIds)) throw forbidden(BLOCKED);
    const at = Date.now();
    this.live.publish({
      _id: typingId(conversationId, actor.id, at), type: CONVERSATION_TYPING, aggregateId: conversationId, userId: actor.id,
      data: { participantIds: conversation.participantIds }, at,
    });
    return true;
  }

  async block(viewer: Viewer | null, userId: string): Promise<boolean> {
    const actor = signedIn(viewer);
    checkId(userId, 'userId');
    if (userId === actor.id) throw badInput('You cannot block yourself.', 'userId');
    const changed = await this.repository.addBlock(actor.id, userId, UserBlockChanged.build({ blockerId: actor.id, blockedId: userId, blocked: true }));
    if (changed) await flushOutbox(this.repository.blocks, actor.id, this.events);
    return changed;
  }

  async unblock(viewer: Viewer | null, userId: string): Promise<boolean> {
    const actor = signedIn(viewer);
    checkId(userId, 'userId');
    const changed = await this.repository.removeBlock(actor.id, userId, UserBlockChanged.build({ blockerId: actor.id, blockedId: userId, blocked: false }));
    if (changed) await flushOutbox(this.repository.blocks, actor.id, this.events);
    return changed;
  }
}
