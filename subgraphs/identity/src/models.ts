import type { Role, WithOutbox } from '@lg/platform';
import type { UserStatus } from './generated/resolvers-types.ts';

export type { UserStatus };

export interface UserModel extends WithOutbox {
  _id: string;
  email: string;
  passwordHash: string;
  displayName: string;
  bio: string | null;
  roles: Role[];
  createdAt: Date;
  updatedAt: Date;
  /** Absent on accounts made before suspension existed: ACTIVE. */
  status?: UserStatus;
  /** Set while SUSPENDED (see the admin sub-domain). */
  suspension?: SuspensionModel | null;
}

export interface SuspensionModel {
  reason: string;
  at: Date;
  /** The ADMIN who suspended the account. */
  by: string;
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
