import type { ClientInfo } from '../models.ts';

/** A confirmed second factor, on the user's document. */
export interface MfaState {
  /** The TOTP secret (base32); the authenticator app holds the same. */
  secret: string;
  enabledAt: Date;
  /** The last TOTP time step accepted: a code of that step or an earlier one is refused (no replay). */
  lastTimeStep: number;
  /** sha256 of each unused recovery code; a used one is pulled out. */
  recoveryCodeHashes: string[];
}

/** An enrolment started and not yet confirmed with a first code. */
export interface MfaPending {
  secret: string;
  expiresAt: Date;
}

/**
 * A sign-in waiting for its second factor (SIGN_IN), or for the user to enrol one because their
 * role requires it (ENROLL). Only the token's hash is stored.
 */
export interface MfaChallengeRecord {
  _id: string;
  userId: string;
  purpose: 'SIGN_IN' | 'ENROLL';
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  /** The device and address of the sign-in, for the session it opens. */
  client: ClientInfo;
  /** How the first step signed in (absent on challenges from before it was kept: a password). */
  method?: 'PASSWORD' | 'OIDC';
  provider?: string;
}

export interface MfaEnrollmentModel {
  secret: string;
  otpauthUri: string;
  qrCodeDataUrl: string;
  expiresAt: Date;
}
