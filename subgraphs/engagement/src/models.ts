import type { DomainEvent, EntityReference, WithOutbox } from '@lg/platform';
import type { NotificationKind, QuestionOrder } from './generated/resolvers-types.ts';

export type { NotificationKind, QuestionOrder };
export type VoteTarget = 'QUESTION' | 'ANSWER';

/** A Course reference; catalog resolves it. */
export type CourseModel = EntityReference<'Course'>;

/** A User reference; identity resolves it. */
export type UserModel = EntityReference<'User'>;

export interface QuestionModel extends WithOutbox, ScoreMoves {
  _id: string;
  courseId: string;
  authorId: string;
  title: string;
  body: string;
  /** The sum of the stored votes on this question, kept by `$inc` of each vote's exact delta. */
  voteScore: number;
  answerCount: number;
  /**
   * The answers counted in `answerCount`: counting is conditional on the id not being here yet, so
   * finishing an interrupted answer (see AnswerModel.counted) never counts it twice.
   */
  answerIds: string[];
  acceptedAnswerId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface AnswerModel extends WithOutbox, ScoreMoves {
  _id: string;
  questionId: string;
  /** Copied from the question so that membership is checked without reading it. */
  courseId: string;
  authorId: string;
  body: string;
  voteScore: number;
  /** False until the question's answerCount includes this answer; start-up finishes what a crash left. */
  counted: boolean;
  createdAt: Date;
}

export interface ChatMessageModel extends WithOutbox {
  _id: string;
  courseId: string;
  authorId: string;
  body: string;
  createdAt: Date;
}

/**
 * One user's vote on one question or answer: `_id` is `<targetId>:<userId>`, so there is only ever
 * one. A vote taken back stays with value 0. `pending` is the score move this vote still owes its
 * target: written with the new value, cleared once the target has moved (see VotesService.vote).
 */
export interface VoteDocument {
  _id: string;
  target: VoteTarget;
  targetId: string;
  userId: string;
  value: -1 | 0 | 1;
  pending?: PendingScoreMove;
  updatedAt: Date;
}

/** A move of a target's voteScore by `delta`, applied at most once thanks to its `op` id. */
export interface PendingScoreMove {
  op: string;
  delta: number;
  /**
   * The VoteChanged this move logs: put in the target's outbox by the same write that moves its
   * score, so a vote and its event are never apart. Absent on moves owed from before votes had events.
   */
  event?: DomainEvent;
}

/** Kept on questions and answers: the score moves applied whose vote has not yet been told so. */
export interface ScoreMoves {
  voteOps?: string[];
}

export interface NotificationModel extends WithOutbox {
  _id: string;
  /** The owner: the only user who sees it. */
  userId: string;
  kind: NotificationKind;
  message: string;
  read: boolean;
  /** The event it was made from; unique with `userId`, so replaying that event makes nothing new. */
  sourceEventId: string;
  courseId: string | null;
  createdAt: Date;
  readAt: Date | null;
  /** DIRECT_MESSAGE: the conversation it collapses, and how many messages it counts. */
  conversationId?: string;
  count?: number;
}

/** Projection of catalog's courses: who instructs each one. `_id` is the course id. */
export interface CourseProjection {
  _id: string;
  instructorId: string;
  status: string;
  title: string;
  updatedAt: Date;
}

/** Projection of learning's enrolments: `_id` is `<courseId>:<userId>`. */
export interface MembershipProjection {
  _id: string;
  courseId: string;
  userId: string;
  enrollmentId: string;
  source: string;
  orderId: string | null;
  enrolledAt: Date;
}

interface EdgeOf<T> {
  cursor: string;
  node: T;
}

interface ConnectionOf<T> {
  edges: EdgeOf<T>[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export type QuestionEdgeModel = EdgeOf<QuestionModel>;
export type AnswerEdgeModel = EdgeOf<AnswerModel>;
export type ChatMessageEdgeModel = EdgeOf<ChatMessageModel>;
export type NotificationEdgeModel = EdgeOf<NotificationModel>;
export type QuestionConnectionModel = ConnectionOf<QuestionModel>;
export type AnswerConnectionModel = ConnectionOf<AnswerModel>;
export type ChatMessageConnectionModel = ConnectionOf<ChatMessageModel>;
export type NotificationConnectionModel = ConnectionOf<NotificationModel>;

// ── Messages ─────

/** How far one participant has read: `count` messages (their own count as read), marked at `at`. */
export interface ReadMark { count: number; at: Date | null }

export interface DirectConversationModel extends WithOutbox {
  _id: string;
  /** The sorted participant ids joined by commas: one conversation per set of people (unique index). */
  key: string;
  participantIds: string[];
  /** Messages sent so far: each message's `seq` is its number here. */
  messageCount: number;
  /** By `readKey(userId)`: keys that never start with a digit, so that dotted update paths stay field names. */
  reads: Record<string, ReadMark>;
  lastMessageId: string | null;
  lastMessageAt: Date;
  createdAt: Date;
}

export interface DirectMessageModel extends WithOutbox {
  _id: string;
  conversationId: string;
  authorId: string;
  body: string;
  /** Its number in the conversation (1 for the first): read receipts compare it with each participant's read count. */
  seq: number;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  hiddenAt: Date | null;
  hiddenReason: string | null;
}

/** A participant as the conversation shows them; the parent of ConversationParticipant. */
export interface ConversationParticipantModel { userId: string; lastReadAt: Date | null }

/** A typing signal decoded from its id: never stored. */
export interface TypingIndicatorModel { conversationId: string; userId: string; at: Date }

/** The users one user blocked: `_id` is the blocker, so each block and unblock is one write with its event. */
export interface BlockListDocument extends WithOutbox { blockedIds: string[]; updatedAt?: Date }

export type DirectMessageEdgeModel = EdgeOf<DirectMessageModel>;
export type DirectMessageConnectionModel = ConnectionOf<DirectMessageModel>;
export type DirectConversationEdgeModel = EdgeOf<DirectConversationModel>;
export type DirectConversationConnectionModel = ConnectionOf<DirectConversationModel>;

// ── Presence ─────

export interface PresenceModel { online: string[]; onlineCount: number }

/** A presence change decoded from its id: never stored. */
export interface PresenceChangeModel { courseId: string | null; groupId: string | null; userId: string; online: boolean; at: Date }
