import { defineEvent, type PayloadOf } from '@lg/platform';
import { z } from 'zod';
import { id, role } from './fields.ts';

const producer = 'identity';
const user = (d: { userId: string }) => ({ aggregateId: d.userId, userId: d.userId });

/** Why sessions ended; for logs and audits, never for decisions. */
export const revocationReason = z.enum(['LOGOUT', 'REFRESH_TOKEN_REUSE', 'PASSWORD_RESET', 'ROLE_REVOKED', 'ACCOUNT_DELETED']);
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

/** aggregateId and userId: the user whose roles changed; `by`: the ADMIN. */
const roleChange = z.object({ userId: id, role, by: id });
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

export type UserRegisteredData = PayloadOf<typeof UserRegistered>;
export type UserProfileUpdatedData = PayloadOf<typeof UserProfileUpdated>;
export type UserRoleChangedData = PayloadOf<typeof UserRoleGranted>;
export type SessionRevokedData = PayloadOf<typeof SessionRevoked>;
export type UserSessionsRevokedData = PayloadOf<typeof UserSessionsRevoked>;

/** What a revocation list follows in the log. */
export const REVOCATION_EVENTS = [SessionRevoked, UserSessionsRevoked] as const;

export const identityEvents = [UserRegistered, UserProfileUpdated, UserRoleGranted, UserRoleRevoked, SessionRevoked, UserSessionsRevoked];
