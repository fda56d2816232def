import {
  badInput, conflict, flushOutbox, newId, notFound, rateLimited, signedIn, type AuditMeta, type Config, type EventLog, type Viewer,
} from '@lg/platform';
import { UserEmailChanged, UserEmailVerified, UserSessionsRevoked } from '@lg/events';
import type { SessionViewer } from '../client.ts';
import type { MailDispatcher } from '../mail.ts';
import type { MailRecord, UserModel } from '../models.ts';
import { EmailTakenError, type IdentityRepository } from '../repository.ts';
import { normaliseEmail, type IdentityService } from '../service.ts';
import { randomSecret, sha256 } from '../tokens.ts';
import { emailChangedMail, verificationMail } from './mail.ts';
import type { VerificationRepository } from './repository.ts';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Email verification: a random single-use link (only its hash stored) sent through the mail outbox
 * to each new address. Access tokens carry the result (`ev`), so what waits for it is refused in
 * every subgraph without a read; a client refreshes its session after verifying.
 */
export class VerificationService {
  constructor(
    private readonly repository: VerificationRepository,
    private readonly identityRepository: IdentityRepository,
    private readonly identity: IdentityService,
    private readonly events: EventLog,
    private readonly mail: MailDispatcher,
    private readonly config: Config,
  ) {}

  private get origin(): string {
    return this.config.WEB_ORIGINS.split(',')[0]!.trim();
  }

  /** Queues a link to the user's current address. */
  async sendLink(user: Pick<UserModel, '_id' | 'email' | 'displayName'>, now = new Date()): Promise<void> {
    const token = randomSecret();
    await this.repository.insertLink({
      _id: sha256(token), userId: user._id, email: user.email, createdAt: now,
      expiresAt: new Date(now.getTime() + this.config.EMAIL_VERIFICATION_TTL_HOURS * 3_600_000), usedAt: null,
    });
    const link = `${this.origin}/verify-email?token=${token}`;
    await this.queue(verificationMail(user.email, user.displayName, link, token, this.config.EMAIL_VERIFICATION_TTL_HOURS), now);
  }

  /** Anyone holding the link (signed in or not) verifies the address it was sent to, once. */
  async verifyEmail(token: string): Promise<UserModel> {
    if (!TOKEN.test(token)) throw badInput('The verification link is not valid.', 'token');
    const link = await this.repository.claimLink(sha256(token), new Date());
    if (!link) throw badInput('The verification link is invalid, expired or already used; ask for a new one.', 'token');
    const user = await this.repository.markVerified(link.userId, link.email, UserEmailVerified.build({ userId: link.userId }));
    if (!user) throw badInput('This link was sent to an address the account no longer uses; ask for a new one.', 'token');
    await flushOutbox(this.identityRepository.users, user._id, this.events);
    return user;
  }

  /**
   * Verified without a link: the demo seed's accounts, whose addresses are no real mailboxes.
   * No API reaches it.
   */
  async markVerified(userId: string): Promise<UserModel | null> {
    const user = await this.identityRepository.findUser(userId);
    if (!user || user.emailVerified) return user;
    const verified = await this.repository.markVerified(userId, user.email, UserEmailVerified.build({ userId }));
    await flushOutbox(this.identityRepository.users, userId, this.events);
    return verified;
  }

  async resendVerification(viewer: Viewer | null): Promise<boolean> {
    const actor = signedIn(viewer);
    const now = new Date();
    const user = await this.repository.claimResend(actor.id, now, new Date(now.getTime() - this.config.EMAIL_VERIFICATION_RESEND_SECONDS * 1000));
    if (!user) {
      const current = await this.identityRepository.findUser(actor.id);
      if (!current) throw notFound('Your account');
      if (current.emailVerified) throw conflict('Your email address is already verified.');
      const wait = Math.max(1, Math.ceil(((current.verificationSentAt?.getTime() ?? 0) + this.config.EMAIL_VERIFICATION_RESEND_SECONDS * 1000 - now.getTime()) / 1000));
      throw rateLimited(`A verification mail was sent moments ago; you can ask for another in ${wait} s.`, wait);
    }
    await this.sendLink(user, now);
    return true;
  }

  /**
   * The password proves it is the user (throttled as sign-ins are; a recent sign-in for a provider's account); the new address is unverified
   * until its link is opened; every access token of the user ends (their refresh tokens stay), so
   * the next refresh says "unverified" everywhere; the old address is told.
   */
  async changeEmail(viewer: SessionViewer, rawEmail: string, password: string | null | undefined, audit: AuditMeta): Promise<UserModel> {
    const actor = viewer;
    const email = normaliseEmail(rawEmail, 'newEmail');
    const user = await this.identityRepository.findUser(actor.id);
    if (!user) throw notFound('Your account');
    const now = new Date();
    await this.identity.confirmIdentity(user, viewer, password, { field: 'password', what: 'changing your email address' });
    if (email === user.email) throw badInput('That is already your email address.', 'newEmail');
    let changed: UserModel | null;
    try {
      changed = await this.repository.changeEmail(user._id, email, now, [
        UserEmailChanged.build({ userId: user._id, email, audit }),
        UserSessionsRevoked.build({ userId: user._id, before: Date.now(), reason: 'EMAIL_CHANGED' }),
      ]);
    } catch (error) {
      if (error instanceof EmailTakenError) throw conflict('Another account uses this email address.');
      throw error;
    }
    if (!changed) throw notFound('Your account');
    await flushOutbox(this.identityRepository.users, user._id, this.events);
    await this.sendLink(changed, now);
    await this.queue(emailChangedMail(user.email, user.displayName, email, this.origin), now);
    return changed;
  }

  /** Only the user themself and ADMIN learn whether an address is verified. */
  visibleEmailVerified(user: UserModel & { sessionOwner?: true }, viewer: Viewer | null): boolean | null {
    return this.identity.seesPrivateFields(user, viewer) ? user.emailVerified !== false : null;
  }

  private async queue(mail: Pick<MailRecord, 'to' | 'subject' | 'text'>, now: Date): Promise<void> {
    await this.identityRepository.queueMail({ _id: newId(), ...mail, createdAt: now, sentAt: null, attempts: 0 });
    this.mail.wake();
  }
}
