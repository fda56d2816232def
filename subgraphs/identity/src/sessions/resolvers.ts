import { auditOf } from '@lg/platform';
import { sessionViewerOf } from '../client.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';

export const sessionResolvers: Resolvers = {
  Query: {
    mySessions: (_root, { first }, ctx) => ctx.sessions.mySessions(sessionViewerOf(ctx), first ?? 20),
  },
  Mutation: {
    endSession: (_root, { id }, ctx) => ctx.sessions.endSession(ctx.viewer!, id, auditOf(ctx)),
    endOtherSessions: (_root, _args, ctx) => ctx.sessions.endOtherSessions(sessionViewerOf(ctx), auditOf(ctx)),
    changePassword: (_root, { currentPassword, newPassword, endOtherSessions }, ctx) =>
      ctx.sessions.changePassword(sessionViewerOf(ctx), currentPassword, newPassword, endOtherSessions ?? false, auditOf(ctx)),
  },
};
