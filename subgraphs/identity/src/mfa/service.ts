import { GraphQLError } from 'graphql';
import {
  badInput, conflict, flushOutbox, forbidden, unauthenticated, type AuditMeta, type Config, type EventLog, type Role, type Viewer,
} from '@lg/platform';
import { mfaDisabled, mfaEnabled, mfaRecoveryCodeUsed } from '../events.ts';
import type { SessionViewer } from '../client.ts';
import type { AuthPayloadModel, UserModel } from '../models.ts';
import { verifyPassword } from '../password.ts';
import type { IdentityRepository } from '../repository.ts';
import type { IdentityService, PendingSignIn } from '../service.ts';
import type { SessionService } from '../sessions/service.ts';
import { randomSecret, sha256 } from '../tokens.ts';
import type { MfaChallengeRecord, MfaEnrollmentModel } from './models.ts';
import type { MfaRepository } from './repository.ts';
import { enrolmentOf, matchTotp, newRecoveryCodes, newTotpSecret, recoveryCodeHash } from './totp.ts';

const ENROLMENT_TTL_MS = 10 * 60 * 1000;
const TOO_MANY = 'Too many wrong codes for this account';
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

export interface MfaStatusModel { enabled: boolean; enabledAt: Date | null; recoveryCodesLeft: number; required: boolean }
export interface MfaConfirmationModel { recoveryCodes: string[]; session: AuthPayloadModel | null; endedSessions: number }

const challengeGone = () => unauthenticated('This sign-in has expired or was already completed; sign in again.');
const wrongCode = () => unauthenticated('The code is incorrect.');

/** Who an enrolment is for: the signed-in viewer, or a sign-in held until its user enrols (a required role). */
type Enrollee = { userId: string; viewer: SessionViewer } | { userId: string; challenge: MfaChallengeRecord; hash: string };

/**
 * The second factor: TOTP enrolment, the sign-in challenge, recovery codes. A sign-in of a user
 * with MFA on issues no tokens but a challenge (see gate), answered with verifyMfaChallenge.
 */
/** The first step of the sign-in a challenge finishes. */
const pendingOf = (challenge: MfaChallengeRecord): PendingSignIn => ({
  method: challenge.method ?? 'PASSWORD', ...(challenge.provider ? { provider: challenge.provider } : {}), client: challenge.client,
});

export class MfaService {
  private readonly requiredRoles: Set<Role>;

  constructor(
    private readonly repository: MfaRepository,
    private readonly identityRepository: IdentityRepository,
    private readonly identity: IdentityService,
    private readonly sessions: SessionService,
    private readonly events: EventLog,
    private readonly config: Config,
  ) {
    this.requiredRoles = new Set(config.MFA_REQUIRED_ROLES.split(',').map((r) => r.trim()).filter(Boolean) as Role[]);
    identity.signInGates.push((user, _readAt, pending) => this.gate(user, pending));
  }

  private requiredFor(user: { roles: readonly Role[] }): boolean {
    return user.roles.some((role) => this.requiredRoles.has(role));
  }

  /**
   * Stops a sign-in that needs a second factor with UNAUTHENTICATED carrying a challenge token:
   * `mfaRequired` when MFA is on, `mfaEnrollmentRequired` when the user's role requires one and
   * they have none yet. `login` keeps its contract (AuthPayload!) and a client that knows nothing
   * of MFA still shows a clear message.
   */
  private async gate(user: UserModel, { client, method, provider }: PendingSignIn): Promise<void> {
    const enrolled = Boolean(user.mfa);
    if (!enrolled && !this.requiredFor(user)) return;
    const token = randomSecret();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.config.MFA_CHALLENGE_TTL_SECONDS * 1000);
    await this.repository.insertChallenge({
      _id: sha256(token), userId: user._id, purpose: enrolled ? 'SIGN_IN' : 'ENROLL', createdAt: now, expiresAt, usedAt: null, client,
      method, ...(provider ? { provider } : {}),
    });
    const extensions = { code: 'UNAUTHENTICATED', challengeToken: token, challengeExpiresAt: expiresAt.toISOString() };
    if (enrolled)
      throw new GraphQLError('Enter the code from your authenticator app (or a recovery code) to finish signing in.', {
        extensions: { ...extensions, reason: 'MFA_REQUIRED', mfaRequired: true },
      });
    throw new GraphQLError('Your role requires two-step sign-in: set up an authenticator app to finish signing in.', {
      extensions: { ...extensions, reason: 'MFA_ENROLLMENT_REQUIRED', mfaEnrollmentRequired: true },
    });
  }

  async status(viewer: Viewer): Promise<MfaStatusModel> {
    const user = await this.identityRepository.findUser(viewer.id);
    if (!user) throw unauthenticated('The account no longer exists.');
    return {
      enabled: Boolean(user.mfa), enabledAt: user.mfa?.enabledAt ?? null,
      recoveryCodesLeft: user.mfa?.recoveryCodeHashes.length ?? 0, required: this.requiredFor(user),
    };
  }

  async startEnrollment(viewer: SessionViewer | null, challengeToken: string | null | undefined): Promise<MfaEnrollmentModel> {
    const enrollee = await this.enrollee(viewer, challengeToken);
    const user = await this.identityRepository.findUser(enrollee.userId);
    if (!user) throw unauthenticated('The account no longer exists.');
    if (user.mfa) throw conflict('Two-step sign-in is already on; turn it off first to move it to another device.');
    const secret = newTotpSecret();
    const expiresAt = new Date(Date.now() + ENROLMENT_TTL_MS);
    await this.repository.setPending(user._id, { secret, expiresAt });
    return { secret, expiresAt, ...(await enrolmentOf(secret, this.config.MFA_ISSUER, user.email)) };
  }

  /**
   * The first code turns the factor on and gives the ten recovery codes, shown this once. Through
   * an enrolment challenge it also finishes the held sign-in (`session`); `endOtherSessions` ends
   * every other session of the user (all of them, through a challenge).
   */
  async confirmEnrollment(
    viewer: SessionViewer | null, code: string, challengeToken: string | null | undefined, endOtherSessions: boolean, audit: AuditMeta,
  ): Promise<MfaConfirmationModel> {
    const enrollee = await this.enrollee(viewer, challengeToken);
    const now = new Date();
    const throttleKey = `mfa:${enrollee.userId}`;
    const throttle = await this.identity.checkThrottle(throttleKey, now, TOO_MANY);
    const user = await this.identityRepository.findUser(enrollee.userId);
    if (!user) throw unauthenticated('The account no longer exists.');
    if (user.mfa) throw conflict('Two-step sign-in is already on.');
    const pending = user.mfaPending;
    if (!pending || pending.expiresAt <= now) throw badInput('Start the enrolment again: none is waiting for a code, or it expired.', 'code');
    const step = await matchTotp(pending.secret, code);
    if (step === undefined) {
      await this.identity.recordFailure(throttleKey, throttle, now);
      throw badInput('The code does not match; check the app shows the account you just added and try the current code.', 'code');
    }
    const recoveryCodes = newRecoveryCodes();
    const actor = { ...audit, actorId: enrollee.userId };
    const enabled = await this.repository.enable(user._id, pending.secret, {
      secret: pending.secret, enabledAt: now, lastTimeStep: step, recoveryCodeHashes: recoveryCodes.map(recoveryCodeHash),
    }, mfaEnabled(user._id, { audit: actor }));
    if (!enabled) throw conflict('This enrolment was already confirmed or replaced; start again.');
    if (throttle) await this.identityRepository.clearThrottle(throttleKey);
    await flushOutbox(this.identityRepository.users, user._id, this.events);

    let session: AuthPayloadModel | null = null;
    if ('challenge' in enrollee) {
      if (!(await this.repository.claimChallenge(enrollee.hash, new Date()))) throw challengeGone();
    }
    const keep = 'viewer' in enrollee ? enrollee.viewer.sessionId : undefined;
    const endedSessions = endOtherSessions ? await this.sessions.endSessionsExcept(user._id, keep, 'MFA_ENABLED', actor) : 0;
    if ('challenge' in enrollee) {
      const readAt = Date.now();
      const fresh = await this.identityRepository.findUser(user._id);
      if (!fresh) throw unauthenticated('The account no longer exists.');
      session = await this.identity.openSession(fresh, readAt, pendingOf(enrollee.challenge), actor, 'TOTP');
    }
    return { recoveryCodes, session, endedSessions };
  }

  /** With a current code or the password; refused while the user's role requires a second factor. */
  async disable(viewer: Viewer, code: string | null | undefined, password: string | null | undefined, audit: AuditMeta): Promise<boolean> {
    if (Boolean(code) === Boolean(password)) throw badInput('Give either a code from your authenticator app or your password.');
    const now = new Date();
    const throttleKey = `mfa:${viewer.id}`;
    const throttle = await this.identity.checkThrottle(throttleKey, now, TOO_MANY);
    const user = await this.identityRepository.findUser(viewer.id);
    if (!user) throw unauthenticated('The account no longer exists.');
    if (!user.mfa) throw conflict('Two-step sign-in is not on.');
    if (this.requiredFor(user)) throw forbidden('Your role requires two-step sign-in; it cannot be turned off.');
    const ok = code
      ? (await matchTotp(user.mfa.secret, code, user.mfa.lastTimeStep)) !== undefined
      : password!.length <= 1024 && user.passwordHash !== undefined && (await verifyPassword(user.passwordHash, password!));
    if (!ok) {
      await this.identity.recordFailure(throttleKey, throttle, now);
      throw badInput(code ? 'The code is incorrect.' : 'The password is incorrect.', code ? 'code' : 'password');
    }
    await this.repository.disable(user._id, mfaDisabled(user._id, { audit }));
    if (throttle) await this.identityRepository.clearThrottle(throttleKey);
    await flushOutbox(this.identityRepository.users, user._id, this.events);
    return true;
  }

  /** The second step of a sign-in: a TOTP code (once per time step) or a recovery code (once). */
  async verifyChallenge(challengeToken: string, code: string | null | undefined, recoveryCode: string | null | undefined, audit: AuditMeta): Promise<AuthPayloadModel> {
    if (Boolean(code) === Boolean(recoveryCode)) throw badInput('Give either a code from your authenticator app or a recovery code.');
    if ((code ?? recoveryCode)!.length > 64) throw wrongCode();
    if (!CHALLENGE.test(challengeToken)) throw challengeGone();
    const hash = sha256(challengeToken);
    const now = new Date();
    const challenge = await this.repository.findChallenge(hash);
    if (!challenge || challenge.purpose !== 'SIGN_IN' || challenge.usedAt || challenge.expiresAt <= now) throw challengeGone();
    const throttleKey = `mfa:${challenge.userId}`;
    const throttle = await this.identity.checkThrottle(throttleKey, now, TOO_MANY);
    const user = await this.identityRepository.findUser(challenge.userId);
    if (!user?.mfa) throw challengeGone();
    const actor = { ...audit, actorId: user._id };
    let ok: boolean;
    if (code) {
      const step = await matchTotp(user.mfa.secret, code, user.mfa.lastTimeStep);
      ok = step !== undefined && (await this.repository.claimTimeStep(user._id, step));
    } else {
      const remaining = Math.max(0, user.mfa.recoveryCodeHashes.length - 1);
      ok = Boolean(await this.repository.spendRecoveryCode(user._id, recoveryCodeHash(recoveryCode!), mfaRecoveryCodeUsed(user._id, { remaining, audit: actor })));
      if (ok) await flushOutbox(this.identityRepository.users, user._id, this.events);
    }
    if (!ok) {
      await this.identity.recordFailure(throttleKey, throttle, now);
      throw wrongCode();
    }
    if (!(await this.repository.claimChallenge(hash, new Date()))) throw challengeGone();
    if (throttle) await this.identityRepository.clearThrottle(throttleKey);
    const readAt = Date.now();
    const fresh = await this.identityRepository.findUser(user._id);
    if (!fresh) throw unauthenticated('The account no longer exists.');
    return this.identity.openSession(fresh, readAt, pendingOf(challenge), actor, code ? 'TOTP' : 'RECOVERY_CODE');
  }

  /** Seed only: the demo account's factor with a published secret; false when one is already on. */
  async seedFactor(userId: string, secret: string): Promise<boolean> {
    const user = await this.identityRepository.findUser(userId);
    if (!user || user.mfa) return false;
    const now = new Date();
    await this.repository.setPending(userId, { secret, expiresAt: new Date(now.getTime() + ENROLMENT_TTL_MS) });
    const enabled = await this.repository.enable(userId, secret, {
      secret, enabledAt: now, lastTimeStep: 0, recoveryCodeHashes: newRecoveryCodes().map(recoveryCodeHash),
    }, mfaEnabled(userId, { audit: { actorId: null, requestId: null, address: null } }));
    await flushOutbox(this.identityRepository.users, userId, this.events);
    return enabled;
  }

  private async enrollee(viewer: SessionViewer | null, challengeToken: string | null | undefined): Promise<Enrollee> {
    if (challengeToken === null || challengeToken === undefined) {
      if (!viewer) throw unauthenticated('Sign in to set up two-step sign-in.');
      return { userId: viewer.id, viewer };
    }
    if (!CHALLENGE.test(challengeToken)) throw challengeGone();
    const hash = sha256(challengeToken);
    const challenge = await this.repository.findChallenge(hash);
    if (!challenge || challenge.purpose !== 'ENROLL' || challenge.usedAt || challenge.expiresAt <= new Date()) throw challengeGone();
    if (viewer && viewer.id !== challenge.userId) throw forbidden('This enrolment belongs to another account.');
    return { userId: challenge.userId, challenge, hash };
  }
}
