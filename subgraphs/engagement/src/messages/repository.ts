import DataLoader from 'dataloader';
import type { Filter } from 'mongodb';
import { byIds, insertIfAbsent, isDuplicateKey, MongoRepository, pageOf, pushToOutbox, type CollectionIndexes, type DomainEvent } from '@lg/platform';
import type { DirectConversationModel, DirectMessageModel, BlockListDocument } from '../models.ts';

export const CONVERSATIONS = 'engagement_direct_conversations';
export const DIRECT_MESSAGES = 'engagement_direct_messages';
export const BLOCKS = 'engagement_user_blocks';

export const messagesIndexes: CollectionIndexes[] = [
  {
    collection: CONVERSATIONS,
    indexes: [
      { key: { key: 1 }, name: 'participants_unique', unique: true },
      { key: { participantIds: 1, lastMessageAt: -1, _id: -1 }, name: 'participant_latest' },
    ],
  },
  { collection: DIRECT_MESSAGES, indexes: [{ key: { conversationId: 1, _id: -1 }, name: 'conversation_newest' }] },
];

/** Read marks are kept by a key that never starts with a digit (ids may), so `reads.<key>` stays a field path. */
export const readKey = (userId: string) => `u_${userId}`;

/** All MongoDB access of direct messages and blocks. */
export class MessagesRepository extends MongoRepository {
  readonly conversations = this.db.collection<DirectConversationModel>(CONVERSATIONS);
  readonly messages = this.db.collection<DirectMessageModel>(DIRECT_MESSAGES);
  readonly blocks = this.db.collection<BlockListDocument>(BLOCKS);

  conversationLoader(): DataLoader<string, DirectConversationModel | null> {
    return new DataLoader(async (ids) => {
      const found = await this.conversations.find(byIds(ids)).toArray();
      const byId = new Map(found.map((c) => [c._id, c]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  messageLoader(): DataLoader<string, DirectMessageModel | null> {
    return new DataLoader(async (ids) => {
      const found = await this.messages.find(byIds(ids)).toArray();
      const byId = new Map(found.map((m) => [m._id, m]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  findConversationByKey(key: string): Promise<DirectConversationModel | null> {
    return this.conversations.findOne({ key });
  }

  /** False when a conversation of the same people was started meanwhile (the caller reads it by key). */
  insertConversation(conversation: DirectConversationModel): Promise<boolean> {
    return insertIfAbsent(this.conversations, conversation);
  }

  /** Latest message first; `after` is the (lastMessageAt, id) of the previous page's last row. */
  conversationsPage(userId: string, after: { at: Date; id: string } | undefined, limit: number) {
    const pageFilter: Filter<DirectConversationModel> | null = after
      ? { $or: [{ lastMessageAt: { $lt: after.at } }, { lastMessageAt: after.at, _id: { $lt: after.id } }] }
      : null;
    return pageOf(this.conversations, { participantIds: userId }, pageFilter, { lastMessageAt: -1, _id: -1 }, limit);
  }

  /** Only the counts a user's unread total needs, for at most `limit` conversations. */
  conversationCounts(userId: string, limit: number) {
    return this.conversations.find({ participantIds: userId }, { projection: { messageCount: 1, reads: 1 } }).limit(limit).toArray();
  }

  /** Reserves the next message number of a conversation; the answer is the conversation after it. */
  claimSeq(conversationId: string): Promise<DirectConversationModel | null> {
    return this.conversations.findOneAndUpdate({ _id: conversationId }, { $inc: { messageCount: 1 } }, { returnDocument: 'after' });
  }

  async insertMessage(message: DirectMessageModel): Promise<void> {
    await this.messages.insertOne(message);
  }

  /**
   * After a message: it is the conversation's latest (unless a later one got there first), and its
   * author has read everything up to it.
   */
  async recordSent(conversationId: string, message: Pick<DirectMessageModel, '_id' | 'authorId' | 'seq' | 'createdAt'>): Promise<void> {
    await this.conversations.updateOne(
      { _id: conversationId, lastMessageAt: { $lte: message.createdAt } },
      { $set: { lastMessageId: message._id, lastMessageAt: message.createdAt } },
    );
    await this.conversations.updateOne(
      { _id: conversationId, [`reads.${readKey(message.authorId)}.count`]: { $lt: message.seq } },
      { $set: { [`reads.${readKey(message.authorId)}.count`]: message.seq } },
    );
  }

  /**
   * Marks `userId` as having read `count` messages, if they had read fewer, with its event in the
   * same write; null when nothing changed.
   */
  markRead(conversationId: string, userId: string, count: number, at: Date, event: DomainEvent): Promise<DirectConversationModel | null> {
    const mark = `reads.${readKey(userId)}`;
    return this.conversations.findOneAndUpdate(
      { _id: conversationId, [`${mark}.count`]: { $lt: count } },
      { $set: { [mark]: { count, at } }, $push: pushToOutbox(event) },
      { returnDocument: 'after' },
    );
  }

  /** Newest first before `beforeId`: the caller turns the page around. The service leaves out deleted messages, and hidden ones but for their author. */
  messagesPage(conversationId: string, beforeId: string | undefined, limit: number) {
    return pageOf(this.messages, { conversationId }, beforeId ? { _id: { $lt: beforeId } } : null, { _id: -1 }, limit);
  }

  // ---------------------------------------------------------------- blocks

  /** Whether `userId` and any of `userIds` blocked one another, either way. */
  async anyBlockBetween(userId: string, userIds: readonly string[]): Promise<boolean> {
    const others = userIds.filter((u) => u !== userId);
    if (others.length === 0) return false;
    const lists = await this.blocks.find(byIds([userId, ...others])).toArray();
    return lists.some((list) => (list._id === userId ? others.some((o) => list.blockedIds.includes(o)) : list.blockedIds.includes(userId)));
  }

  /** Adds `blockedId` to the list with its event, in one write; false when it was there already. */
  async addBlock(blockerId: string, blockedId: string, event: DomainEvent): Promise<boolean> {
    await ignoringRacedInsert(() => this.blocks.updateOne({ _id: blockerId }, { $setOnInsert: { blockedIds: [] } }, { upsert: true }));
    const result = await this.blocks.updateOne(
      { _id: blockerId, blockedIds: { $ne: blockedId } },
      { $push: { blockedIds: blockedId, ...pushToOutbox(event) }, $set: { updatedAt: new Date() } },
    );
    return result.modifiedCount === 1;
  }

  async removeBlock(blockerId: string, blockedId: string, event: DomainEvent): Promise<boolean> {
    const result = await this.blocks.updateOne(
      { _id: blockerId, blockedIds: blockedId },
      { $pullAll: { blockedIds: [blockedId] }, $push: pushToOutbox(event), $set: { updatedAt: new Date() } },
    );
    return result.modifiedCount === 1;
  }

  async blockedBy(blockerId: string): Promise<string[]> {
    return (await this.blocks.findOne({ _id: blockerId }))?.blockedIds ?? [];
  }
}

/** Two first blocks of one user at once: the upsert that lost the insert finds the list there. */
async function ignoringRacedInsert(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
}
