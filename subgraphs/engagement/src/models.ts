import type { DomainEvent, EntityReference, WithOutbox } from '@lg/platform';
import type { NotificationKind, PostChangeKind, PostKind, QuestionOrder, ReportAction } from './generated/resolvers-types.ts';

export type { NotificationKind, PostChangeKind, PostKind, QuestionOrder, ReportAction };
export type VoteTarget = 'QUESTION' | 'ANSWER';

/** A Course reference; catalog resolves it. */
export type CourseModel = EntityReference<'Course'>;

/** A User reference; identity resolves it. */
export type UserModel = EntityReference<'User'>;

/**
 * What every post kind stores for moderation (see moderation/post-kinds.ts): all null (or absent,
 * on posts from before moderation) by default.
 */
export interface Moderated {
  editedAt?: Date | null;
  /** Soft delete: the text is erased and the post is gone for everyone. */
  deletedAt?: Date | null;
  hiddenAt?: Date | null;
  hiddenReason?: string | null;
  hiddenBy?: string | null;
}

export interface QuestionModel extends WithOutbox, ScoreMoves, Moderated {
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

export interface AnswerModel extends WithOutbox, ScoreMoves, Moderated {
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

export interface ChatMessageModel extends WithOutbox, Moderated {
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

// ---------------------------------------------------------------- moderation


/** A change to a post, built from the id postChanged delivers (`<change>:<kind>:<postId>`); nothing stored. */
export interface PostChangeModel {
  id: string;
  kind: PostKind;
  postId: string;
  change: PostChangeKind;
  courseId: string | null;
}

/** One user's report of one post: `_id` is `<kind>:<postId>:<reporterId>`, so there is only ever one. */
export interface PostReportModel extends WithOutbox {
  _id: string;
  /** The report's own id (UUID v7: time order), what the API shows. */
  reportId: string;
  kind: PostKind;
  postId: string;
  courseId: string | null;
  reporterId: string;
  reason: string;
  status: 'OPEN' | 'RESOLVED';
  createdAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  resolution: ReportAction | null;
  note: string | null;
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
export type PostReportEdgeModel = EdgeOf<PostReportModel>;
export type QuestionConnectionModel = ConnectionOf<QuestionModel>;
export type AnswerConnectionModel = ConnectionOf<AnswerModel>;
export type ChatMessageConnectionModel = ConnectionOf<ChatMessageModel>;
export type NotificationConnectionModel = ConnectionOf<NotificationModel>;
export type PostReportConnectionModel = ConnectionOf<PostReportModel>;
