import type { Resolvers } from '../generated/resolvers-types.ts';

const userRef = (id: string) => ({ __typename: 'User' as const, id });
const courseRef = (id: string) => ({ __typename: 'Course' as const, id });

/** Course members, teaching assistants and discussion threads; merged into the subgraph's resolvers. */
export const threadsResolvers: Resolvers = {
  Query: {
    thread: (_root, { id }, ctx) => ctx.threads.thread(ctx.viewer, id, ctx.loaders),
    threadReply: (_root, { id }, ctx) => ctx.threads.threadReply(ctx.viewer, id, ctx.loaders),
  },
  Mutation: {
    appointTeachingAssistant: (_root, { courseId, userId }, ctx) => ctx.threads.appointTeachingAssistant(ctx.viewer, courseId, userId, ctx.loaders),
    removeTeachingAssistant: (_root, { courseId, userId }, ctx) => ctx.threads.removeTeachingAssistant(ctx.viewer, courseId, userId, ctx.loaders),
    startThread: (_root, { input }, ctx) => ctx.threads.startThread(ctx.viewer, input, ctx.loaders),
    replyToThread: (_root, { threadId, body, parentId }, ctx) => ctx.threads.replyToThread(ctx.viewer, threadId, body, parentId, ctx.loaders),
    reactToPost: (_root, { kind, id, reaction }, ctx) => ctx.threads.reactToPost(ctx.viewer, kind, id, reaction, ctx.loaders),
    pinThread: (_root, { threadId, pinned }, ctx) => ctx.threads.pinThread(ctx.viewer, threadId, pinned, ctx.loaders),
    lockThread: (_root, { threadId, locked }, ctx) => ctx.threads.lockThread(ctx.viewer, threadId, locked, ctx.loaders),
    followThread: (_root, { threadId }, ctx) => ctx.threads.followThread(ctx.viewer, threadId, true, ctx.loaders),
    unfollowThread: (_root, { threadId }, ctx) => ctx.threads.followThread(ctx.viewer, threadId, false, ctx.loaders),
  },
  Course: {
    members: (course, { first, after, role }, ctx) => ctx.threads.courseMembers(ctx.viewer, course.id, first, after, role, ctx.loaders),
    threads: (course, { first, after }, ctx) => ctx.threads.courseThreads(ctx.viewer, course.id, first, after, ctx.loaders),
    viewerIsStaff: (course, _args, ctx) => ctx.threads.viewerIsStaff(ctx.viewer, course.id, ctx.loaders),
  },
  CourseMember: {
    user: (member) => userRef(member.userId),
  },
  Thread: {
    __resolveReference: (ref, ctx) => ctx.threads.threadReference(ctx.viewer, ref.id, ctx.loaders),
    id: (thread) => thread._id,
    course: (thread) => courseRef(thread.courseId),
    author: (thread) => userRef(thread.authorId),
    reactions: (thread, _args, ctx) => ctx.threads.reactionCounts(thread.reactionCounts),
    viewerReactions: (thread, _args, ctx) => ctx.threads.viewerReactions(ctx.viewer, thread._id, ctx.loaders),
    viewerFollows: (thread, _args, ctx) => ctx.threads.viewerFollows(ctx.viewer, thread._id, ctx.loaders),
    viewerBookmarked: (thread, _args, ctx) => ctx.bookmarks.viewerBookmarked(ctx.viewer, 'THREAD', thread._id, ctx.loaders),
    replies: (thread, { first, after }, ctx) => ctx.threads.replies(ctx.viewer, thread._id, thread.courseId, null, first, after, ctx.loaders),
  },
  ThreadReply: {
    __resolveReference: (ref, ctx) => ctx.threads.replyReference(ctx.viewer, ref.id, ctx.loaders),
    id: (reply) => reply._id,
    thread: (reply, _args, ctx) => ctx.threads.threadOf(ctx.viewer, reply, ctx.loaders),
    parent: (reply, _args, ctx) => ctx.threads.parent(ctx.viewer, reply, ctx.loaders),
    author: (reply) => userRef(reply.authorId),
    reactions: (reply, _args, ctx) => ctx.threads.reactionCounts(reply.reactionCounts),
    viewerReactions: (reply, _args, ctx) => ctx.threads.viewerReactions(ctx.viewer, reply._id, ctx.loaders),
    replies: (reply, { first, after }, ctx) =>
      reply.depth >= 2
        ? { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 }
        : ctx.threads.replies(ctx.viewer, reply.threadId, reply.courseId, reply._id, first, after, ctx.loaders),
  },
};
