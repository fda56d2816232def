import type { DomainEvent, EntityReference, WithOutbox } from '@lg/platform';
import type { CourseRole, NotificationKind, PostChangeKind, PostKind, QuestionOrder, Reaction, ReportAction } from './generated/resolvers-types.ts';

export type { CourseRole, NotificationKind, PostChangeKind, PostKind, QuestionOrder, Reaction, ReportAction };
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

// ---------------------------------------------------------------- threads (community)

/**
 * What every community post stores for moderation (see docs/architecture.md): null by default;
 * deleted and hidden posts are shown only to their author and the course's staff.
 */
export interface ModeratedPost {
  editedAt: Date | null;
  deletedAt: Date | null;
  hiddenAt: Date | null;
  hiddenReason: string | null;
}

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

/** Reaction counts kept on a post by `$inc` of each toggle; absent keys are 0. */
export type ReactionCounts = Partial<Record<Reaction, number>>;

export interface ThreadModel extends WithOutbox, ModeratedPost {
  _id: string;
  courseId: string;
  authorId: string;
  title: string;
  /** The Markdown as written, and its sanitised HTML rendered once at write time. */
  body: string;
  bodyHtml: string;
  pinned: boolean;
  locked: boolean;
  /**
   * Replies accepted, at both levels: a reply is accepted by the same conditional write
   * (`locked: false`) that counts it, so no reply is accepted once a lock is committed.
   */
  replyCount: number;
  /** replyCount at the moment the lock was committed (null while unlocked): what the lock race test checks. */
  lockedAtReplyCount: number | null;
  /**
   * Replies accepted (counted) but perhaps not stored yet: written by the accepting write itself,
   * removed once the reply is stored, so a crash in between loses no accepted reply (start-up stores them).
   */
  pendingReplies?: Omit<ThreadReplyModel, 'seq'>[];
  lastActivityAt: Date;
  reactionCounts: ReactionCounts;
  createdAt: Date;
}

export interface ThreadReplyModel extends WithOutbox, ModeratedPost {
  _id: string;
  threadId: string;
  /** Copied from the thread so that membership is checked without reading it. */
  courseId: string;
  /** The depth-1 reply this one answers; null at depth 1. */
  parentId: string | null;
  depth: 1 | 2;
  /** The thread's replyCount that accepted this reply: 1, 2, … in acceptance order (0: stored at start-up after a crash). */
  seq: number;
  authorId: string;
  body: string;
  bodyHtml: string;
  reactionCounts: ReactionCounts;
  createdAt: Date;
}

/** A teaching assistant of a course: `_id` is `<courseId>:<userId>`. */
export interface TeachingAssistantDocument extends WithOutbox {
  _id: string;
  courseId: string;
  userId: string;
  appointedBy: string;
  appointedAt: Date;
}

/** Projection of identity's users: the display name that member cards show and `@mentions` match. */
export interface PersonProjection {
  _id: string;
  displayName: string;
  updatedAt: Date;
}

/** One member of one course as a profile card shows it. */
export interface CourseMemberModel {
  userId: string;
  displayName: string;
  role: CourseRole;
  since: Date | null;
}

/** A user's reaction to a post: `_id` is `<postId>:<userId>:<reaction>`; there or not (a toggle). */
export interface ReactionDocument {
  _id: string;
  kind: 'THREAD' | 'THREAD_REPLY';
  postId: string;
  userId: string;
  reaction: Reaction;
  createdAt: Date;
}

/** A user following a thread: `_id` is `<threadId>:<userId>`. */
export interface FollowDocument {
  _id: string;
  threadId: string;
  userId: string;
  createdAt: Date;
}

export interface BookmarkModel extends WithOutbox {
  /** `<userId>:<kind>:<postId>`: one bookmark per user and post. */
  _id: string;
  userId: string;
  kind: 'QUESTION' | 'THREAD';
  postId: string;
  courseId: string;
  createdAt: Date;
}

export type CourseMemberEdgeModel = EdgeOf<CourseMemberModel>;
export type ThreadEdgeModel = EdgeOf<ThreadModel>;
export type ThreadReplyEdgeModel = EdgeOf<ThreadReplyModel>;
export type BookmarkEdgeModel = EdgeOf<BookmarkModel>;
export type CourseMemberConnectionModel = ConnectionOf<CourseMemberModel>;
export type ThreadConnectionModel = ConnectionOf<ThreadModel>;
export type ThreadReplyConnectionModel = ConnectionOf<ThreadReplyModel>;
export type BookmarkConnectionModel = ConnectionOf<BookmarkModel>;
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
