import { allow, isAuthenticated, mergeResolvers, notByApiKey } from '@lg/platform';
import { and, type IRules } from 'graphql-shield';
import { adminPermissions } from './admin/permissions.ts';
import { apiKeyPermissions } from './api-keys/permissions.ts';
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
const merged = mergeResolvers(
  corePermissions, oidcPermissions, verificationPermissions, avatarPermissions, mfaPermissions, sessionPermissions, adminPermissions, privacyPermissions, apiKeyPermissions,
) as { Query: Record<string, Rule>; Mutation: Record<string, Rule> } & IRules;
type Rule = Parameters<typeof and>[number];

/** What an API key may not read even with identity:read: the account's security and its data's export and deletion. */
const ACCOUNT_SENSITIVE_QUERIES = ['myMfa', 'linkedAccounts', 'mySessions', 'dataExport', 'myDataExports', 'myAccountDeletion', 'apiKeys', 'documentManifests'];
const personOnly = (rules: Record<string, Rule>, fields: string[]) =>
  Object.fromEntries(Object.entries(rules).map(([field, rule]) => [field, fields.includes(field) ? and(notByApiKey, rule) : rule]));

/**
 * No change to an account is an API key's to make (there is no identity:write scope, and each
 * mutation refuses keys itself should one appear), nor may a key read its account's security.
 */
export const permissions: IRules = {
  ...merged,
  Query: personOnly(merged.Query, ACCOUNT_SENSITIVE_QUERIES),
  Mutation: personOnly(merged.Mutation, Object.keys(merged.Mutation)),
};
