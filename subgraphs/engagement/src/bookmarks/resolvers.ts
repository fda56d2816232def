import type { Resolvers } from '../generated/resolvers-types.ts';

/** Bookmarks and the viewer's own questions and answers; merged into the subgraph's resolvers. */
export const bookmarksResolvers: Resolvers = {
  Query: {
    myBookmarks: (_root, { first, after }, ctx) => ctx.bookmarks.myBookmarks(ctx.viewer, first, after),
    myQuestions: (_root, { first, after }, ctx) => ctx.bookmarks.myQuestions(ctx.viewer, first, after),
    myAnswers: (_root, { first, after }, ctx) => ctx.bookmarks.myAnswers(ctx.viewer, first, after),
  },
  Mutation: {
    bookmark: (_root, { kind, id }, ctx) => ctx.bookmarks.bookmark(ctx.viewer, kind, id, ctx.loaders),
    unbookmark: (_root, { kind, id }, ctx) => ctx.bookmarks.unbookmark(ctx.viewer, kind, id, ctx.loaders),
  },
  Bookmark: {
    id: (bookmark) => bookmark.postId,
    target: (bookmark, _args, ctx) => ctx.bookmarks.target(ctx.viewer, bookmark, ctx.loaders),
  },
  Bookmarkable: {
    // Questions count answers, threads count replies.
    __resolveType: (post) => ('answerCount' in post ? 'Question' : 'Thread'),
  },
};
