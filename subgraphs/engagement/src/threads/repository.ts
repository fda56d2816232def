import DataLoader from 'dataloader';
import type { Db, Filter } from 'mongodb';
import { byIds, insertIfAbsent, pageOf, pushToOutbox, type CollectionIndexes, type DomainEvent } from '@lg/platform';
import type {
  FollowDocument, MembershipProjection, PersonProjection, Reaction, ReactionDocument, TeachingAssistantDocument, ThreadModel, ThreadReplyModel,
} from '../models.ts';
import { MEMBERSHIPS, membershipId } from '../repository.ts';

export const THREADS = 'engagement_threads';
export const THREAD_REPLIES = 'engagement_thread_replies';
export const REACTIONS = 'engagement_reactions';
export const FOLLOWS = 'engagement_thread_follows';
export const TEACHING_ASSISTANTS = 'engagement_teaching_assistants';
export const PEOPLE = 'engagement_people';

export const threadIndexes: CollectionIndexes[] = [
  // Course.threads: pinned first, then latest activity; `_id` breaks ties.
  { collection: THREADS, indexes: [{ key: { courseId: 1, pinned: -1, lastActivityAt: -1, _id: -1 }, name: 'course_pinned_activity' }] },
  { collection: THREAD_REPLIES, indexes: [{ key: { threadId: 1, parentId: 1, _id: 1 }, name: 'thread_parent_oldest' }] },
  { collection: REACTIONS, indexes: [{ key: { userId: 1, postId: 1 }, name: 'user_post' }] },
  { collection: FOLLOWS, indexes: [{ key: { threadId: 1 }, name: 'thread' }] },
  { collection: TEACHING_ASSISTANTS, indexes: [{ key: { courseId: 1, userId: 1 }, name: 'course_user' }, { key: { userId: 1 }, name: 'user' }] },
  { collection: PEOPLE, indexes: [{ key: { displayName: 1 }, name: 'display_name' }] },
  // Course.members pages a course's students by user id.
  { collection: MEMBERSHIPS, indexes: [{ key: { courseId: 1, userId: 1 }, name: 'course_user' }] },
];

/** Where a page of Course.threads starts: after the thread with this sort key. */
export interface ThreadPageKey { pinned: boolean; at: Date; id: string }

/**
 * A filter that keeps deleted posts out for everyone (moderation erases them) and hidden ones
 * except the viewer's own (`null`: staff, who see hidden posts).
 */
export const visibleTo = <T extends { authorId: string; deletedAt: Date | null; hiddenAt: Date | null }>(viewerId: string | null): Filter<T> | null =>
  (viewerId === null ? { deletedAt: null } : { deletedAt: null, $or: [{ hiddenAt: null }, { authorId: viewerId }] }) as Filter<T>;

const and = <T>(...filters: (Filter<T> | null)[]): Filter<T> => {
  const present = filters.filter((f): f is Filter<T> => f !== null);
  return (present.length === 1 ? present[0]! : { $and: present }) as Filter<T>;
};

/** The MongoDB access of community threads: teaching assistants, people, threads, replies, reactions, follows. */
export class ThreadsRepository {
  readonly threads;
  readonly replies;
  readonly reactions;
  readonly follows;
  readonly assistants;
  readonly people;
  readonly memberships;

  constructor(db: Db) {
    this.threads = db.collection<ThreadModel>(THREADS);
    this.replies = db.collection<ThreadReplyModel>(THREAD_REPLIES);
    this.reactions = db.collection<ReactionDocument>(REACTIONS);
    this.follows = db.collection<FollowDocument>(FOLLOWS);
    this.assistants = db.collection<TeachingAssistantDocument>(TEACHING_ASSISTANTS);
    this.people = db.collection<PersonProjection>(PEOPLE);
    this.memberships = db.collection<MembershipProjection>(MEMBERSHIPS);
  }

  // ---------------------------------------------------------------- loaders

  private byId<T extends { _id: string }>(find: (ids: readonly string[]) => Promise<T[]>): DataLoader<string, T | null> {
    return new DataLoader(async (ids) => {
      const byId = new Map((await find(ids)).map((doc) => [doc._id, doc]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  threadLoader = () => this.byId((ids) => this.threads.find(byIds(ids)).toArray());
  replyLoader = () => this.byId((ids) => this.replies.find(byIds(ids)).toArray());
  personLoader = () => this.byId((ids) => this.people.find(byIds(ids)).toArray());

  /** Whether `userId` is a teaching assistant, by course id. */
  assistantLoader(userId: string): DataLoader<string, boolean> {
    return new DataLoader(async (courseIds) => {
      const found = await this.assistants.find(byIds(courseIds.map((c) => membershipId(c, userId))), { projection: { courseId: 1 } }).toArray();
      const set = new Set(found.map((a) => a.courseId));
      return courseIds.map((id) => set.has(id));
    });
  }

  /** `userId`'s reactions by post id: every post on a page in one query. */
  reactionLoader(userId: string): DataLoader<string, Reaction[]> {
    return new DataLoader(async (postIds) => {
      const found = await this.reactions.find({ userId, postId: { $in: [...postIds] } }, { projection: { postId: 1, reaction: 1 } }).toArray();
      const byPost = new Map<string, Reaction[]>();
      for (const r of found) byPost.set(r.postId, [...(byPost.get(r.postId) ?? []), r.reaction]);
      return postIds.map((id) => byPost.get(id) ?? []);
    });
  }

  /** Whether `userId` follows, by thread id. */
  followLoader(userId: string): DataLoader<string, boolean> {
    return new DataLoader(async (threadIds) => {
      const found = await this.follows.find(byIds(threadIds.map((t) => `${t}:${userId}`)), { projection: { threadId: 1 } }).toArray();
      const set = new Set(found.map((f) => f.threadId));
      return threadIds.map((id) => set.has(id));
    });
  }

  // ---------------------------------------------------------------- teaching assistants and members

  /** False when they were one already. */
  appointAssistant(doc: TeachingAssistantDocument): Promise<boolean> {
    return insertIfAbsent(this.assistants, doc);
  }

  findAssistant(courseId: string, userId: string): Promise<TeachingAssistantDocument | null> {
    return this.assistants.findOne({ _id: membershipId(courseId, userId) });
  }

  async removeAssistant(courseId: string, userId: string): Promise<boolean> {
    return (await this.assistants.deleteOne({ _id: membershipId(courseId, userId) })).deletedCount === 1;
  }

  /** Bounded by LIMITS.assistantsPerCourse, so read whole. */
  assistantsOf(courseId: string): Promise<TeachingAssistantDocument[]> {
    return this.assistants.find({ courseId }).sort({ userId: 1 }).toArray();
  }

  countAssistants(courseId: string): Promise<number> {
    return this.assistants.countDocuments({ courseId });
  }

  findEnrolment(courseId: string, userId: string): Promise<MembershipProjection | null> {
    return this.memberships.findOne({ _id: membershipId(courseId, userId) });
  }

  /** Students by user id after `afterUserId`, leaving out `except` (the course's staff, listed before them). */
  studentsPage(courseId: string, except: string[], afterUserId: string | undefined, limit: number) {
    const filter: Filter<MembershipProjection> = except.length > 0 ? { courseId, userId: { $nin: except } } : { courseId };
    return pageOf(this.memberships, filter, afterUserId ? { userId: { $gt: afterUserId } } : null, { courseId: 1, userId: 1 }, limit);
  }

  async upsertPerson(userId: string, displayName: string): Promise<void> {
    await this.people.updateOne({ _id: userId }, { $set: { displayName, updatedAt: new Date() } }, { upsert: true });
  }

  /** Users going by one of `names` (exactly): the candidates of `@mentions`. */
  peopleNamed(names: string[]): Promise<PersonProjection[]> {
    return names.length === 0 ? Promise.resolve([]) : this.people.find({ displayName: { $in: names } }).limit(100).toArray();
  }

  // ---------------------------------------------------------------- threads

  async insertThread(thread: ThreadModel): Promise<void> {
    await this.threads.insertOne(thread);
  }

  threadsPage(courseId: string, visibility: Filter<ThreadModel> | null, after: ThreadPageKey | undefined, limit: number) {
    const filter = and<ThreadModel>({ courseId }, visibility);
    const page: Filter<ThreadModel> | null = after
      ? after.pinned
        ? { $or: [{ pinned: false }, { pinned: true, lastActivityAt: { $lt: after.at } }, { pinned: true, lastActivityAt: after.at, _id: { $lt: after.id } }] }
        : { pinned: false, $or: [{ lastActivityAt: { $lt: after.at } }, { lastActivityAt: after.at, _id: { $lt: after.id } }] }
      : null;
    return pageOf(this.threads, filter, page, { courseId: 1, pinned: -1, lastActivityAt: -1, _id: -1 }, limit);
  }

  /**
   * Accepts one reply: counts it and moves the thread's activity, only while the thread is
   * unlocked. This write is the reply's point of acceptance — a lock committed before it makes
   * it match nothing (null) — and its new replyCount is the reply's `seq`.
   */
  acceptReply(threadId: string, pending: Omit<ThreadReplyModel, 'seq'>): Promise<ThreadModel | null> {
    return this.threads.findOneAndUpdate(
      { _id: threadId, locked: false },
      { $inc: { replyCount: 1 }, $max: { lastActivityAt: pending.createdAt }, $push: { pendingReplies: pending } },
      { returnDocument: 'after' },
    );
  }

  /** Stores an accepted reply (once: a replay after a crash finds it there), then clears it from its thread's pending ones. */
  async storeReply(reply: ThreadReplyModel, pending: Omit<ThreadReplyModel, 'seq'>): Promise<void> {
    await insertIfAbsent(this.replies, reply);
    // $pullAll of the exact document pushed: FerretDB's $pull takes no conditions on sub-documents.
    await this.threads.updateOne({ _id: reply.threadId }, { $pullAll: { pendingReplies: [pending] } } as never);
  }

  /** Threads holding replies accepted but maybe not stored (a crash in between). */
  threadsWithPendingReplies(): Promise<ThreadModel[]> {
    return this.threads.find({ 'pendingReplies.0': { $exists: true } }).toArray();
  }

  /**
   * Sets pinned or locked with its event in one write. A lock also records the replies it let in
   * (the count its write saw: no reply is accepted after it).
   */
  async setThreadFlag(threadId: string, set: { pinned: boolean } | { locked: boolean }, event: DomainEvent): Promise<ThreadModel | null> {
    const thread = await this.threads.findOneAndUpdate({ _id: threadId }, { $set: set, $push: pushToOutbox(event) }, { returnDocument: 'after' });
    if (thread && 'locked' in set) {
      thread.lockedAtReplyCount = set.locked ? thread.replyCount : null;
      await this.threads.updateOne({ _id: threadId }, { $set: { lockedAtReplyCount: thread.lockedAtReplyCount } });
    }
    return thread;
  }

  repliesPage(threadId: string, parentId: string | null, visibility: Filter<ThreadReplyModel> | null, afterId: string | undefined, limit: number) {
    return pageOf(this.replies, and<ThreadReplyModel>({ threadId, parentId }, visibility), afterId ? { _id: { $gt: afterId } } : null, { threadId: 1, parentId: 1, _id: 1 }, limit);
  }

  /**
   * The replies to several depth-1 replies of a thread in one query (a thread page lists them all),
   * oldest first per parent; at most `cap` rows, so the caller learns that the lists were cut.
   */
  childrenOf(threadId: string, parentIds: readonly string[], visibility: Filter<ThreadReplyModel> | null, cap: number): Promise<ThreadReplyModel[]> {
    return this.replies.find(and<ThreadReplyModel>({ threadId, parentId: { $in: [...parentIds] } }, visibility)).sort({ threadId: 1, parentId: 1, _id: 1 }).limit(cap).toArray();
  }

  // ---------------------------------------------------------------- reactions and follows

  /** Toggles a reaction; true when it is now on. Counts move by the one write that won. */
  async toggleReaction(doc: ReactionDocument, posts: 'threads' | 'replies'): Promise<boolean> {
    const collection = posts === 'threads' ? this.threads : this.replies;
    const field = `reactionCounts.${doc.reaction}`;
    if (await insertIfAbsent(this.reactions, doc)) {
      await (collection as typeof this.threads).updateOne({ _id: doc.postId }, { $inc: { [field]: 1 } });
      return true;
    }
    if ((await this.reactions.deleteOne({ _id: doc._id })).deletedCount === 1) {
      await (collection as typeof this.threads).updateOne({ _id: doc.postId }, { $inc: { [field]: -1 } });
    }
    return false;
  }

  follow(threadId: string, userId: string): Promise<boolean> {
    return insertIfAbsent(this.follows, { _id: `${threadId}:${userId}`, threadId, userId, createdAt: new Date() });
  }

  async unfollow(threadId: string, userId: string): Promise<boolean> {
    return (await this.follows.deleteOne({ _id: `${threadId}:${userId}` })).deletedCount === 1;
  }

  /** Read in batches by the notifier: a popular thread's followers are not held at once. */
  followersOf(threadId: string) {
    return this.follows.find({ threadId }, { projection: { userId: 1 } }).batchSize(500);
  }

}
