import { allow, isAuthenticated } from '@lg/platform';

// Everything needs a signed-in viewer but viewerIsStaff; course membership, staff and the
// instructor's rights are checked by the service, which answers FORBIDDEN to anyone else.
export const threadsPermissions = {
  Query: { thread: isAuthenticated, threadReply: isAuthenticated },
  Mutation: {
    appointTeachingAssistant: isAuthenticated,
    removeTeachingAssistant: isAuthenticated,
    startThread: isAuthenticated,
    replyToThread: isAuthenticated,
    reactToPost: isAuthenticated,
    pinThread: isAuthenticated,
    lockThread: isAuthenticated,
    followThread: isAuthenticated,
    unfollowThread: isAuthenticated,
  },
  Course: { members: isAuthenticated, threads: isAuthenticated, viewerIsStaff: allow },
  types: {
    CourseMember: allow,
    CourseMemberEdge: allow,
    CourseMemberConnection: allow,
    ReactionCount: allow,
    Thread: allow,
    ThreadReply: allow,
    ThreadEdge: allow,
    ThreadConnection: allow,
    ThreadReplyEdge: allow,
    ThreadReplyConnection: allow,
    PostReactions: allow,
  },
};
