import { defineEvent, type PayloadOf } from '@lg/platform';
import { z } from 'zod';
import { audit, id, role } from './fields.ts';

const producer = 'identity';
const user = (d: { userId: string }) => ({ aggregateId: d.userId, userId: d.userId });

/** Why sessions ended; for logs and audits, never for decisions. */
export const revocationReason = z.enum(['LOGOUT', 'REFRESH_TOKEN_REUSE', 'PASSWORD_RESET', 'ROLE_REVOKED', 'SUSPENDED']);
export type RevocationReason = z.infer<typeof revocationReason>;

/** aggregateId and userId: the new user. */
export const UserRegistered = defineEvent({
  type: 'UserRegistered', producer, refs: user,
  schema: z.object({ userId: id, displayName: z.string(), roles: z.array(role) }),
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
  schema: z.object({ userId: id, sessionId: id, reason: revocationReason }),
});

/**
 * Every session of a user ended, including any not enumerated: access tokens of the user issued
 * before `before` (epoch ms, identity's clock, as their `iat`) are refused. aggregateId and userId: the user.
 */
export const UserSessionsRevoked = defineEvent({
  type: 'UserSessionsRevoked', producer, refs: user,
  schema: z.object({ userId: id, before: z.number(), reason: revocationReason }),
});

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

/** A sign-in succeeded (`sessionId`: the new refresh family; `method`: PASSWORD, or the provider's name). Audited. */
export const UserSignedIn = defineEvent({
  type: 'UserSignedIn', producer, refs: user,
  schema: z.object({ userId: id, sessionId: id, method: z.string(), audit }),
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

export type UserRegisteredData = PayloadOf<typeof UserRegistered>;
export type UserProfileUpdatedData = PayloadOf<typeof UserProfileUpdated>;
export type UserRoleChangedData = PayloadOf<typeof UserRoleGranted>;
export type SessionRevokedData = PayloadOf<typeof SessionRevoked>;
export type UserSessionsRevokedData = PayloadOf<typeof UserSessionsRevoked>;
export type UserSuspendedData = PayloadOf<typeof UserSuspended>;
export type UserReactivatedData = PayloadOf<typeof UserReactivated>;
export type UserSignedInData = PayloadOf<typeof UserSignedIn>;
export type UserSignInFailedData = PayloadOf<typeof UserSignInFailed>;

/** What a revocation list follows in the log. */
export const REVOCATION_EVENTS = [SessionRevoked, UserSessionsRevoked] as const;

export const identityEvents = [
  UserRegistered, UserProfileUpdated, UserRoleGranted, UserRoleRevoked, SessionRevoked, UserSessionsRevoked,
  UserSuspended, UserReactivated, UserSignedIn, UserSignInFailed,
];
