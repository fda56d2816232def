import { allow, hasAnyRole, isAuthenticated, mergeResolvers } from '@lg/platform';
import type { IRules } from 'graphql-shield';
import { avatarPermissions } from './avatars/permissions.ts';
import { verificationPermissions } from './verification/permissions.ts';

// One rule instance per rule: graphql-shield refuses two definitions under one name.
const isAdmin = hasAnyRole('ADMIN');

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
  User: allow,
  AuthPayload: allow,
};

/** Each sub-domain's rules beside its resolvers; a field ruled twice fails at start-up. */
export const permissions: IRules = mergeResolvers(corePermissions, verificationPermissions, avatarPermissions);
