import type { DomainEvent } from '@lg/platform';
import {
  SessionRevoked, UserProfileUpdated, UserReactivated, UserRegistered, UserRoleGranted, UserRoleRevoked, UserSessionsRevoked, UserSignedIn,
  UserSignInFailed, UserSuspended,
  type SessionRevokedData, type UserProfileUpdatedData, type UserReactivatedData, type UserRegisteredData, type UserRoleChangedData,
  type UserSessionsRevokedData, type UserSignedInData, type UserSignInFailedData, type UserSuspendedData,
} from '@lg/events';

// The events identity produces, built from their contracts in @lg/events (which validate them).

export type { RevocationReason } from '@lg/events';

type Fields<D> = Omit<D, 'userId'>;

export const userRegistered = (userId: string, d: Fields<UserRegisteredData>): DomainEvent => UserRegistered.build({ userId, ...d });
export const userProfileUpdated = (userId: string, d: Fields<UserProfileUpdatedData>): DomainEvent => UserProfileUpdated.build({ userId, ...d });
export const userRoleGranted = (userId: string, d: Fields<UserRoleChangedData>): DomainEvent => UserRoleGranted.build({ userId, ...d });
export const userRoleRevoked = (userId: string, d: Fields<UserRoleChangedData>): DomainEvent => UserRoleRevoked.build({ userId, ...d });
export const sessionRevoked = (userId: string, d: Fields<SessionRevokedData>): DomainEvent => SessionRevoked.build({ userId, ...d });
export const userSessionsRevoked = (userId: string, d: Fields<UserSessionsRevokedData>): DomainEvent => UserSessionsRevoked.build({ userId, ...d });
export const userSuspended = (userId: string, d: Fields<UserSuspendedData>): DomainEvent => UserSuspended.build({ userId, ...d });
export const userReactivated = (userId: string, d: Fields<UserReactivatedData>): DomainEvent => UserReactivated.build({ userId, ...d });
export const userSignedIn = (userId: string, d: Fields<UserSignedInData>): DomainEvent => UserSignedIn.build({ userId, ...d });
export const userSignInFailed = (d: UserSignInFailedData): DomainEvent => UserSignInFailed.build(d);
