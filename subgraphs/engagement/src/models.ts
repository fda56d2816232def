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

// ── Groups and calendar: their documents live with their sub-domains; the GraphQL parents are named here for codegen.
import type { GroupInviteDocument, GroupMemberEntry, GroupMessageDocument, JoinRequestEntry, StudyGroupDocument } from './groups/models.ts';
import type { CommunityEventDocument } from './calendar/models.ts';

export type StudyGroupModel = StudyGroupDocument;
export type GroupMessageModel = GroupMessageDocument;
export type StudyGroupMemberModel = GroupMemberEntry & { group: StudyGroupDocument };
export type StudyGroupJoinRequestModel = JoinRequestEntry;
export interface StudyGroupInviteModel { token: string; invite: GroupInviteDocument }
export interface SuggestedStudyGroupModel { group: StudyGroupDocument; score: number; sharedCourses: number; membersLessonsCompleted: number; viewerLessonsCompleted: number }
export type StudyGroupEdgeModel = EdgeOf<StudyGroupDocument>;
export type StudyGroupConnectionModel = ConnectionOf<StudyGroupDocument>;
export type StudyGroupMemberEdgeModel = EdgeOf<StudyGroupMemberModel>;
export type StudyGroupMemberConnectionModel = ConnectionOf<StudyGroupMemberModel>;
export type StudyGroupJoinRequestEdgeModel = EdgeOf<JoinRequestEntry>;
export type StudyGroupJoinRequestConnectionModel = ConnectionOf<JoinRequestEntry>;
export type GroupMessageEdgeModel = EdgeOf<GroupMessageDocument>;
export type GroupMessageConnectionModel = ConnectionOf<GroupMessageDocument>;
export type CommunityEventModel = CommunityEventDocument;
export type CommunityEventEdgeModel = EdgeOf<CommunityEventDocument>;
export type CommunityEventConnectionModel = ConnectionOf<CommunityEventDocument>;
