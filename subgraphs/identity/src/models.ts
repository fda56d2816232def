import type { Role, WithOutbox } from '@lg/platform';
import type { MfaPending, MfaState } from './mfa/models.ts';
import type { UserStatus } from './generated/resolvers-types.ts';

export type { UserStatus };


export interface UserModel extends WithOutbox {
  _id: string;
  email: string;
  /** Absent for a user who signed up through a sign-in provider and never set a password. */
  passwordHash?: string;
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
  /** Set once a second factor is confirmed (mfa/). */
  mfa?: MfaState | null;
  /** An enrolment started and not yet confirmed (mfa/). */
  mfaPending?: MfaPending | null;
  /** Absent on accounts made before suspension existed: ACTIVE. */
  status?: UserStatus;
  /** Set while SUSPENDED (see the admin sub-domain). */
  suspension?: SuspensionModel | null;
  /** Set when the account was deleted (privacy/): it keeps its id and nothing personal, and cannot sign in. */
  deletedAt?: Date;
}

export interface SuspensionModel {
  reason: string;
  at: Date;
  /** The ADMIN who suspended the account. */
  by: string;
}

/** Where a request came from, as the gateway forwarded it: a session's device and address. */
export interface ClientInfo { userAgent: string | null; address: string | null }

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
  /** When the family's first token was issued (the sign-in); absent on tokens issued before sessions were listed. */
  sessionStartedAt?: Date;
  /** The device and address of the sign-in or refresh that issued this token. */
  userAgent?: string | null;
  address?: string | null;
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

// ── Sign-in with OpenID Connect: its documents live in oidc/models.ts; the GraphQL parent is named here for codegen.
import type { LinkedAccountDocument } from './oidc/models.ts';

/** With the provider's configured name, which is no part of the document. */
export type LinkedAccountModel = LinkedAccountDocument & { providerName: string };

// ── Administration ───

/** A sign-in as ADMIN sees it: one refresh-token family, summed up from its tokens. */
export interface SessionSummaryModel {
  id: string;
  createdAt: Date;
  lastUsedAt: Date;
  active: boolean;
}

/**
 * One entry of the audit log: a copy of an audited event (its `_id`, the event's), written once
 * and never changed. `targetId`: the user the event is about, else its aggregate.
 */
export interface AuditEntryModel {
  _id: string;
  seq: number;
  action: string;
  actorId: string | null;
  targetId: string;
  at: Date;
  requestId: string | null;
  address: string | null;
  /** The event's data without `audit`. */
  details: Record<string, unknown>;
}

// ── Privacy: its documents live with the sub-domain; the GraphQL parents are named here for codegen.
import type { AccountDeletionDocument, DataExportDocument } from './privacy/models.ts';

export type DataExportModel = DataExportDocument;
export type AccountDeletionModel = AccountDeletionDocument;
/** User.avatar (avatars/): the uploaded picture when there is one, and always the generated initials. */
export interface AvatarModel {
  mediaId: string | null;
  initials: string;
  fallbackUrl: string;
}
