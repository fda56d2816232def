import { defineEvent, type PayloadOf } from '@lg/platform';
import { z } from 'zod';
import { id } from './fields.ts';

const producer = 'engagement';

/** Every kind of post moderation acts on; the GraphQL enum PostKind spells the same values. */
export const postKind = z.enum(['QUESTION', 'ANSWER', 'CHAT_MESSAGE', 'THREAD', 'THREAD_REPLY', 'GROUP_MESSAGE', 'DIRECT_MESSAGE']);
export const reportAction = z.enum(['DISMISS', 'HIDE', 'DELETE']);

// Where a post lives: a course (Q&A, chat, threads), a study group or a conversation. Subscribers
// of a course's live streams are matched by courseId, so it is in the refs when there is one.
const where = { courseId: id.nullable(), groupId: id.nullable().optional(), conversationId: id.nullable().optional() };
const postRefs = (d: { postId: string; courseId: string | null }, userId: string) => ({ aggregateId: d.postId, courseId: d.courseId ?? undefined, userId });

/**
 * The author edited their post (the body is not carried: readers fetch the post). aggregateId: the
 * post; userId: the author. `mentionedUserIds`: course members the edit names with `@displayName`
 * who were not named before it (posts that take mentions: threads and their replies).
 */
export const PostEdited = defineEvent({
  type: 'PostEdited', producer,
  refs: (d) => postRefs(d, d.authorId),
  schema: z.object({ kind: postKind, postId: id, authorId: id, ...where, mentionedUserIds: z.array(id).max(20).optional() }),
});

/** A post was soft-deleted, by its author or by staff resolving a report. userId: who deleted it. */
export const PostDeleted = defineEvent({
  type: 'PostDeleted', producer,
  refs: (d) => postRefs(d, d.deletedBy),
  schema: z.object({ kind: postKind, postId: id, authorId: id, deletedBy: id, ...where }),
});

/** Staff hid a post with a reason: gone for everyone but its author and staff. userId: the moderator. */
export const PostHidden = defineEvent({
  type: 'PostHidden', producer,
  refs: (d) => postRefs(d, d.hiddenBy),
  schema: z.object({ kind: postKind, postId: id, authorId: id, hiddenBy: id, reason: z.string(), ...where }),
});

/** Staff showed a hidden post again. userId: the moderator. */
export const PostUnhidden = defineEvent({
  type: 'PostUnhidden', producer,
  refs: (d) => postRefs(d, d.unhiddenBy),
  schema: z.object({ kind: postKind, postId: id, authorId: id, unhiddenBy: id, ...where }),
});

/** Someone reported a post to its staff. aggregateId: the report; userId: the reporter. */
export const PostReported = defineEvent({
  type: 'PostReported', producer,
  refs: (d) => ({ aggregateId: d.reportId, courseId: d.courseId ?? undefined, userId: d.reporterId }),
  schema: z.object({ reportId: id, kind: postKind, postId: id, reporterId: id, ...where }),
});

/** Staff resolved a report. aggregateId: the report; userId: the moderator. */
export const ReportResolved = defineEvent({
  type: 'ReportResolved', producer,
  refs: (d) => ({ aggregateId: d.reportId, courseId: d.courseId ?? undefined, userId: d.resolvedBy }),
  schema: z.object({ reportId: id, kind: postKind, postId: id, resolvedBy: id, action: reportAction, ...where }),
});

export type PostEditedData = PayloadOf<typeof PostEdited>;
export type PostDeletedData = PayloadOf<typeof PostDeleted>;
export type PostHiddenData = PayloadOf<typeof PostHidden>;
export type PostUnhiddenData = PayloadOf<typeof PostUnhidden>;
export type PostReportedData = PayloadOf<typeof PostReported>;
export type ReportResolvedData = PayloadOf<typeof ReportResolved>;

/** The changes to a post that its readers hear live (postChanged). */
export const POST_CHANGE_EVENTS = [PostEdited, PostDeleted, PostHidden, PostUnhidden] as const;

export const communityModerationEvents = [PostEdited, PostDeleted, PostHidden, PostUnhidden, PostReported, ReportResolved];
