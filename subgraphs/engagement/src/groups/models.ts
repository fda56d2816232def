import type { WithOutbox } from '@lg/platform';
import type { StudyGroupVisibility } from '../generated/resolvers-types.ts';

export type { StudyGroupVisibility };

/** One member of a group, as stored (never changed once added: removed with `$pullAll` of this exact value). */
export interface GroupMemberEntry { userId: string; joinedAt: Date }
/** A pending join request, as stored (same rule). */
export interface JoinRequestEntry { userId: string; requestedAt: Date }

/**
 * A study group. Membership lives in the group's own document (`memberIds` for the guards and the
 * `mine` index, `members` for when each joined), so a join is one conditional update: the
 * capacity is never exceeded whatever the concurrency, without transactions.
 */
export interface StudyGroupDocument extends WithOutbox {
  _id: string;
  name: string;
  description: string;
  courseIds: string[];
  visibility: StudyGroupVisibility;
  capacity: number;
  ownerId: string;
  memberIds: string[];
  members: GroupMemberEntry[];
  memberCount: number;
  requestIds: string[];
  requests: JoinRequestEntry[];
  searchTerms: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** A group chat message: moderation's fields are null until a post is edited, deleted or hidden. */
export interface GroupMessageDocument extends WithOutbox {
  _id: string;
  groupId: string;
  authorId: string;
  body: string;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  hiddenAt: Date | null;
  hiddenReason: string | null;
}

/** An invite link: `_id` is the SHA-256 of its token (the token itself is never stored). */
export interface GroupInviteDocument extends WithOutbox {
  _id: string;
  groupId: string;
  inviterId: string;
  inviteeId: string | null;
  expiresAt: Date;
  createdAt: Date;
}

/**
 * Lessons a user completed in a course, learned from learning's LessonCompleted events (peer
 * matching). `_id` is `<courseId>:<userId>`.
 */
export interface LessonProgressDocument {
  _id: string;
  courseId: string;
  userId: string;
  lessonIds: string[];
  completed: number;
}
