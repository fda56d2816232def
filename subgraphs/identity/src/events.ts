import { newEvent, type DomainEvent, type Role } from '@lg/platform';

// ---------------------------------------------------------------- published by identity

export const PUBLISHED = {
  UserRegistered: 'UserRegistered',
  UserProfileUpdated: 'UserProfileUpdated',
  UserRoleGranted: 'UserRoleGranted',
  UserRoleRevoked: 'UserRoleRevoked',
  SessionRevoked: 'SessionRevoked',
  UserSessionsRevoked: 'UserSessionsRevoked',
} as const;

/** Why sessions ended; for logs and audits, never for decisions. */
export type RevocationReason = 'LOGOUT' | 'REFRESH_TOKEN_REUSE' | 'PASSWORD_RESET' | 'ROLE_REVOKED';

/** aggregateId and userId: the new user. */
export type UserRegisteredData = { displayName: string; roles: Role[] };
/** aggregateId and userId: the user; only the fields that changed. */
export type UserProfileUpdatedData = { displayName?: string; bio?: string | null };
/** aggregateId and userId: the user whose roles changed; `by`: the ADMIN. */
export type UserRoleChangedData = { role: Role; by: string };
/**
 * One sign-in ended (logout, or its refresh family revoked after reuse): every access token whose
 * `sid` claim is `sessionId` is refused from now on. aggregateId and userId: the user.
 */
export type SessionRevokedData = { sessionId: string; reason: RevocationReason };
/**
 * Every session of a user ended, including any not enumerated: access tokens of the user issued
 * before `before` (epoch ms, identity's clock, as their `iat`) are refused. aggregateId and userId: the user.
 */
export type UserSessionsRevokedData = { before: number; reason: RevocationReason };

export const userRegistered = (userId: string, d: UserRegisteredData): DomainEvent =>
  newEvent(PUBLISHED.UserRegistered, userId, d, { userId });
export const userProfileUpdated = (userId: string, d: UserProfileUpdatedData): DomainEvent =>
  newEvent(PUBLISHED.UserProfileUpdated, userId, d, { userId });
export const userRoleGranted = (userId: string, d: UserRoleChangedData): DomainEvent =>
  newEvent(PUBLISHED.UserRoleGranted, userId, d, { userId });
export const userRoleRevoked = (userId: string, d: UserRoleChangedData): DomainEvent =>
  newEvent(PUBLISHED.UserRoleRevoked, userId, d, { userId });
export const sessionRevoked = (userId: string, d: SessionRevokedData): DomainEvent =>
  newEvent(PUBLISHED.SessionRevoked, userId, d, { userId });
export const userSessionsRevoked = (userId: string, d: UserSessionsRevokedData): DomainEvent =>
  newEvent(PUBLISHED.UserSessionsRevoked, userId, d, { userId });

/** What a revocation list follows in the log. */
export const REVOCATION_EVENTS: string[] = [PUBLISHED.SessionRevoked, PUBLISHED.UserSessionsRevoked];
