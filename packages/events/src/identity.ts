import { defineEvent, type PayloadOf } from '@lg/platform';
import { z } from 'zod';
import { audit, id, role } from './fields.ts';

const producer = 'identity';
const user = (d: { userId: string }) => ({ aggregateId: d.userId, userId: d.userId });

/** Why sessions ended; for logs and audits, never for decisions. */
export const revocationReason = z.enum([
  'LOGOUT', 'REFRESH_TOKEN_REUSE', 'PASSWORD_RESET', 'ROLE_REVOKED', 'EMAIL_CHANGED', 'ENDED_BY_USER', 'PASSWORD_CHANGED', 'MFA_ENABLED', 'SUSPENDED',
  'ACCOUNT_DELETED',
]);
export type RevocationReason = z.infer<typeof revocationReason>;

/**
 * aggregateId and userId: the new user. `email` (private: never served to others) lets the
 * subgraphs that mail the user (engagement's notification mail) address them without asking identity.
 */
export const UserRegistered = defineEvent({
  type: 'UserRegistered', producer, refs: user,
  schema: z.object({ userId: id, displayName: z.string(), roles: z.array(role), email: z.string().max(254).optional() }),
});

/** aggregateId and userId: the user; only the fields that changed. */
export const UserProfileUpdated = defineEvent({
  type: 'UserProfileUpdated', producer, refs: user,
  schema: z.object({ userId: id, displayName: z.string().optional(), bio: z.string().nullable().optional() }),
});

/**
 * aggregateId and userId: the user whose roles changed; `by`: the ADMIN. Audited (`audit` is absent
 * only on events logged before the audit log existed).
 */
const roleChange = z.object({ userId: id, role, by: id, audit: audit.optional() });
export const UserRoleGranted = defineEvent({ type: 'UserRoleGranted', producer, refs: user, schema: roleChange });
export const UserRoleRevoked = defineEvent({ type: 'UserRoleRevoked', producer, refs: user, schema: roleChange });

/**
 * One sign-in ended (logout, or its refresh family revoked after reuse): every access token whose
 * `sid` claim is `sessionId` is refused from now on. aggregateId and userId: the user.
 */
export const SessionRevoked = defineEvent({
  type: 'SessionRevoked', producer, refs: user,
  schema: z.object({ userId: id, sessionId: id, reason: revocationReason, audit: audit.optional() }),
});

/**
 * Every session of a user ended, including any not enumerated: access tokens of the user issued
 * before `before` (epoch ms, identity's clock, as their `iat`) are refused. aggregateId and userId: the user.
 */
export const UserSessionsRevoked = defineEvent({
  type: 'UserSessionsRevoked', producer, refs: user,
  schema: z.object({ userId: id, before: z.number(), reason: revocationReason, audit: audit.optional() }),
});

/** A sign-in provider's account was linked to the user (audited); `subject`: the provider's id of that account. */
export const AccountLinked = defineEvent({
  type: 'AccountLinked', producer, refs: user,
  schema: z.object({ userId: id, provider: z.string(), subject: z.string(), byVerifiedEmail: z.boolean(), audit }),
});

/** The user unlinked a sign-in provider's account (audited). */
export const AccountUnlinked = defineEvent({
  type: 'AccountUnlinked', producer, refs: user,
  schema: z.object({ userId: id, provider: z.string(), subject: z.string(), audit }),
});

/** The user proved they read mail at their address (a verification link). aggregateId and userId: the user. */
export const UserEmailVerified = defineEvent({
  type: 'UserEmailVerified', producer, refs: user,
  schema: z.object({ userId: id }),
});

/**
 * The user changed their sign-in address (unverified until its link is opened); audited.
 * `email`: the new address (private, as in UserRegistered: engagement mails notifications to it).
 */
export const UserEmailChanged = defineEvent({
  type: 'UserEmailChanged', producer, refs: user,
  schema: z.object({ userId: id, email: z.string().max(254), audit }),
});

/** The user's picture changed: an AVATAR asset of media's, or null for the generated initials. */
export const UserAvatarChanged = defineEvent({
  type: 'UserAvatarChanged', producer, refs: user,
  schema: z.object({ userId: id, mediaId: id.nullable() }),
});

/** The user turned a second factor (TOTP) on. aggregateId and userId: the user. */
export const MfaEnabled = defineEvent({ type: 'MfaEnabled', producer, refs: user, schema: z.object({ userId: id, audit }) });

/** The user turned their second factor off (with a code or their password). aggregateId and userId: the user. */
export const MfaDisabled = defineEvent({ type: 'MfaDisabled', producer, refs: user, schema: z.object({ userId: id, audit }) });

/** A sign-in was completed with a recovery code instead of a TOTP code; `remaining`: codes left. */
export const MfaRecoveryCodeUsed = defineEvent({
  type: 'MfaRecoveryCodeUsed', producer, refs: user, schema: z.object({ userId: id, remaining: z.number().int().nonnegative(), audit }),
});

/** The user changed their password while signed in (a reset is `UserSessionsRevoked` with PASSWORD_RESET). */
export const UserPasswordChanged = defineEvent({ type: 'UserPasswordChanged', producer, refs: user, schema: z.object({ userId: id, audit }) });

export type MfaEventData = PayloadOf<typeof MfaEnabled>;
export type MfaRecoveryCodeUsedData = PayloadOf<typeof MfaRecoveryCodeUsed>;
/** An ADMIN suspended the user: sessions end (UserSessionsRevoked, SUSPENDED), sign-in is refused. Audited. */
export const UserSuspended = defineEvent({
  type: 'UserSuspended', producer, refs: user,
  schema: z.object({ userId: id, reason: z.string(), by: id, audit }),
});

/** An ADMIN lifted the user's suspension: they may sign in again. Audited. */
export const UserReactivated = defineEvent({
  type: 'UserReactivated', producer, refs: user,
  schema: z.object({ userId: id, by: id, audit }),
});

/**
 * A sign-in succeeded (audited): `sessionId` the new refresh family; `method` how; `provider` the
 * sign-in provider's configured id for OIDC; `secondFactor` what completed it when MFA asked for
 * one (an enrolment forced by the user's role counts as TOTP). aggregateId and userId: the user.
 */
export const UserSignedIn = defineEvent({
  type: 'UserSignedIn', producer, refs: user,
  schema: z.object({
    userId: id, sessionId: id, method: z.enum(['PASSWORD', 'OIDC']), provider: z.string().optional(),
    secondFactor: z.enum(['TOTP', 'RECOVERY_CODE']).optional(), audit,
  }),
});

/**
 * A sign-in was refused: a wrong password (or no such account: `userId` null), or a suspended account.
 * aggregateId: the user, else the email tried. Audited; identity records a bounded number per email
 * and window (see the admin sub-domain), so that a flood of guesses cannot flood the log.
 */
export const signInFailure = z.enum(['BAD_CREDENTIALS', 'SUSPENDED']);
export const UserSignInFailed = defineEvent({
  type: 'UserSignInFailed', producer,
  refs: (d: { userId: string | null; email: string }) => (d.userId ? { aggregateId: d.userId, userId: d.userId } : { aggregateId: d.email }),
  schema: z.object({ userId: id.nullable(), email: z.string(), reason: signInFailure, audit }),
});

/**
 * The user created an API key (audited): `keyId` its record, `scopes` what it was granted.
 * aggregateId and userId: the key's owner.
 */
export const ApiKeyCreated = defineEvent({
  type: 'ApiKeyCreated', producer, refs: user,
  schema: z.object({ userId: id, keyId: id, name: z.string(), scopes: z.array(z.string()), audit }),
});

/** The user gave a key a new secret; the old one is still accepted until `previousValidUntil` (epoch ms). Audited. */
export const ApiKeyRotated = defineEvent({
  type: 'ApiKeyRotated', producer, refs: user,
  schema: z.object({ userId: id, keyId: id, previousValidUntil: z.number(), audit }),
});

/**
 * The key is revoked (by its user, or erased with the account): every access token exchanged for
 * it is refused from now on by the gateways' revocation lists. Audited when a person revoked it.
 */
export const ApiKeyRevoked = defineEvent({
  type: 'ApiKeyRevoked', producer, refs: user,
  schema: z.object({ userId: id, keyId: id, audit: audit.optional() }),
});

/**
 * The user registered a document manifest of their own (`manifest`: name@version, immutable from now
 * on; `documents`: how many it holds). Audited. aggregateId and userId: its owner.
 */
export const DocumentManifestRegistered = defineEvent({
  type: 'DocumentManifestRegistered', producer, refs: user,
  schema: z.object({ userId: id, manifest: z.string(), documents: z.number().int(), audit }),
});

/**
 * The user pinned a key to one of their manifests (`manifest`: name@version), or unpinned it (null):
 * gateways drop the tokens they keep for the key, whose next exchange carries the new pin. Audited.
 */
export const ApiKeyPinned = defineEvent({
  type: 'ApiKeyPinned', producer, refs: user,
  schema: z.object({ userId: id, keyId: id, manifest: z.string().nullable(), audit }),
});

export type DocumentManifestRegisteredData = PayloadOf<typeof DocumentManifestRegistered>;
export type ApiKeyPinnedData = PayloadOf<typeof ApiKeyPinned>;
export type ApiKeyCreatedData = PayloadOf<typeof ApiKeyCreated>;
export type ApiKeyRotatedData = PayloadOf<typeof ApiKeyRotated>;
export type ApiKeyRevokedData = PayloadOf<typeof ApiKeyRevoked>;
export type UserRegisteredData = PayloadOf<typeof UserRegistered>;
export type UserEmailChangedData = PayloadOf<typeof UserEmailChanged>;
export type UserProfileUpdatedData = PayloadOf<typeof UserProfileUpdated>;
export type UserRoleChangedData = PayloadOf<typeof UserRoleGranted>;
export type SessionRevokedData = PayloadOf<typeof SessionRevoked>;
export type UserSessionsRevokedData = PayloadOf<typeof UserSessionsRevoked>;
export type UserSuspendedData = PayloadOf<typeof UserSuspended>;
export type UserReactivatedData = PayloadOf<typeof UserReactivated>;
export type UserSignedInData = PayloadOf<typeof UserSignedIn>;
export type UserSignInFailedData = PayloadOf<typeof UserSignInFailed>;
export type AccountLinkedData = PayloadOf<typeof AccountLinked>;
export type AccountUnlinkedData = PayloadOf<typeof AccountUnlinked>;

/** What a revocation list follows in the log (a rotation or a pin: so that gateways drop the tokens they keep for the key). */
export const REVOCATION_EVENTS = [SessionRevoked, UserSessionsRevoked, ApiKeyRevoked, ApiKeyRotated, ApiKeyPinned] as const;

export const identityEvents = [
  UserRegistered, UserProfileUpdated, UserRoleGranted, UserRoleRevoked, SessionRevoked, UserSessionsRevoked,
  UserSignedIn, AccountLinked, AccountUnlinked, UserEmailVerified, UserEmailChanged, UserAvatarChanged,
  MfaEnabled, MfaDisabled, MfaRecoveryCodeUsed, UserPasswordChanged, UserSuspended, UserReactivated, UserSignInFailed,
  ApiKeyCreated, ApiKeyRotated, ApiKeyRevoked, ApiKeyPinned, DocumentManifestRegistered,
];
