import { allow, isAuthenticated } from '@lg/platform';

// A viewer's own bookmarks, questions and answers; what a bookmark may show is the service's call.
export const bookmarksPermissions = {
  Query: { myBookmarks: isAuthenticated, myQuestions: isAuthenticated, myAnswers: isAuthenticated },
  Mutation: { bookmark: isAuthenticated, unbookmark: isAuthenticated },
  types: { Bookmark: allow, BookmarkEdge: allow, BookmarkConnection: allow },
};
