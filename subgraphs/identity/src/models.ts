import type { Role, WithOutbox } from '@lg/platform';

export interface UserModel extends WithOutbox {
  _id: string;
  email: string;
  passwordHash: string;
  displayName: string;
  bio: string | null;
  roles: Role[];
  createdAt: Date;
  updatedAt: Date;
}

/** A refresh token; `familyId` ties every rotation of one sign-in together. */
export interface RefreshTokenRecord {
  _id: string;
  familyId: string;
  userId: string;
  secretHash: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

export interface PasswordResetRecord {
  /** sha256 of the token: the token itself is only ever in the mail. */
  _id: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

export interface LoginThrottleRecord {
  /** The normalised email. */
  _id: string;
  failures: number;
  lastFailureAt: Date;
  blockedUntil: Date | null;
}

/** Identity's outbox holds the platform's mail records (reset and verification mail). */
export type { MailRecord } from '@lg/platform';

export interface AuthPayloadModel {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: Date;
  /** The caller has just proved who they are, though their request carried no token. */
  user: UserModel & { sessionOwner: true };
}
