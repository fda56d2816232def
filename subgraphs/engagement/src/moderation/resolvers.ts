import type { AnswerModel, ChatMessageModel, DirectMessageModel, GroupMessageModel, QuestionModel, ThreadModel, ThreadReplyModel } from '../models.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';
import type { TypedPost } from './service.ts';

const userRef = (id: string) => ({ __typename: 'User' as const, id });

/** A moderated post as the Post union's parent: its stored document, tagged with its GraphQL type. */
const asPost = (post: TypedPost) => post as unknown as QuestionModel | AnswerModel | ChatMessageModel | ThreadModel | ThreadReplyModel | DirectMessageModel;

export const moderationResolvers: Resolvers = {
  Query: {
    moderationQueue: (_root, { courseId, status, first, after }, ctx) => ctx.moderation.moderationQueue(ctx.viewer, courseId, status, first, after, ctx.loaders),
    postChange: (_root, { id }, ctx) => ctx.moderation.postChange(ctx.viewer, id, ctx.loaders),
  },
  Mutation: {
    editPost: async (_root, { input }, ctx) => asPost(await ctx.moderation.editPost(ctx.viewer, input, ctx.loaders)),
    deletePost: (_root, { input }, ctx) => ctx.moderation.deletePost(ctx.viewer, input, ctx.loaders),
    hidePost: async (_root, { input }, ctx) => asPost(await ctx.moderation.hidePost(ctx.viewer, input, ctx.loaders)),
    unhidePost: async (_root, { input }, ctx) => asPost(await ctx.moderation.unhidePost(ctx.viewer, input, ctx.loaders)),
    reportPost: (_root, { input }, ctx) => ctx.moderation.reportPost(ctx.viewer, input, ctx.loaders),
    resolveReport: (_root, { input }, ctx) => ctx.moderation.resolveReport(ctx.viewer, input, ctx.loaders),
  },
  Post: {
    __resolveType: (post) => (post as unknown as TypedPost).__typename as 'Question' | 'Answer' | 'ChatMessage' | 'Thread' | 'ThreadReply' | 'DirectMessage',
  },
  PostChange: {
    chatMessage: async (change, _args, ctx) => (await ctx.moderation.changedPost(change, 'CHAT_MESSAGE', ctx.viewer, ctx.loaders)) as ChatMessageModel | null,
    question: async (change, _args, ctx) => (await ctx.moderation.changedPost(change, 'QUESTION', ctx.viewer, ctx.loaders)) as QuestionModel | null,
    answer: async (change, _args, ctx) => (await ctx.moderation.changedPost(change, 'ANSWER', ctx.viewer, ctx.loaders)) as AnswerModel | null,
    thread: async (change, _args, ctx) => (await ctx.moderation.changedPost(change, 'THREAD', ctx.viewer, ctx.loaders)) as ThreadModel | null,
    threadReply: async (change, _args, ctx) => (await ctx.moderation.changedPost(change, 'THREAD_REPLY', ctx.viewer, ctx.loaders)) as ThreadReplyModel | null,
    directMessage: async (change, _args, ctx) => (await ctx.moderation.changedPost(change, 'DIRECT_MESSAGE', ctx.viewer, ctx.loaders)) as DirectMessageModel | null,
    groupMessage: async (change, _args, ctx) => (await ctx.moderation.changedPost(change, 'GROUP_MESSAGE', ctx.viewer, ctx.loaders)) as GroupMessageModel | null,
  },
  PostReport: {
    id: (report) => report.reportId,
    course: (report) => (report.courseId ? { __typename: 'Course' as const, id: report.courseId } : null),
    reporter: (report) => userRef(report.reporterId),
    resolvedBy: (report) => (report.resolvedBy ? userRef(report.resolvedBy) : null),
    excerpt: async (report, _args, ctx) => {
      const post = await ctx.moderation.reportedPost(report);
      return post && !post.deleted ? post.body.slice(0, 500) : null;
    },
    postHidden: async (report, _args, ctx) => Boolean((await ctx.moderation.reportedPost(report))?.hidden),
  },
};
