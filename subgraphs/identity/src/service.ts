import type { CryptoKey } from 'jose';
import {
  badInput, conflict, flushOutbox, forbidden, hasRole, isId, newId, notFound, rateLimited, text, unauthenticated,
  type AuditMeta, type Config, type DomainEvent, type EventLog, type Logger, type Role, type Viewer,
} from '@lg/platform';
import {
  sessionRevoked, userProfileUpdated, userRegistered, userRoleGranted, userRoleRevoked, userSessionsRevoked, userSignedIn, type RevocationReason,
} from './events.ts';
import type { RegisterInput, UpdateProfileInput } from './generated/resolvers-types.ts';
import type { MailDispatcher } from './mail.ts';
import type { AuthPayloadModel, UserModel } from './models.ts';
import { checkPasswordPolicy, decoy, hashPassword, verifyPassword } from './password.ts';
import { EmailTakenError, type IdentityRepository } from './repository.ts';
import { parseRefreshToken, randomSecret, sameHash, sha256, signAccessToken } from './tokens.ts';

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const RESET_TTL_MS = 30 * 60 * 1000;
/** Failures within this window count toward slowing an email's logins down. */
const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
const FREE_FAILURES = 5;
const MAX_BLOCK_SECONDS = 300;

export function normaliseEmail(email: string, field = 'email'): string {
  const value = email.trim().toLowerCase();
  if (value.length > 254 || !EMAIL.test(value)) throw badInput('Enter a valid email address, such as ada@example.com.', field);
  return value;
}

/** How a user signed in, for the audited UserSignedIn event. */
export interface SignInMeta { method: 'PASSWORD' | 'OIDC'; provider?: string; audit: AuditMeta }

const invalidCredentials = () => unauthenticated('The email or password is incorrect.');

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

  async register(input: RegisterInput): Promise<AuthPayloadModel> {
    const email = normaliseEmail(input.email);
    const displayName = text(input.displayName, 'displayName', { max: 80 });
    checkPasswordPolicy(input.password, email);
    const now = new Date();
    const id = newId();
    const user: UserModel = {
      _id: id, email, displayName, bio: null, roles: ['STUDENT'], passwordHash: await hashPassword(input.password),
      createdAt: now, updatedAt: now,
      outbox: [userRegistered(id, { displayName, roles: ['STUDENT'] })],
    };
    try {
      await this.repository.insertUser(user);
    } catch (error) {
      if (error instanceof EmailTakenError) throw conflict('An account with this email already exists; sign in instead.');
      throw error;
    }
    await flushOutbox(this.repository.users, id, this.events);
    return this.startSession(user);
  }

  /** `audit`: where the request came from, for the audited UserSignedIn (left out by internal callers). */
  async login(rawEmail: string, password: string, audit?: AuditMeta): Promise<AuthPayloadModel> {
    if (password.length > 1024) throw invalidCredentials();
    const email = normaliseEmail(rawEmail);
    const now = new Date();
    const throttle = await this.repository.findThrottle(email);
    if (throttle?.blockedUntil && throttle.blockedUntil > now) {
      const seconds = Math.ceil((throttle.blockedUntil.getTime() - now.getTime()) / 1000);
      throw rateLimited(`Too many failed sign-ins for this email; try again in ${seconds} s.`, seconds);
    }
    const readAt = Date.now();
    const user = await this.repository.findUserByEmail(email);
    const ok = await verifyPassword(user?.passwordHash ?? (await decoy()), password);
    if (!user || !ok) {
      await this.recordFailure(email, throttle, now);
      throw invalidCredentials();
    }
    if (throttle) await this.repository.clearThrottle(email);
    return this.finishSignIn(user, readAt, audit && { method: 'PASSWORD', audit: { ...audit, actorId: user._id } });
  }

  /**
   * Where every way of signing in (password, an OpenID provider) ends once the user is known:
   * the place for what applies to all of them (a second factor, a suspended account, the audit).
   */
  async finishSignIn(user: UserModel, readAt = Date.now(), how?: SignInMeta): Promise<AuthPayloadModel> {
    if (how) {
      await this.record(user._id, [userSignedIn(user._id, how)]);
      await flushOutbox(this.repository.users, user._id, this.events);
    }
    return this.startSession(user, newId(), readAt);
  }

  /** Exponential back-off per email after a few failures, whether or not the account exists. */
  private async recordFailure(email: string, previous: { failures: number; lastFailureAt: Date } | null, now: Date): Promise<void> {
    const recent = previous && now.getTime() - previous.lastFailureAt.getTime() < THROTTLE_WINDOW_MS ? previous.failures : 0;
    const failures = recent + 1;
    const blockSeconds = failures >= FREE_FAILURES ? Math.min(2 ** (failures - FREE_FAILURES), MAX_BLOCK_SECONDS) : 0;
    await this.repository.saveThrottle({
      _id: email, failures, lastFailureAt: now, blockedUntil: blockSeconds ? new Date(now.getTime() + blockSeconds * 1000) : null,
    });
  }

  async refreshSession(token: string): Promise<AuthPayloadModel> {
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
    return this.startSession(user, claimed.familyId, readAt);
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
  private async endSession(userId: string, familyId: string, reason: RevocationReason, now: Date): Promise<void> {
    await this.record(userId, [sessionRevoked(userId, { sessionId: familyId, reason })]);
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

  private async record(userId: string, events: DomainEvent[]): Promise<void> {
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

  async grantRole(viewer: Viewer, userId: string, role: Role): Promise<UserModel> {
    if (!hasRole(viewer, 'ADMIN')) throw forbidden('Only an ADMIN can grant roles.');
    if (!isId(userId)) throw badInput('userId is not a valid id.', 'userId');
    const user = await this.repository.addRole(userId, role, userRoleGranted(userId, { role, by: viewer.id }));
    if (!user) throw notFound('The user');
    await flushOutbox(this.repository.users, user._id, this.events);
    return user;
  }

  /**
   * Ends the user's access tokens at once (they carry the role); their sign-ins stay, so the next
   * refresh issues a token without it. STUDENT is every user's base role and stays; an ADMIN does
   * not remove their own ADMIN role, so that the platform never loses its last ADMIN by mistake.
   */
  async revokeRole(viewer: Viewer, userId: string, role: Role): Promise<UserModel> {
    if (!hasRole(viewer, 'ADMIN')) throw forbidden('Only an ADMIN can revoke roles.');
    if (!isId(userId)) throw badInput('userId is not a valid id.', 'userId');
    if (role === 'STUDENT') throw badInput('STUDENT is every user\'s base role and cannot be revoked.', 'role');
    if (role === 'ADMIN' && userId === viewer.id) throw forbidden('You cannot remove your own ADMIN role; ask another ADMIN.');
    const events = [userRoleRevoked(userId, { role, by: viewer.id }), userSessionsRevoked(userId, { before: Date.now(), reason: 'ROLE_REVOKED' })];
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
  visibleEmail(user: UserModel & { sessionOwner?: true }, viewer: Viewer | null): string | null {
    if (user.sessionOwner) return user.email;
    return viewer && (viewer.id === user._id || hasRole(viewer, 'ADMIN')) ? user.email : null;
  }

  checkId(id: string, field: string): void {
    if (!isId(id)) throw badInput(`${field} is not a valid id.`, field);
  }

  /** `readAt`: when `user` was read, which dates the access token (see endAllSessions). */
  private async startSession(user: UserModel, familyId: string = newId(), readAt = Date.now()): Promise<AuthPayloadModel> {
    const access = await signAccessToken(user, familyId, readAt, this.signingKey, this.config);
    const id = newId();
    const secret = randomSecret();
    const now = new Date();
    await this.repository.insertRefreshToken({
      _id: id, familyId, userId: user._id, secretHash: sha256(secret), createdAt: now,
      expiresAt: new Date(now.getTime() + this.config.REFRESH_TOKEN_TTL_DAYS * 86_400_000), usedAt: null, revokedAt: null,
    });
    return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken: `${id}.${secret}`, user: { ...user, sessionOwner: true } };
  }
}
