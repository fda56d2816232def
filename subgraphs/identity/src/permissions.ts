import { allow, isAuthenticated, mergeResolvers } from '@lg/platform';
import type { IRules } from 'graphql-shield';
import { adminPermissions } from './admin/permissions.ts';
import { avatarPermissions } from './avatars/permissions.ts';
import { mfaPermissions } from './mfa/permissions.ts';
import { oidcPermissions } from './oidc/permissions.ts';
import { privacyPermissions } from './privacy/permissions.ts';
import { isAdmin } from './rules.ts';
import { sessionPermissions } from './sessions/permissions.ts';
import { verificationPermissions } from './verification/permissions.ts';

// Public profile fields are readable by anyone; `email` is filtered by the service per viewer.
const corePermissions: IRules = {
  Query: { me: allow, user: allow },
  Mutation: {
    register: allow,
    login: allow,
    refreshSession: allow,
    logout: allow,
    requestPasswordReset: allow,
    resetPassword: allow,
    updateProfile: isAuthenticated,
    grantRole: isAdmin,
    revokeRole: isAdmin,
  },
  // Every field of User not ruled by a sub-domain.
  User: { '*': allow },
  AuthPayload: allow,
};

/** Each sub-domain's rules beside its resolvers; a field ruled twice fails at start-up. */
export const permissions: IRules = mergeResolvers(
  corePermissions, oidcPermissions, verificationPermissions, avatarPermissions, mfaPermissions, sessionPermissions, adminPermissions, privacyPermissions,
);
