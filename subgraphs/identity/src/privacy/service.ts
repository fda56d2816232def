import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  badInput, conflict, flushOutbox, hasRole, isId, newId, notFound,
  type AuditMeta, type Config, type EventLog, type ExportParts, type Logger, type Viewer,
} from '@lg/platform';
import { AccountDeletionCancelled, AccountDeletionScheduled, DataExportRequested, UserDeleted, UserProfileUpdated, UserSessionsRevoked } from '@lg/events';
import type { SessionViewer } from '../client.ts';
import type { IdentityService } from '../service.ts';
import type { AccountDeletionDocument, DataExportDocument } from './models.ts';
import { DELETED_NAME, type PrivacyRepository } from './repository.ts';

const MAX_EXPORTS_LISTED = 20;
const SWEEP_BATCH = 50;
/** A deletion left DELETING this long was abandoned by a crashed sweeper: another finishes it. */
const ABANDONED_MS = 60_000;
/** Data export and account deletion: identity's half (each subgraph's part is its own participant). */
export class PrivacyService {
  private readonly urlKey: Buffer;

  constructor(
    private readonly repository: PrivacyRepository,
    private readonly events: EventLog,
    private readonly config: Config,
    private readonly logger: Logger,
    private readonly parts: ExportParts,
    /** Confirms a password with the sign-in throttle: a stolen token must not make it a guessing oracle. */
    private readonly identity: Pick<IdentityService, 'confirmIdentity'>,
    /** Signs download links; derived from identity's private key, so it is never configured apart. */
    secret: string,
  ) {
    this.urlKey = createHmac('sha256', secret).update('data-export-url').digest();
  }

  private get expectedParts(): string[] {
    return this.config.DATA_EXPORT_PARTS.split(',');
  }

  /** One export under way at a time: asking again while one is pending answers that one. */
  async requestDataExport(viewer: Viewer, audit: AuditMeta): Promise<DataExportDocument> {
    const pending = await this.repository.pendingExportOf(viewer.id);
    if (pending) return pending;
    const id = newId();
    const doc: DataExportDocument = {
      _id: id, userId: viewer.id, status: 'PENDING', requestedAt: new Date(), completedAt: null,
      expectedParts: this.expectedParts, parts: [], expiresAt: null,
      outbox: [DataExportRequested.build({ exportId: id, userId: viewer.id, audit })],
    };
    await this.repository.insertExport(doc);
    await flushOutbox(this.repository.exports, id, this.events);
    return doc;
  }

  /** The requester's or, for an ADMIN, anyone's; another user's is NOT_FOUND, so ids reveal nothing. */
  async dataExport(viewer: Viewer, id: string): Promise<DataExportDocument> {
    if (!isId(id)) throw badInput('id is not a valid id.', 'id');
    const doc = await this.repository.findExport(id);
    if (!doc || (doc.userId !== viewer.id && !hasRole(viewer, 'ADMIN'))) throw notFound('The data export');
    return doc;
  }

  myDataExports(viewer: Viewer, first: number | null | undefined): Promise<DataExportDocument[]> {
    const limit = first ?? 10;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_EXPORTS_LISTED) throw badInput(`first must be between 1 and ${MAX_EXPORTS_LISTED}.`, 'first');
    return this.repository.exportsOf(viewer.id, limit);
  }

  /** A consumer of DataExportPartReady: idempotent ($addToSet), READY once every part is in. */
  async partReady(exportId: string, subgraph: string): Promise<void> {
    const doc = await this.repository.addPart(exportId, subgraph, new Date(), this.config.DATA_EXPORT_TTL_HOURS * 3_600_000);
    if (doc?.status === 'READY' && doc.completedAt && doc.parts.length === doc.expectedParts.length) this.logger.info({ exportId }, 'data export ready');
  }

  /** The whole export as one JSON document: each subgraph's part under its name. */
  async content(doc: DataExportDocument): Promise<Record<string, unknown>> {
    const parts = await this.parts.read(doc._id, doc.expectedParts);
    return {
      exportId: doc._id, userId: doc.userId, requestedAt: doc.requestedAt, completedAt: doc.completedAt,
      parts: Object.fromEntries(doc.expectedParts.map((p) => [p, parts.get(p) ?? null])),
    };
  }

  /** A path on the gateway's origin, valid DATA_EXPORT_URL_TTL_SECONDS; null until the export is ready. */
  downloadUrl(doc: DataExportDocument): string | null {
    if (doc.status !== 'READY') return null;
    const expires = Date.now() + this.config.DATA_EXPORT_URL_TTL_SECONDS * 1000;
    return `/data-exports/${doc._id}?expires=${expires}&signature=${this.sign(doc._id, expires)}`;
  }

  /** The export a download link names, when its signature holds and it has not expired. */
  async byDownloadLink(id: string, expires: string, signature: string): Promise<DataExportDocument | null> {
    const at = Number(expires);
    if (!isId(id) || !Number.isSafeInteger(at) || at < Date.now() || !/^[A-Za-z0-9_-]{43}$/.test(signature)) return null;
    const expected = Buffer.from(this.sign(id, at));
    if (!timingSafeEqual(expected, Buffer.from(signature))) return null;
    const doc = await this.repository.findExport(id);
    return doc?.status === 'READY' ? doc : null;
  }

  private sign(id: string, expires: number): string {
    return createHmac('sha256', this.urlKey).update(`${id}.${expires}`).digest('base64url');
  }

  async expireExports(now = new Date()): Promise<number> {
    const expired = await this.repository.expiredExports(now, SWEEP_BATCH);
    for (const doc of expired) await this.parts.remove(doc._id, doc.expectedParts);
    await this.repository.deleteExports(expired.map((e) => e._id));
    return expired.length;
  }

  myAccountDeletion(viewer: Viewer): Promise<AccountDeletionDocument | null> {
    return this.repository.findDeletion(viewer.id).then((d) => (d?.state === 'SCHEDULED' ? d : null));
  }

  /**
   * Proof that it is the user at the keyboard, not a token left open somewhere: the password, or,
   * for an account that signs in only through a provider, a sign-in of the last few minutes.
   */
  async deleteMyAccount(viewer: SessionViewer, password: string | null | undefined, audit: AuditMeta): Promise<AccountDeletionDocument> {
    const user = await this.repository.findUser(viewer.id);
    if (!user || user.deletedAt) throw notFound('Your account');
    const now = new Date();
    await this.identity.confirmIdentity(user, viewer, password, { field: 'password', what: 'deleting your account' });
    const deleteAt = new Date(now.getTime() + this.config.ACCOUNT_DELETION_GRACE_SECONDS * 1000);
    const scheduled = await this.repository.scheduleDeletion({
      _id: viewer.id, state: 'SCHEDULED', requestedAt: now, deleteAt, audit, updatedAt: now,
      outbox: [AccountDeletionScheduled.build({ userId: viewer.id, deleteAt: deleteAt.toISOString(), audit })],
    });
    if (!scheduled) {
      const existing = await this.repository.findDeletion(viewer.id);
      if (existing?.state === 'SCHEDULED') return existing;
      throw conflict('Your account is already being deleted.');
    }
    await flushOutbox(this.repository.deletions, viewer.id, this.events);
    // The grace period may be zero (tests): the sweep need not wait for its timer.
    if (this.config.ACCOUNT_DELETION_GRACE_SECONDS === 0) void this.sweep().catch((err: unknown) => this.logger.error({ err }, 'deletion sweep failed'));
    return scheduled;
  }

  /** False when there was nothing to cancel (none scheduled, or the grace period is over). */
  async cancelAccountDeletion(viewer: Viewer, audit: AuditMeta): Promise<boolean> {
    const cancelled = await this.repository.cancelDeletion(viewer.id, AccountDeletionCancelled.build({ userId: viewer.id, audit }), new Date());
    if (!cancelled) return false;
    await flushOutbox(this.repository.deletions, viewer.id, this.events);
    return true;
  }

  /**
   * Deletes the accounts whose grace period ended. Safe with several instances: each deletion is
   * claimed by one conditional write, and every step after it is idempotent, so a sweeper that
   * crashed half way is finished by a later sweep (a DELETING left over a minute is picked up again).
   */
  async sweep(now = new Date()): Promise<number> {
    let done = 0;
    for (const due of await this.repository.dueDeletions(now, SWEEP_BATCH, ABANDONED_MS)) {
      if (due.state === 'SCHEDULED' && !(await this.repository.claimDeletion(due._id, now, UserDeleted.build({ userId: due._id, audit: due.audit })))) continue;
      await this.eraseAccount(due._id);
      await flushOutbox(this.repository.deletions, due._id, this.events);
      await this.repository.finishDeletion(due._id, new Date());
      done += 1;
      this.logger.info({ userId: due._id }, 'account deleted');
    }
    return done;
  }

  /**
   * Identity's erasure, before UserDeleted is logged: the sign-ins end and the account is
   * anonymised (its name replaced in every projection through UserProfileUpdated), then its
   * records go. Idempotent; run again by identity's participant on UserDeleted.
   */
  async eraseAccount(userId: string): Promise<void> {
    const user = await this.repository.findUser(userId);
    if (!user) return;
    const email = user.deletedAt ? null : user.email;
    if (!user.deletedAt) {
      await this.repository.anonymiseUser(userId, new Date(), [
        UserSessionsRevoked.build({ userId, before: Date.now(), reason: 'ACCOUNT_DELETED' }),
        UserProfileUpdated.build({ userId, displayName: DELETED_NAME, bio: null }),
      ]);
    }
    for (const doc of await this.repository.eraseRecords(userId, email)) await this.parts.remove(doc._id, doc.expectedParts);
    await flushOutbox(this.repository.users, userId, this.events);
  }

  async exportRecords(userId: string): Promise<Record<string, unknown>> {
    const user = await this.repository.findUser(userId);
    const account = user && { id: user._id, email: user.email, displayName: user.displayName, bio: user.bio, roles: user.roles, createdAt: user.createdAt, updatedAt: user.updatedAt };
    return { account, ...(await this.repository.exportRecords(userId)) };
  }
}
