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
  /** Set when the account was deleted (privacy/): it keeps its id and nothing personal, and cannot sign in. */
  deletedAt?: Date;
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

export interface MailRecord {
  _id: string;
  to: string;
  subject: string;
  text: string;
  createdAt: Date;
  sentAt: Date | null;
  attempts: number;
}

export interface AuthPayloadModel {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: Date;
  /** The caller has just proved who they are, though their request carried no token. */
  user: UserModel & { sessionOwner: true };
}

// ── Privacy: its documents live with the sub-domain; the GraphQL parents are named here for codegen.
import type { AccountDeletionDocument, DataExportDocument } from './privacy/models.ts';

export type DataExportModel = DataExportDocument;
export type AccountDeletionModel = AccountDeletionDocument;
