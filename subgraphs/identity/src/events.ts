import type { DomainEvent } from '@lg/platform';
import {
  ApiKeyCreated, ApiKeyPinned, ApiKeyRevoked, ApiKeyRotated, DocumentManifestRegistered,
  type ApiKeyCreatedData, type ApiKeyPinnedData, type ApiKeyRevokedData, type ApiKeyRotatedData, type DocumentManifestRegisteredData,
  AccountLinked, AccountUnlinked, type AccountLinkedData, type AccountUnlinkedData,
  MfaDisabled, MfaEnabled, MfaRecoveryCodeUsed, UserPasswordChanged, type MfaEventData, type MfaRecoveryCodeUsedData,
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
export const accountLinked = (userId: string, d: Fields<AccountLinkedData>): DomainEvent => AccountLinked.build({ userId, ...d });
export const accountUnlinked = (userId: string, d: Fields<AccountUnlinkedData>): DomainEvent => AccountUnlinked.build({ userId, ...d });
export const mfaEnabled = (userId: string, d: Fields<MfaEventData>): DomainEvent => MfaEnabled.build({ userId, ...d });
export const mfaDisabled = (userId: string, d: Fields<MfaEventData>): DomainEvent => MfaDisabled.build({ userId, ...d });
export const mfaRecoveryCodeUsed = (userId: string, d: Fields<MfaRecoveryCodeUsedData>): DomainEvent => MfaRecoveryCodeUsed.build({ userId, ...d });
export const userPasswordChanged = (userId: string, d: Fields<MfaEventData>): DomainEvent => UserPasswordChanged.build({ userId, ...d });
export const userSuspended = (userId: string, d: Fields<UserSuspendedData>): DomainEvent => UserSuspended.build({ userId, ...d });
export const userReactivated = (userId: string, d: Fields<UserReactivatedData>): DomainEvent => UserReactivated.build({ userId, ...d });
export const userSignedIn = (userId: string, d: Fields<UserSignedInData>): DomainEvent => UserSignedIn.build({ userId, ...d });
export const userSignInFailed = (d: UserSignInFailedData): DomainEvent => UserSignInFailed.build(d);
export const apiKeyCreated = (userId: string, d: Fields<ApiKeyCreatedData>): DomainEvent => ApiKeyCreated.build({ userId, ...d });
export const apiKeyRotated = (userId: string, d: Fields<ApiKeyRotatedData>): DomainEvent => ApiKeyRotated.build({ userId, ...d });
export const apiKeyRevoked = (userId: string, d: Fields<ApiKeyRevokedData>): DomainEvent => ApiKeyRevoked.build({ userId, ...d });
export const apiKeyPinned = (userId: string, d: Fields<ApiKeyPinnedData>): DomainEvent => ApiKeyPinned.build({ userId, ...d });
export const documentManifestRegistered = (userId: string, d: Fields<DocumentManifestRegisteredData>): DomainEvent => DocumentManifestRegistered.build({ userId, ...d });
