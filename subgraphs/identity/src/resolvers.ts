import { auditOf, DateTime, mergeResolvers } from '@lg/platform';
import { adminResolvers } from './admin/resolvers.ts';
import { apiKeyResolvers } from './api-keys/resolvers.ts';
import { clientOf } from './client.ts';
import type { Resolvers } from './generated/resolvers-types.ts';
import { avatarResolvers } from './avatars/resolvers.ts';
import { oidcResolvers } from './oidc/resolvers.ts';
import { verificationResolvers } from './verification/resolvers.ts';
import { mfaResolvers } from './mfa/resolvers.ts';
import { sessionResolvers } from './sessions/resolvers.ts';
import { privacyResolvers } from './privacy/resolvers.ts';

const coreResolvers: Resolvers = {
  DateTime,
  Query: {
    me: (_root, _args, ctx) => (ctx.viewer ? ctx.loaders.user.load(ctx.viewer.id) : null),
    user: (_root, { id }, ctx) => {
      ctx.identity.checkId(id, 'id');
      return ctx.loaders.user.load(id);
    },
  },
  Mutation: {
    register: (_root, { input }, ctx) => ctx.identity.register(input, clientOf(ctx), auditOf(ctx)),
    login: (_root, { email, password }, ctx) => ctx.identity.login(email, password, clientOf(ctx), auditOf(ctx)),
    refreshSession: (_root, { refreshToken }, ctx) => ctx.identity.refreshSession(refreshToken, clientOf(ctx)),
    logout: (_root, { refreshToken }, ctx) => ctx.identity.logout(refreshToken),
    updateProfile: (_root, { input }, ctx) => ctx.identity.updateProfile(ctx.viewer!, input),
    requestPasswordReset: (_root, { email }, ctx) => ctx.identity.requestPasswordReset(email),
    resetPassword: (_root, { token, newPassword }, ctx) => ctx.identity.resetPassword(token, newPassword),
    grantRole: (_root, { userId, role }, ctx) => ctx.identity.grantRole(ctx.viewer!, userId, role, auditOf(ctx)),
    revokeRole: (_root, { userId, role }, ctx) => ctx.identity.revokeRole(ctx.viewer!, userId, role, auditOf(ctx)),
  },
  User: {
    __resolveReference: (ref, ctx) => ctx.loaders.user.load(ref.id),
    id: (user) => user._id,
    email: (user, _args, ctx) => ctx.identity.visibleEmail(user, ctx.viewer),
    hasPassword: (user, _args, ctx) => ctx.identity.visibleHasPassword(user, ctx.viewer),
  },
};

/** Sub-domains (sign-in methods, MFA, sessions, administration…) add their own partial resolvers here. */
export const resolvers: Resolvers = mergeResolvers(
  coreResolvers, oidcResolvers, verificationResolvers, avatarResolvers, mfaResolvers, sessionResolvers, adminResolvers, privacyResolvers, apiKeyResolvers,
);
