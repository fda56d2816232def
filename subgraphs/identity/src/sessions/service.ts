import { badInput, flushOutbox, isId, notFound, unauthenticated, type AuditMeta, type EventLog, type Viewer } from '@lg/platform';
import type { RevocationReason } from '../events.ts';
import { userPasswordChanged } from '../events.ts';
import { checkPasswordPolicy, hashPassword } from '../password.ts';
import type { IdentityRepository } from '../repository.ts';
import type { IdentityService } from '../service.ts';
import type { SessionViewer } from '../client.ts';
import type { SessionModel } from './models.ts';
import type { SessionRepository } from './repository.ts';

export const MAX_SESSIONS_PAGE = 50;

/**
 * A user's sessions (sign-ins, each a refresh-token family): listed, ended one by one or all but
 * the current one. Ending one revokes its family and publishes SessionRevoked, which the gateways'
 * revocation lists turn into refusing its access tokens within seconds.
 */
export class SessionService {
  constructor(
    private readonly repository: SessionRepository,
    private readonly identityRepository: IdentityRepository,
    private readonly identity: IdentityService,
    private readonly events: EventLog,
  ) {}

  async mySessions(viewer: SessionViewer, first: number): Promise<SessionModel[]> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_SESSIONS_PAGE) throw badInput(`first must be between 1 and ${MAX_SESSIONS_PAGE}.`, 'first');
    const tokens = await this.repository.liveTokens(viewer.id, new Date(), first);
    return tokens.map((t) => ({
      id: t.familyId, userAgent: t.userAgent ?? null, address: t.address ?? null,
      createdAt: t.sessionStartedAt ?? t.createdAt, lastUsedAt: t.createdAt, current: t.familyId === viewer.sessionId,
    }));
  }

  /** Ending the current session is a sign-out; another user's session is not found, as an unknown one. */
  async endSession(viewer: Viewer, id: string, audit: AuditMeta): Promise<boolean> {
    if (!isId(id)) throw badInput('id is not a valid session id.', 'id');
    if (!(await this.repository.findOpenToken(viewer.id, id))) throw notFound('The session');
    await this.identity.endSession(viewer.id, id, 'ENDED_BY_USER', new Date(), audit);
    return true;
  }

  /** How many sessions were ended. */
  endOtherSessions(viewer: SessionViewer, audit: AuditMeta): Promise<number> {
    return this.endSessionsExcept(viewer.id, viewer.sessionId, 'ENDED_BY_USER', audit);
  }

  /** Every open session of the user but `keep`; each gets its own SessionRevoked. */
  async endSessionsExcept(userId: string, keep: string | undefined, reason: RevocationReason, audit: AuditMeta): Promise<number> {
    const now = new Date();
    const families = (await this.repository.openFamilies(userId, now)).filter((f) => f !== keep);
    for (const familyId of families) await this.identity.endSession(userId, familyId, reason, now, audit);
    return families.length;
  }

  /**
   * Checked and throttled like a sign-in (per email), since it proves the password. Other sessions
   * stay unless asked to end; this one always stays.
   */
  async changePassword(viewer: SessionViewer, current: string | null | undefined, next: string, endOthers: boolean, audit: AuditMeta): Promise<boolean> {
    const user = await this.identityRepository.findUser(viewer.id);
    if (!user) throw unauthenticated('The account no longer exists.');
    // A provider's account without a password sets its first one after a recent sign-in.
    await this.identity.confirmIdentity(user, viewer, current, { field: 'currentPassword', what: 'setting a password', wrong: 'The current password is incorrect.' });
    checkPasswordPolicy(next, user.email, 'newPassword');
    if (current && next === current) throw badInput('Choose a password different from the current one.', 'newPassword');
    await this.identityRepository.setPassword(user._id, await hashPassword(next), [userPasswordChanged(user._id, { audit })]);
    await flushOutbox(this.identityRepository.users, user._id, this.events);
    if (endOthers) await this.endSessionsExcept(user._id, viewer.sessionId, 'PASSWORD_CHANGED', audit);
    return true;
  }
}
