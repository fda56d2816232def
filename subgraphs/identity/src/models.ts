import type { Role, WithOutbox } from '@lg/platform';


export interface UserModel extends WithOutbox {
  _id: string;
  email: string;
  passwordHash: string;
  displayName: string;
  bio: string | null;
  roles: Role[];
  /** Whether the user opened the verification link sent to `email` (verification/). */
  emailVerified: boolean;
  /** When the last verification mail was queued: resending is throttled on it. */
  verificationSentAt?: Date | null;
  /** A READY AVATAR asset of media's (avatars/); absent or null for the generated initials. */
  avatarId?: string | null;
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

/** User.avatar (avatars/): the uploaded picture when there is one, and always the generated initials. */
export interface AvatarModel {
  mediaId: string | null;
  initials: string;
  fallbackUrl: string;
}
