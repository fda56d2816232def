import { auditOf } from '@lg/platform';
import { sessionViewerOf } from '../client.ts';
import type { Resolvers } from '../generated/resolvers-types.ts';

export const mfaResolvers: Resolvers = {
  Query: {
    myMfa: (_root, _args, ctx) => ctx.mfa.status(ctx.viewer!),
  },
  Mutation: {
    startMfaEnrollment: (_root, { challengeToken }, ctx) => ctx.mfa.startEnrollment(ctx.viewer ? sessionViewerOf(ctx) : null, challengeToken),
    confirmMfaEnrollment: (_root, { code, challengeToken, endOtherSessions }, ctx) =>
      ctx.mfa.confirmEnrollment(ctx.viewer ? sessionViewerOf(ctx) : null, code, challengeToken, endOtherSessions ?? false, auditOf(ctx)),
    disableMfa: (_root, { code, password }, ctx) => ctx.mfa.disable(ctx.viewer!, code, password, auditOf(ctx)),
    verifyMfaChallenge: (_root, { challengeToken, code, recoveryCode }, ctx) => ctx.mfa.verifyChallenge(challengeToken, code, recoveryCode, auditOf(ctx)),
  },
};
