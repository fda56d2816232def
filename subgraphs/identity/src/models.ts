import type { Role, WithOutbox } from '@lg/platform';

export interface UserModel extends WithOutbox {
  _id: string;
  email: string;
  /** Absent for a user who signed up through a sign-in provider and never set a password. */
  passwordHash?: string;
  /** True once the email is known to be the user's (a provider said so); absent: not known. */
  emailVerified?: boolean;
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

// ── Sign-in with OpenID Connect: its documents live in oidc/models.ts; the GraphQL parent is named here for codegen.
import type { LinkedAccountDocument } from './oidc/models.ts';

/** With the provider's configured name, which is no part of the document. */
export type LinkedAccountModel = LinkedAccountDocument & { providerName: string };
