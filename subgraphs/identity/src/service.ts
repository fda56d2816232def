import type { CryptoKey } from 'jose';
import {
  badInput, conflict, flushOutbox, forbidden, hasRole, isId, newId, notFound, rateLimited, text, unauthenticated,
  type AuditMeta, type Config, type DomainEvent, type EventLog, type Logger, type Role, type Viewer,
} from '@lg/platform';
import { accountSuspended, isSuspended } from './admin/suspension.ts';
import {
  sessionRevoked, userProfileUpdated, userRegistered, userRoleGranted, userRoleRevoked, userSessionsRevoked, userSignedIn, userSignInFailed,
  type RevocationReason,
} from './events.ts';
import type { RegisterInput, UpdateProfileInput } from './generated/resolvers-types.ts';
import type { MailDispatcher } from './mail.ts';
import type { AuthPayloadModel, ClientInfo, UserModel } from './models.ts';
import { isRecentSignIn, recentSignInRequired } from './recent-sign-in.ts';
import { checkPasswordPolicy, decoy, hashPassword, verifyPassword } from './password.ts';
import { EmailTakenError, type IdentityRepository } from './repository.ts';
import { parseRefreshToken, randomSecret, sameHash, sha256, signAccessToken } from './tokens.ts';

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const RESET_TTL_MS = 30 * 60 * 1000;
/** Failures within this window count toward slowing an email's logins down. */
const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
const FREE_FAILURES = 5;
const MAX_BLOCK_SECONDS = 300;
/**
 * Failed sign-ins of one email audited per throttle window: the first ones, then every tenth, so that
 * a flood of guesses (already slowed by the throttle) cannot flood the event log and the audit log.
 */
const AUDITED_FAILURES = 10;
const NO_AUDIT: AuditMeta = { actorId: null, requestId: null, address: null };

/**
 * How a sign-in reached finishSignIn: by what method (a provider's id for OIDC), who asked from
 * where (the audit), and the client's device and address (its session).
 */
export interface SignInOptions {
  method?: 'PASSWORD' | 'OIDC';
  provider?: string;
  audit?: AuditMeta;
  client?: ClientInfo;
}

/** What a sign-in stopped by a gate must remember to finish later (the second factor's step). */
export interface PendingSignIn { method: 'PASSWORD' | 'OIDC'; provider?: string; client: ClientInfo }

export function normaliseEmail(email: string, field = 'email'): string {
  const value = email.trim().toLowerCase();
  if (value.length > 254 || !EMAIL.test(value)) throw badInput('Enter a valid email address, such as ada@example.com.', field);
  return value;
}


const invalidCredentials = () => unauthenticated('The email or password is incorrect.');

/**
 * A check every sign-in passes once the user is known and before tokens are issued (a second
 * factor, a suspended account); it throws to stop the sign-in. Sub-domains register theirs.
 */
export type SignInGate = (user: UserModel, readAt: number, pending: PendingSignIn) => Promise<void>;

const NO_CLIENT: ClientInfo = { userAgent: null, address: null };

/** Identity's use cases and rules; resolvers only translate to and from GraphQL. */
export class IdentityService {
  constructor(
    private readonly repository: IdentityRepository,
    private readonly events: EventLog,
    private readonly signingKey: CryptoKey,
    private readonly config: Config,
    private readonly mail: MailDispatcher,
    private readonly logger: Logger,
  ) {}

  /** What a sub-domain does for each new account (verification sends its link); set at start-up. */
  onRegistered: (user: UserModel) => Promise<void> = async () => {};

  /** Checked in order by finishSignIn; see SignInGate. */
  readonly signInGates: SignInGate[] = [];

  async register(input: RegisterInput, client: ClientInfo = NO_CLIENT, audit: AuditMeta = NO_AUDIT): Promise<AuthPayloadModel> {
    const email = normaliseEmail(input.email);
    const displayName = text(input.displayName, 'displayName', { max: 80 });
    checkPasswordPolicy(input.password, email);
    const now = new Date();
    const id = newId();
    const user: UserModel = {
      _id: id, email, displayName, bio: null, roles: ['STUDENT'], passwordHash: await hashPassword(input.password),
      emailVerified: false, verificationSentAt: now, createdAt: now, updatedAt: now,
      outbox: [userRegistered(id, { displayName, roles: ['STUDENT'], email })],
    };
    try {
      await this.repository.insertUser(user);
    } catch (error) {
      if (error instanceof EmailTakenError) throw conflict('An account with this email already exists; sign in instead.');
      throw error;
    }
    await flushOutbox(this.repository.users, id, this.events);
    await this.onRegistered(user);
    // A sign-in like any other: a role that requires a second factor (STUDENT, if so configured) asks for one.
    return this.finishSignIn(user, Date.now(), { method: 'PASSWORD', audit, client });
  }

  async login(rawEmail: string, password: string, client: ClientInfo = NO_CLIENT, audit: AuditMeta = NO_AUDIT): Promise<AuthPayloadModel> {
    if (password.length > 1024) throw invalidCredentials();
    const email = normaliseEmail(rawEmail);
    const now = new Date();
    const throttle = await this.checkThrottle(email, now, 'Too many failed sign-ins for this email');
    const readAt = Date.now();
    const user = await this.repository.findUserByEmail(email);
    const ok = await verifyPassword(user?.passwordHash ?? (await decoy()), password);
    if (!user || !ok) {
      const failures = await this.recordFailure(email, throttle, now);
      if (failures <= AUDITED_FAILURES || failures % AUDITED_FAILURES === 0) {
        await this.events.append([userSignInFailed({ userId: user?._id ?? null, email, reason: 'BAD_CREDENTIALS', audit })]);
      }
      throw invalidCredentials();
    }
    if (throttle) await this.repository.clearThrottle(email);
    return this.finishSignIn(user, readAt, { method: 'PASSWORD', audit, client });
  }

  /**
   * Where every way of signing in (password, an OpenID provider) ends once the user is known:
   * the place for what applies to all of them (a second factor, a suspended account, the audit).
   */
  async finishSignIn(user: UserModel, readAt = Date.now(), options: SignInOptions = {}): Promise<AuthPayloadModel> {
    // A deleted account keeps its id and nothing else: no way in, and nothing said about why.
    if (user.deletedAt) throw invalidCredentials();
    const client = options.client ?? NO_CLIENT;
    const audit = { ...(options.audit ?? NO_AUDIT), actorId: user._id };
    if (isSuspended(user)) {
      await this.record(user._id, [userSignInFailed({ userId: user._id, email: user.email, reason: 'SUSPENDED', audit })]);
      await flushOutbox(this.repository.users, user._id, this.events);
      throw accountSuspended();
    }
    const method = options.method ?? 'PASSWORD';
    const pending: PendingSignIn = { method, ...(options.provider ? { provider: options.provider } : {}), client };
    for (const gate of this.signInGates) await gate(user, readAt, pending);
    return this.openSession(user, readAt, pending, audit);
  }

  /**
   * Opens the session of a sign-in that passed every gate, here or after its second factor, and
   * records it (the audit's UserSignedIn, with the factor that completed it when there was one).
   */
  async openSession(user: UserModel, readAt: number, pending: PendingSignIn, audit: AuditMeta, secondFactor?: 'TOTP' | 'RECOVERY_CODE'): Promise<AuthPayloadModel> {
    // Suspended or deleted while their second factor was awaited.
    if (user.deletedAt) throw invalidCredentials();
    if (isSuspended(user)) throw accountSuspended();
    const familyId = newId();
    const payload = await this.startSession(user, familyId, readAt, pending.client);
    await this.record(user._id, [userSignedIn(user._id, {
      sessionId: familyId, method: pending.method, ...(pending.provider ? { provider: pending.provider } : {}),
      ...(secondFactor ? { secondFactor } : {}), audit: { ...audit, actorId: user._id },
    })]);
    await flushOutbox(this.repository.users, user._id, this.events);
    return payload;
  }

  /**
   * The throttle record of `key` (an email; `mfa:<user id>` for second-factor codes), refusing with
   * RATE_LIMITED while it is blocked.
   */
  async checkThrottle(key: string, now: Date, what: string): Promise<{ failures: number; lastFailureAt: Date } | null> {
    const throttle = await this.repository.findThrottle(key);
    if (throttle?.blockedUntil && throttle.blockedUntil > now) {
      const seconds = Math.ceil((throttle.blockedUntil.getTime() - now.getTime()) / 1000);
      throw rateLimited(`${what}; try again in ${seconds} s.`, seconds);
    }
    return throttle;
  }

  /**
   * A signed-in user proving it is them with their password (changing their email or password):
   * wrong answers count toward the sign-in throttle of their email and are BAD_USER_INPUT on
   * `field` (the session itself is fine). A user without a password (a provider's) never passes.
   */
  async confirmPassword(user: UserModel, password: string, field: string, message = 'The password is incorrect.'): Promise<void> {
    const now = new Date();
    const throttle = await this.checkThrottle(user.email, now, 'Too many wrong passwords for this account');
    if (password.length > 1024 || !user.passwordHash || !(await verifyPassword(user.passwordHash, password))) {
      await this.recordFailure(user.email, throttle, now);
      throw badInput(message, field);
    }
    if (throttle) await this.repository.clearThrottle(user.email);
  }

  /**
   * Proof that it is the user at the keyboard, not a token left open somewhere, before a sensitive
   * change: their password when they have one (see confirmPassword), otherwise a recent sign-in
   * through their provider (`what` names the change in the refusal: "deleting an account").
   */
  async confirmIdentity(
    user: UserModel, viewer: { authenticatedAt: Date | undefined }, password: string | null | undefined,
    { field, what, wrong }: { field: string; what: string; wrong?: string },
  ): Promise<void> {
    if (user.passwordHash === undefined) {
      if (!isRecentSignIn(viewer.authenticatedAt)) throw recentSignInRequired(what);
      return;
    }
    if (!password) throw badInput(`Give your password to confirm ${what}.`, field);
    await this.confirmPassword(user, password, field, wrong);
  }

  /** Exponential back-off per key (an email, whether or not the account exists) after a few failures; the failures counted so far. */
  async recordFailure(email: string, previous: { failures: number; lastFailureAt: Date } | null, now: Date): Promise<number> {
    const recent = previous && now.getTime() - previous.lastFailureAt.getTime() < THROTTLE_WINDOW_MS ? previous.failures : 0;
    const failures = recent + 1;
    const blockSeconds = failures >= FREE_FAILURES ? Math.min(2 ** (failures - FREE_FAILURES), MAX_BLOCK_SECONDS) : 0;
    await this.repository.saveThrottle({
      _id: email, failures, lastFailureAt: now, blockedUntil: blockSeconds ? new Date(now.getTime() + blockSeconds * 1000) : null,
    });
    return failures;
  }

  async refreshSession(token: string, client: ClientInfo = NO_CLIENT): Promise<AuthPayloadModel> {
    const parsed = parseRefreshToken(token);
    if (!parsed) throw unauthenticated('The refresh token is not valid.');
    const now = new Date();
    const record = await this.repository.findRefreshToken(parsed.id);
    if (!record || !sameHash(record.secretHash, sha256(parsed.secret))) throw unauthenticated('The refresh token is not valid.');
    const claimed = await this.repository.claimRefreshToken(record._id, now);
    if (!claimed) {
      if (record.usedAt || (await this.repository.findRefreshToken(record._id))?.usedAt) {
        // A rotated token came back: someone holds a copy. End every session of that sign-in.
        await this.endSession(record.userId, record.familyId, 'REFRESH_TOKEN_REUSE', now);
        this.logger.warn({ familyId: record.familyId, userId: record.userId }, 'refresh token reuse; family revoked');
        throw unauthenticated('This refresh token was already used; the session has been ended for safety. Sign in again.');
      }
      throw unauthenticated('The session has expired or was ended; sign in again.');
    }
    const readAt = Date.now();
    const user = await this.repository.findUser(claimed.userId);
    if (!user) throw unauthenticated('The account no longer exists.');
    if (isSuspended(user)) {
      // Suspended after this family's tokens were ended (or while it was being refreshed): end it now.
      await this.repository.revokeFamily(claimed.familyId, now);
      throw accountSuspended();
    }
    return this.startSession(user, claimed.familyId, readAt, client, claimed.sessionStartedAt ?? claimed.createdAt);
  }

  async logout(token: string): Promise<boolean> {
    const parsed = parseRefreshToken(token);
    if (!parsed) throw badInput('The refresh token is not valid.', 'refreshToken');
    const record = await this.repository.findRefreshToken(parsed.id);
    // An already revoked family had its revocation recorded before it was revoked.
    if (record && !record.revokedAt && sameHash(record.secretHash, sha256(parsed.secret))) {
      await this.endSession(record.userId, record.familyId, 'LOGOUT', new Date());
    }
    return true;
  }

  /**
   * The revocation is recorded (in the user's outbox) before the family is revoked, so that a
   * revoked family always has its event in the log, whatever crashes in between.
   */
  async endSession(userId: string, familyId: string, reason: RevocationReason, now: Date, audit?: AuditMeta): Promise<void> {
    await this.record(userId, [sessionRevoked(userId, { sessionId: familyId, reason, ...(audit ? { audit } : {}) })]);
    await this.repository.revokeFamily(familyId, now);
    await flushOutbox(this.repository.users, userId, this.events);
  }

  /**
   * Every access token of the user signed before now ends. The change that causes it (new
   * password, lost role) already carried a revocation in its own write, so a crash loses none;
   * this second one is dated after that write, so a sign-in that read the user just before it
   * (tokens are dated when the user was read) is caught too.
   */
  private async endAllSessions(userId: string, reason: RevocationReason): Promise<void> {
    await this.record(userId, [userSessionsRevoked(userId, { before: Date.now(), reason })]);
    await flushOutbox(this.repository.users, userId, this.events);
  }

  /**
   * Ends every sign-in of the user: their refresh families, then (as endAllSessions) their access
   * tokens. The change that causes it must already have recorded its own revocation in its write.
   */
  async endEverySession(userId: string, reason: RevocationReason): Promise<void> {
    await this.repository.revokeAllOfUser(userId, new Date());
    await this.endAllSessions(userId, reason);
  }

  async record(userId: string, events: DomainEvent[]): Promise<void> {
    if (!(await this.repository.recordEvents(userId, events))) await this.events.append(events);
  }

  async updateProfile(viewer: Viewer, input: UpdateProfileInput): Promise<UserModel> {
    const set: { displayName?: string; bio?: string | null } = {};
    if (input.displayName !== undefined && input.displayName !== null) set.displayName = text(input.displayName, 'displayName', { max: 80 });
    if (input.bio !== undefined && input.bio !== null) {
      const bio = input.bio.trim();
      if (bio.length > 2000) throw badInput('bio must be at most 2000 characters.', 'bio');
      set.bio = bio === '' ? null : bio;
    }
    if (Object.keys(set).length === 0) throw badInput('Give displayName or bio to change.');
    const user = await this.repository.updateProfile(viewer.id, set, userProfileUpdated(viewer.id, set));
    if (!user) throw notFound('Your account');
    await flushOutbox(this.repository.users, user._id, this.events);
    return user;
  }

  async requestPasswordReset(rawEmail: string): Promise<boolean> {
    const email = normaliseEmail(rawEmail);
    const user = await this.repository.findUserByEmail(email);
    if (!user) return true;
    const token = randomSecret();
    const now = new Date();
    await this.repository.insertReset({ _id: sha256(token), userId: user._id, createdAt: now, expiresAt: new Date(now.getTime() + RESET_TTL_MS), usedAt: null });
    const origin = this.config.WEB_ORIGINS.split(',')[0]!.trim();
    await this.repository.queueMail({
      _id: newId(), to: user.email, subject: 'Reset your Learning Graph password', createdAt: now, sentAt: null, attempts: 0,
      text: `Hello ${user.displayName},\n\nUse this link within 30 minutes to choose a new password:\n${origin}/reset-password?token=${token}\n\nReset token: ${token}\n\nIf you did not ask for this, ignore this mail.`,
    });
    this.mail.wake();
    return true;
  }

  async resetPassword(token: string, newPassword: string): Promise<boolean> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw badInput('The reset link is not valid.', 'token');
    const now = new Date();
    const reset = await this.repository.claimReset(sha256(token), now);
    if (!reset) throw badInput('The reset link is invalid, expired or already used; ask for a new one.', 'token');
    const user = await this.repository.findUser(reset.userId);
    if (!user) throw notFound('The account');
    checkPasswordPolicy(newPassword, user.email, 'newPassword');
    const passwordHash = await hashPassword(newPassword);
    await this.repository.setPassword(user._id, passwordHash, [userSessionsRevoked(user._id, { before: Date.now(), reason: 'PASSWORD_RESET' })]);
    await this.repository.revokeAllOfUser(user._id, now);
    await this.endAllSessions(user._id, 'PASSWORD_RESET');
    await this.repository.clearThrottle(user.email);
    return true;
  }

  async grantRole(viewer: Viewer, userId: string, role: Role, audit: AuditMeta = { ...NO_AUDIT, actorId: viewer.id }): Promise<UserModel> {
    if (!hasRole(viewer, 'ADMIN')) throw forbidden('Only an ADMIN can grant roles.');
    if (!isId(userId)) throw badInput('userId is not a valid id.', 'userId');
    const user = await this.repository.addRole(userId, role, userRoleGranted(userId, { role, by: viewer.id, audit }));
    if (!user) throw notFound('The user');
    await flushOutbox(this.repository.users, user._id, this.events);
    return user;
  }

  /**
   * Ends the user's access tokens at once (they carry the role); their sign-ins stay, so the next
   * refresh issues a token without it. STUDENT is every user's base role and stays; an ADMIN does
   * not remove their own ADMIN role, so that the platform never loses its last ADMIN by mistake.
   */
  async revokeRole(viewer: Viewer, userId: string, role: Role, audit: AuditMeta = { ...NO_AUDIT, actorId: viewer.id }): Promise<UserModel> {
    if (!hasRole(viewer, 'ADMIN')) throw forbidden('Only an ADMIN can revoke roles.');
    if (!isId(userId)) throw badInput('userId is not a valid id.', 'userId');
    if (role === 'STUDENT') throw badInput('STUDENT is every user\'s base role and cannot be revoked.', 'role');
    if (role === 'ADMIN' && userId === viewer.id) throw forbidden('You cannot remove your own ADMIN role; ask another ADMIN.');
    const events = [userRoleRevoked(userId, { role, by: viewer.id, audit }), userSessionsRevoked(userId, { before: Date.now(), reason: 'ROLE_REVOKED' })];
    const changed = await this.repository.removeRole(userId, role, events);
    if (!changed) {
      // Not held: nothing to end.
      const user = await this.repository.findUser(userId);
      if (!user) throw notFound('The user');
      return user;
    }
    await this.endAllSessions(userId, 'ROLE_REVOKED');
    return changed;
  }

  /** The email is private: the user themself and ADMIN see it. */
  /** What only the user themself (or an ADMIN) may read about an account: its email, how it signs in… */
  seesPrivateFields(user: UserModel & { sessionOwner?: true }, viewer: Viewer | null): boolean {
    return Boolean(user.sessionOwner || (viewer && (viewer.id === user._id || hasRole(viewer, 'ADMIN'))));
  }

  visibleEmail(user: UserModel & { sessionOwner?: true }, viewer: Viewer | null): string | null {
    return this.seesPrivateFields(user, viewer) ? user.email : null;
  }

  visibleHasPassword(user: UserModel & { sessionOwner?: true }, viewer: Viewer | null): boolean | null {
    return this.seesPrivateFields(user, viewer) ? user.passwordHash !== undefined : null;
  }

  checkId(id: string, field: string): void {
    if (!isId(id)) throw badInput(`${field} is not a valid id.`, field);
  }

  /**
   * `readAt`: when `user` was read, which dates the access token (see endAllSessions). Each refresh
   * token of a family records the device and address that last used the session and when it began.
   */
  async startSession(
    user: UserModel, familyId: string = newId(), readAt = Date.now(), client: ClientInfo = NO_CLIENT, startedAt?: Date,
  ): Promise<AuthPayloadModel> {
    const now = new Date();
    const access = await signAccessToken(user, familyId, readAt, startedAt ?? now, this.signingKey, this.config);
    const id = newId();
    const secret = randomSecret();
    await this.repository.insertRefreshToken({
      _id: id, familyId, userId: user._id, secretHash: sha256(secret), createdAt: now,
      expiresAt: new Date(now.getTime() + this.config.REFRESH_TOKEN_TTL_DAYS * 86_400_000), usedAt: null, revokedAt: null,
      sessionStartedAt: startedAt ?? now, userAgent: client.userAgent, address: client.address,
    });
    return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken: `${id}.${secret}`, user: { ...user, sessionOwner: true } };
  }
}
