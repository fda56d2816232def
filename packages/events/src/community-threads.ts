import { defineEvent, type PayloadOf } from '@lg/platform';
import { z } from 'zod';
import { id } from './fields.ts';

// Community threads live in the engagement subgraph (a sub-domain of it: see docs/architecture.md).
const producer = 'engagement';

const reaction = z.enum(['LIKE', 'HELPFUL', 'INSIGHTFUL', 'CELEBRATE', 'CONFUSED']);

/** aggregateId: the course; courseId; userId: the new teaching assistant; `by`: who appointed them. */
export const TeachingAssistantAppointed = defineEvent({
  type: 'TeachingAssistantAppointed', producer,
  refs: (d) => ({ aggregateId: d.courseId, courseId: d.courseId, userId: d.userId }),
  schema: z.object({ courseId: id, userId: id, by: id }),
});

/** aggregateId: the course; courseId; userId: the former teaching assistant; `by`: who removed them. */
export const TeachingAssistantRemoved = defineEvent({
  type: 'TeachingAssistantRemoved', producer,
  refs: (d) => ({ aggregateId: d.courseId, courseId: d.courseId, userId: d.userId }),
  schema: z.object({ courseId: id, userId: id, by: id }),
});

/** aggregateId: the thread; courseId; userId: its author. `mentionedUserIds`: course members named with `@displayName`. */
export const ThreadStarted = defineEvent({
  type: 'ThreadStarted', producer,
  refs: (d) => ({ aggregateId: d.threadId, courseId: d.courseId, userId: d.authorId }),
  schema: z.object({ threadId: id, courseId: id, authorId: id, title: z.string(), mentionedUserIds: z.array(id).max(20) }),
});

/**
 * aggregateId: the reply; courseId; userId: its author. The body is not carried: subscribers fetch
 * the reply by id. `mentionedUserIds`: course members named with `@displayName`.
 */
export const ThreadReplyPosted = defineEvent({
  type: 'ThreadReplyPosted', producer,
  refs: (d) => ({ aggregateId: d.replyId, courseId: d.courseId, userId: d.authorId }),
  schema: z.object({
    replyId: id, threadId: id, parentId: id.nullable(), courseId: id, authorId: id, threadTitle: z.string(), mentionedUserIds: z.array(id).max(20),
  }),
});

/** Staff pinned, unpinned, locked or unlocked a thread. aggregateId: the thread; courseId; userId: the staff member. */
export const ThreadModerated = defineEvent({
  type: 'ThreadModerated', producer,
  refs: (d) => ({ aggregateId: d.threadId, courseId: d.courseId, userId: d.by }),
  schema: z.object({ threadId: id, courseId: id, by: id, change: z.enum(['PINNED', 'UNPINNED', 'LOCKED', 'UNLOCKED']) }),
});

/** A reaction toggled on (`on`) or off. aggregateId: the post; courseId; userId: who reacted. */
export const PostReactionChanged = defineEvent({
  type: 'PostReactionChanged', producer,
  refs: (d) => ({ aggregateId: d.postId, courseId: d.courseId, userId: d.userId }),
  schema: z.object({ kind: z.enum(['THREAD', 'THREAD_REPLY']), postId: id, threadId: id, courseId: id, userId: id, reaction, on: z.boolean() }),
});

/** A user followed (`following`) or unfollowed a thread. aggregateId: the thread; courseId; userId: the follower. */
export const ThreadFollowChanged = defineEvent({
  type: 'ThreadFollowChanged', producer,
  refs: (d) => ({ aggregateId: d.threadId, courseId: d.courseId, userId: d.userId }),
  schema: z.object({ threadId: id, courseId: id, userId: id, following: z.boolean() }),
});

/** A user bookmarked (`bookmarked`) or unbookmarked a question or thread. aggregateId: the post; userId: its owner. */
export const BookmarkChanged = defineEvent({
  type: 'BookmarkChanged', producer,
  refs: (d) => ({ aggregateId: d.postId, courseId: d.courseId, userId: d.userId }),
  schema: z.object({ kind: z.enum(['QUESTION', 'THREAD']), postId: id, courseId: id, userId: id, bookmarked: z.boolean() }),
});

export type TeachingAssistantChangedData = PayloadOf<typeof TeachingAssistantAppointed>;
export type ThreadStartedData = PayloadOf<typeof ThreadStarted>;
export type ThreadReplyPostedData = PayloadOf<typeof ThreadReplyPosted>;
export type ThreadModeratedData = PayloadOf<typeof ThreadModerated>;
export type PostReactionChangedData = PayloadOf<typeof PostReactionChanged>;
export type ThreadFollowChangedData = PayloadOf<typeof ThreadFollowChanged>;
export type BookmarkChangedData = PayloadOf<typeof BookmarkChanged>;

export const communityThreadsEvents = [
  TeachingAssistantAppointed, TeachingAssistantRemoved, ThreadStarted, ThreadReplyPosted, ThreadModerated, PostReactionChanged, ThreadFollowChanged,
  BookmarkChanged,
];
