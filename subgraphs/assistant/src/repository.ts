import { MongoRepository, pushToOutbox, type CollectionIndexes, type DomainEvent } from '@lg/platform';
import type { AssistantMessageModel, ConversationModel, PendingCalls, UsageDocument } from './models.ts';

export const CONVERSATIONS = 'assistant_conversations';
export const USAGE = 'assistant_usage';

export const assistantIndexes: CollectionIndexes[] = [
  { collection: CONVERSATIONS, indexes: [{ key: { userId: 1, updatedAt: -1 }, name: 'user_recent' }] },
  { collection: USAGE, indexes: [{ key: { expiresAt: 1 }, name: 'expires' }] },
];

/** At most this many conversations are listed; at most this many messages kept in one. */
export const MAX_LISTED = 50;
export const MAX_MESSAGES = 400;
/** Tool calls kept of one model turn; the schema's @listSize on AssistantMessage.toolCalls repeats it. */
export const MAX_TOOL_CALLS = 10;

/** All MongoDB access of the assistant subgraph. */
export class AssistantRepository extends MongoRepository {
  readonly conversations = this.db.collection<ConversationModel>(CONVERSATIONS);
  readonly usage = this.db.collection<UsageDocument>(USAGE);

  async insert(conversation: ConversationModel): Promise<void> {
    await this.conversations.insertOne(conversation);
  }

  find(id: string): Promise<ConversationModel | null> {
    return this.conversations.findOne({ _id: id });
  }

  listOf(userId: string): Promise<ConversationModel[]> {
    return this.conversations.find({ userId }).sort({ updatedAt: -1, _id: -1 }).limit(MAX_LISTED).toArray();
  }

  /** Appends the messages of one exchange, its AssistantAnswered, and sets what waits for confirmation, in one write. */
  async append(id: string, messages: AssistantMessageModel[], pending: PendingCalls | null, at: Date, event: DomainEvent): Promise<ConversationModel | null> {
    return this.conversations.findOneAndUpdate(
      { _id: id },
      { $push: { messages: { $each: messages }, ...pushToOutbox(event) }, $set: { pending, updatedAt: at } },
      { returnDocument: 'after' },
    );
  }

  /** Adds to a usage window's counters (made on first use) and answers the totals after. */
  async count(key: string, userId: string, add: { requests?: number; tokens?: number }, expiresAt: Date): Promise<UsageDocument> {
    const updated = await this.usage.findOneAndUpdate(
      { _id: key },
      { $inc: { requests: add.requests ?? 0, tokens: add.tokens ?? 0 }, $setOnInsert: { userId, expiresAt } },
      { upsert: true, returnDocument: 'after' },
    );
    return updated!;
  }

  async usageOf(key: string): Promise<UsageDocument | null> {
    return this.usage.findOne({ _id: key });
  }

  /** Expired windows are deleted in code (no TTL indexes on the embedded database). */
  async expireUsage(now: Date): Promise<void> {
    await this.usage.deleteMany({ expiresAt: { $lt: now } });
  }
}
