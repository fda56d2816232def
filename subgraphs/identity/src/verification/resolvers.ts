import { auditOf } from '@lg/platform';
import { sessionViewerOf } from '../client.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';

export const verificationResolvers: Resolvers = {
  Mutation: {
    verifyEmail: (_root, { token }, ctx) => ctx.verification.verifyEmail(token),
    resendVerification: (_root, _args, ctx) => ctx.verification.resendVerification(ctx.viewer),
    changeEmail: (_root, { newEmail, password }, ctx) => ctx.verification.changeEmail(sessionViewerOf(ctx), newEmail, password, auditOf(ctx)),
  },
  User: {
    emailVerified: (user, _args, ctx) => ctx.verification.visibleEmailVerified(user, ctx.viewer),
  },
};
