import DataLoader from 'dataloader';
import type { Collection, Filter, Sort } from 'mongodb';
import { byIds, pageOf, MongoRepository, idTime, insertIfAbsent, isDuplicateKey, pushToOutbox, type CollectionIndexes, type DomainEvent } from '@lg/platform';
import type {
  AnswerModel, ChatMessageModel, CourseProjection, MembershipProjection, Moderated, NotificationModel, PendingScoreMove, QuestionModel, QuestionOrder, VoteDocument, VoteTarget,
} from './models.ts';

export const QUESTIONS = 'engagement_questions';
export const ANSWERS = 'engagement_answers';
export const CHAT_MESSAGES = 'engagement_chat_messages';
export const VOTES = 'engagement_votes';
export const NOTIFICATIONS = 'engagement_notifications';
export const COURSES = 'engagement_courses';
export const MEMBERSHIPS = 'engagement_memberships';

export const engagementIndexes: CollectionIndexes[] = [
  {
    collection: QUESTIONS,
    indexes: [
      // One per order of Course.questions; `_id` (UUID v7) is the time order and the tie-breaker.
      { key: { courseId: 1, _id: -1 }, name: 'course_newest' },
      { key: { courseId: 1, voteScore: -1, _id: -1 }, name: 'course_top' },
      { key: { courseId: 1, answerCount: 1, _id: -1 }, name: 'course_unanswered' },
    ],
  },
  {
    collection: ANSWERS,
    indexes: [
      { key: { questionId: 1, _id: 1 }, name: 'question_oldest' },
      { key: { counted: 1 }, name: 'counted' },
    ],
  },
  { collection: CHAT_MESSAGES, indexes: [{ key: { courseId: 1, _id: -1 }, name: 'course_newest' }] },
  {
    collection: VOTES,
    indexes: [
      { key: { targetId: 1 }, name: 'target' },
      // Start-up looks for votes still owing a score move (no sparse index: FerretDB's floor).
      { key: { 'pending.op': 1 }, name: 'pending' },
    ],
  },
  {
    collection: NOTIFICATIONS,
    indexes: [
      { key: { sourceEventId: 1, userId: 1 }, name: 'source_event_unique', unique: true },
      { key: { userId: 1, _id: -1 }, name: 'owner_newest' },
      { key: { userId: 1, read: 1, _id: -1 }, name: 'owner_unread_newest' },
    ],
  },
  { collection: MEMBERSHIPS, indexes: [{ key: { userId: 1 }, name: 'user' }] },
];

/** Where a page starts: after the row with this sort key (see the service's cursors). */
export type QuestionPageKey = { order: 'NEWEST' | 'UNANSWERED'; id: string } | { order: 'TOP'; score: number; id: string };

const QUESTION_SORT: Record<QuestionOrder, Sort> = {
  NEWEST: { _id: -1 },
  TOP: { voteScore: -1, _id: -1 },
  UNANSWERED: { _id: -1 },
};

export const voteId = (targetId: string, userId: string) => `${targetId}:${userId}`;

/** How long a target remembers the score moves applied to it (far longer than any request runs). */
const SCORE_MOVE_MEMORY_MS = 60 * 60_000;

/** What questions and answers share as targets of votes. */
type VoteTargetDocument = { _id: string; voteScore: number; voteOps?: string[]; outbox?: DomainEvent[] };
export const membershipId = (courseId: string, userId: string) => `${courseId}:${userId}`;


/**
 * An upsert that lost an insert race to the same upsert (two instances of a consumer on MongoDB)
 * is retried once: by then the document exists and the update applies to it.
 */
async function ignoringRacedInsert(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    await write();
  }
}

/** What a visibility filter reads of a post. */
export type Authored = Moderated & { _id: string; authorId: string };

/** A list's filter narrowed to the posts the viewer sees (moderation's visiblePostsFilter). */
function withVisible<T>(filter: Filter<T>, visible: Filter<Authored>): Filter<T> {
  return Object.keys(visible).length === 0 ? filter : ({ $and: [filter, visible] } as Filter<T>);
}

/** All MongoDB access of the engagement subgraph. */
export class EngagementRepository extends MongoRepository {
  readonly questions = this.db.collection<QuestionModel>(QUESTIONS);
  readonly answers = this.db.collection<AnswerModel>(ANSWERS);
  readonly chatMessages = this.db.collection<ChatMessageModel>(CHAT_MESSAGES);
  readonly votes = this.db.collection<VoteDocument>(VOTES);
  readonly notifications = this.db.collection<NotificationModel>(NOTIFICATIONS);
  readonly courses = this.db.collection<CourseProjection>(COURSES);
  readonly memberships = this.db.collection<MembershipProjection>(MEMBERSHIPS);

  // ---------------------------------------------------------------- per-request loaders

  private byId<T extends { _id: string }>(collection: Collection<T>): DataLoader<string, T | null> {
    return new DataLoader(async (ids) => {
      const found = (await collection.find(byIds(ids) as Filter<T>).toArray()) as T[];
      const byId = new Map(found.map((doc) => [doc._id, doc]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  questionLoader = () => this.byId(this.questions);
  answerLoader = () => this.byId(this.answers);
  courseLoader = () => this.byId(this.courses);

  /** Whether `userId` is enrolled, by course id: every course on a page in one query. */
  enrolledLoader(userId: string): DataLoader<string, boolean> {
    return new DataLoader(async (courseIds) => {
      const found = await this.memberships.find(byIds(courseIds.map((c) => membershipId(c, userId))), { projection: { courseId: 1 } }).toArray();
      const enrolled = new Set(found.map((m) => m.courseId));
      return courseIds.map((id) => enrolled.has(id));
    });
  }

  /** Which of `userIds` are enrolled in at least one of `courseIds`: one read for all of them. */
  async enrolledAmong(courseIds: readonly string[], userIds: readonly string[]): Promise<Set<string>> {
    if (courseIds.length === 0 || userIds.length === 0) return new Set();
    const ids = courseIds.flatMap((c) => userIds.map((u) => membershipId(c, u)));
    const found = await this.memberships.find(byIds(ids), { projection: { userId: 1 } }).toArray();
    return new Set(found.map((m) => m.userId));
  }

  /** `userId`'s vote by target id (0 without one): every question or answer on a page in one query. */
  voteLoader(userId: string): DataLoader<string, number> {
    return new DataLoader(async (targetIds) => {
      const found = await this.votes.find(byIds(targetIds.map((t) => voteId(t, userId)))).toArray();
      const byTarget = new Map(found.map((v) => [v.targetId, v.value]));
      return targetIds.map((id) => byTarget.get(id) ?? 0);
    });
  }

  // ---------------------------------------------------------------- questions and answers

  async insertQuestion(question: QuestionModel): Promise<void> {
    await this.questions.insertOne(question);
  }

  findQuestion(id: string): Promise<QuestionModel | null> {
    return this.questions.findOne({ _id: id });
  }

  /** `visible`: which moderated questions the viewer sees (moderation/repository.ts visiblePostsFilter). */
  questionsPage(courseId: string, order: QuestionOrder, after: QuestionPageKey | undefined, limit: number, visible: Filter<Authored> = {}) {
    const filter = withVisible<QuestionModel>(order === 'UNANSWERED' ? { courseId, answerCount: 0 } : { courseId }, visible);
    let pageFilter: Filter<QuestionModel> | null = null;
    if (after?.order === 'TOP') pageFilter = { $or: [{ voteScore: { $lt: after.score } }, { voteScore: after.score, _id: { $lt: after.id } }] };
    else if (after) pageFilter = { _id: { $lt: after.id } };
    return pageOf(this.questions, filter, pageFilter, QUESTION_SORT[order], limit);
  }

  async insertAnswer(answer: AnswerModel): Promise<void> {
    await this.answers.insertOne(answer);
  }

  findAnswer(id: string): Promise<AnswerModel | null> {
    return this.answers.findOne({ _id: id });
  }

  /**
   * The second step of posting an answer: counts it on its question once (guarded by the answer's
   * id in `answerIds`), then marks the answer counted. Safe to repeat after a crash in between.
   */
  async countAnswer(questionId: string, answerId: string): Promise<void> {
    await this.questions.updateOne(
      { _id: questionId, answerIds: { $ne: answerId } },
      { $push: { answerIds: answerId }, $inc: { answerCount: 1 }, $set: { updatedAt: new Date() } },
    );
    await this.answers.updateOne({ _id: answerId }, { $set: { counted: true } });
  }

  uncountedAnswers(): Promise<AnswerModel[]> {
    return this.answers.find({ counted: false }).toArray();
  }

  answersPage(questionId: string, afterId: string | undefined, limit: number, visible: Filter<Authored> = {}) {
    return pageOf(this.answers, withVisible<AnswerModel>({ questionId }, visible), afterId ? { _id: { $gt: afterId } } : null, { _id: 1 }, limit);
  }

  /**
   * Accepts `answerId` only if the accepted answer is still `expected` (what the caller read), so
   * that the event names exactly the answer it replaced; null when someone changed it in between.
   */
  accept(questionId: string, expected: string | null, answerId: string, event: DomainEvent): Promise<QuestionModel | null> {
    return this.questions.findOneAndUpdate(
      { _id: questionId, acceptedAnswerId: expected },
      { $set: { acceptedAnswerId: answerId, updatedAt: new Date() }, $push: pushToOutbox(event) },
      { returnDocument: 'after' },
    );
  }

  // ---------------------------------------------------------------- votes

  findVote(targetId: string, userId: string): Promise<VoteDocument | null> {
    return this.votes.findOne({ _id: voteId(targetId, userId) });
  }

  /**
   * Sets `userId`'s vote on a target to `value` together with the score move it owes, if the vote
   * is still `expected` (null: there is none yet) and owes nothing. False when another write came
   * first: the caller reads the vote again and retries.
   */
  async recordVote(target: VoteTarget, targetId: string, userId: string, expected: VoteDocument | null, value: -1 | 0 | 1, pending: PendingScoreMove): Promise<boolean> {
    const _id = voteId(targetId, userId);
    const updatedAt = new Date();
    if (!expected) {
      return insertIfAbsent(this.votes, { _id, target, targetId, userId, value, pending, updatedAt });
    }
    const result = await this.votes.updateOne({ _id, value: expected.value, pending: { $exists: false } }, { $set: { value, pending, updatedAt } });
    return result.modifiedCount === 1;
  }

  /**
   * Moves a vote's target by its pending delta, once: the move's op id (and its event, into the
   * target's outbox) is recorded on the target in the same write, and a target that holds it
   * already is not moved again. Then the vote's debt is
   * cleared. Op ids stay on the target for SCORE_MOVE_MEMORY, so that a request of the same user
   * that read the debt before it was cleared cannot apply it again; older ones are dropped.
   */
  async applyScoreMove(vote: Pick<VoteDocument, '_id' | 'target' | 'targetId'>, move: PendingScoreMove): Promise<void> {
    const collection = this.voteTargets(vote.target);
    if (move.delta !== 0) {
      const moved = await collection.findOneAndUpdate(
        { _id: vote.targetId, voteOps: { $ne: move.op } },
        { $inc: { voteScore: move.delta }, $push: { voteOps: move.op, ...(move.event ? pushToOutbox(move.event) : {}) } },
        // No projection: FerretDB 1.24's findAndModify does not take one.
        { returnDocument: 'after' },
      );
      const forgotten = (moved?.voteOps ?? []).filter((op) => idTime(op) < Date.now() - SCORE_MOVE_MEMORY_MS);
      if (forgotten.length > 0) await collection.updateOne({ _id: vote.targetId }, { $pullAll: { voteOps: forgotten } });
    }
    await this.votes.updateOne({ _id: vote._id, 'pending.op': move.op }, { $unset: { pending: '' } });
  }

  /** Votes whose score move a crash may have left unfinished (or that a live request is finishing). */
  pendingVotes(): Promise<VoteDocument[]> {
    return this.votes.find({ pending: { $exists: true } }).toArray();
  }

  findVoteTarget<T extends QuestionModel | AnswerModel>(target: VoteTarget, targetId: string): Promise<T | null> {
    return this.voteTargets(target).findOne({ _id: targetId }) as Promise<T | null>;
  }

  private voteTargets(target: VoteTarget): Collection<VoteTargetDocument> {
    return (target === 'QUESTION' ? this.questions : this.answers) as unknown as Collection<VoteTargetDocument>;
  }

  /** The sum of the stored votes on a target: what its voteScore must equal (tests, repairs). */
  async sumOfVotes(targetId: string): Promise<number> {
    const votes = await this.votes.find({ targetId }, { projection: { value: 1 } }).toArray();
    return votes.reduce((sum, v) => sum + v.value, 0);
  }

  // ---------------------------------------------------------------- chat

  async insertChatMessage(message: ChatMessageModel): Promise<void> {
    await this.chatMessages.insertOne(message);
  }

  findChatMessage(id: string): Promise<ChatMessageModel | null> {
    return this.chatMessages.findOne({ _id: id });
  }

  /** Newest first from before `beforeId`: the caller turns the page around. */
  chatPage(courseId: string, beforeId: string | undefined, limit: number, visible: Filter<Authored> = {}) {
    return pageOf(this.chatMessages, withVisible<ChatMessageModel>({ courseId }, visible), beforeId ? { _id: { $lt: beforeId } } : null, { _id: -1 }, limit);
  }

  // ---------------------------------------------------------------- notifications

  /** False when a notification for that source event and owner already exists (a replayed event). */
  insertNotification(notification: NotificationModel): Promise<boolean> {
    return insertIfAbsent(this.notifications, notification);
  }

  findNotification(id: string): Promise<NotificationModel | null> {
    return this.notifications.findOne({ _id: id });
  }

  notificationsPage(userId: string, unreadOnly: boolean, afterId: string | undefined, limit: number) {
    const filter: Filter<NotificationModel> = unreadOnly ? { userId, read: false } : { userId };
    return pageOf(this.notifications, filter, afterId ? { _id: { $lt: afterId } } : null, { _id: -1 }, limit);
  }

  /** The one unread notification of a conversation's direct messages a user may have. */
  unreadConversationNotification(userId: string, conversationId: string): Promise<NotificationModel | null> {
    return this.notifications.findOne({ userId, read: false, kind: 'DIRECT_MESSAGE', conversationId });
  }

  /** Only `userId`'s own unread ones change; returns how many did. */
  async markRead(userId: string, ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.notifications.updateMany({ _id: { $in: ids }, userId, read: false }, { $set: { read: true, readAt: new Date() } });
    return result.modifiedCount;
  }

  // ---------------------------------------------------------------- projections

  async upsertCourse(courseId: string, set: Partial<Omit<CourseProjection, '_id'>>): Promise<void> {
    await ignoringRacedInsert(() => this.courses.updateOne({ _id: courseId }, { $set: { ...set, updatedAt: new Date() } }, { upsert: true }));
  }

  async upsertMembership(membership: MembershipProjection): Promise<void> {
    const { _id, ...fields } = membership;
    // The first enrolment recorded stays: a replay or a second event for the pair changes nothing.
    await ignoringRacedInsert(() => this.memberships.updateOne({ _id }, { $setOnInsert: fields }, { upsert: true }));
  }

  /** Takes away the membership `enrollmentId` made; one made by another enrolment stays. */
  async removeMembership(id: string, enrollmentId: string): Promise<void> {
    await this.memberships.deleteOne({ _id: id, enrollmentId });
  }

  async clearProjections(): Promise<void> {
    await this.courses.deleteMany({});
    await this.memberships.deleteMany({});
  }
}
