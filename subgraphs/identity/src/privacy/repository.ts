import { DOCUMENT_MANIFESTS } from '../api-keys/manifest-repository.ts';
import { API_KEYS } from '../api-keys/repository.ts';
import { byIds, isDuplicateKey, MongoRepository, pushToOutbox, type CollectionIndexes, type DomainEvent } from '@lg/platform';
import type { UserModel } from '../models.ts';
import type { AccountDeletionDocument, DataExportDocument } from './models.ts';

export const DATA_EXPORTS = 'identity_data_exports';
export const ACCOUNT_DELETIONS = 'identity_account_deletions';

export const privacyIndexes: CollectionIndexes[] = [
  { collection: DATA_EXPORTS, indexes: [{ key: { userId: 1, requestedAt: -1 }, name: 'user_requested' }, { key: { expiresAt: 1 }, name: 'expiry' }] },
  { collection: ACCOUNT_DELETIONS, indexes: [{ key: { state: 1, deleteAt: 1 }, name: 'state_due' }] },
];

/** The name and address a deleted account keeps: nobody's, and the address can never receive mail (.invalid). */
export const DELETED_NAME = 'Deleted user';
export const deletedEmail = (userId: string) => `deleted-${userId}@deleted.invalid`;

/** MongoDB access of data exports and account deletions. */
export class PrivacyRepository extends MongoRepository {
  readonly exports = this.db.collection<DataExportDocument>(DATA_EXPORTS);
  readonly deletions = this.db.collection<AccountDeletionDocument>(ACCOUNT_DELETIONS);
  readonly users = this.db.collection<UserModel>('identity_users');
  private readonly refreshTokens = this.db.collection<{ _id: string; userId: string }>('identity_refresh_tokens');
  private readonly apiKeys = this.db.collection<{ _id: string; userId: string }>(API_KEYS);
  private readonly documentManifests = this.db.collection<{ _id: string; userId: string }>(DOCUMENT_MANIFESTS);
  private readonly resets = this.db.collection<{ _id: string; userId: string }>('identity_password_resets');
  private readonly mail = this.db.collection<{ _id: string; to: string }>('identity_mail_outbox');
  private readonly throttle = this.db.collection<{ _id: string }>('identity_login_throttle');

  async insertExport(doc: DataExportDocument): Promise<void> {
    await this.exports.insertOne(doc);
  }

  findExport(id: string): Promise<DataExportDocument | null> {
    return this.exports.findOne({ _id: id });
  }

  pendingExportOf(userId: string): Promise<DataExportDocument | null> {
    return this.exports.findOne({ userId, status: 'PENDING' });
  }

  exportsOf(userId: string, limit: number): Promise<DataExportDocument[]> {
    return this.exports.find({ userId }).sort({ requestedAt: -1 }).limit(limit).toArray();
  }

  /** Records a part; the export turns READY in the same guarded write once every expected part is in. */
  async addPart(exportId: string, subgraph: string, now: Date, ttlMs: number): Promise<DataExportDocument | null> {
    const updated = await this.exports.findOneAndUpdate({ _id: exportId }, { $addToSet: { parts: subgraph } }, { returnDocument: 'after' });
    if (!updated || updated.status !== 'PENDING' || !updated.expectedParts.every((p) => updated.parts.includes(p))) return updated;
    return this.exports.findOneAndUpdate(
      { _id: exportId, status: 'PENDING' },
      { $set: { status: 'READY', completedAt: now, expiresAt: new Date(now.getTime() + ttlMs) } },
      { returnDocument: 'after' },
    );
  }

  expiredExports(now: Date, limit: number): Promise<DataExportDocument[]> {
    return this.exports.find({ expiresAt: { $lte: now } }).limit(limit).toArray();
  }

  async deleteExports(ids: string[]): Promise<void> {
    if (ids.length > 0) await this.exports.deleteMany(byIds(ids));
  }

  findDeletion(userId: string): Promise<AccountDeletionDocument | null> {
    return this.deletions.findOne({ _id: userId });
  }

  /** Schedules, or schedules again after a cancellation; null when one is already under way. */
  async scheduleDeletion(doc: AccountDeletionDocument): Promise<AccountDeletionDocument | null> {
    try {
      await this.deletions.insertOne(doc);
      return doc;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const { _id, outbox, ...set } = doc;
    return this.deletions.findOneAndUpdate({ _id, state: 'CANCELLED' }, { $set: set, $push: pushToOutbox(...(outbox ?? [])) }, { returnDocument: 'after' });
  }

  cancelDeletion(userId: string, event: DomainEvent, now: Date): Promise<AccountDeletionDocument | null> {
    return this.deletions.findOneAndUpdate(
      { _id: userId, state: 'SCHEDULED' },
      { $set: { state: 'CANCELLED', updatedAt: now }, $push: pushToOutbox(event) },
      { returnDocument: 'after' },
    );
  }

  /** Due deletions, and those a sweeper left half done over `staleMs` ago (it crashed; one under way is left to it). */
  dueDeletions(now: Date, limit: number, staleMs: number): Promise<AccountDeletionDocument[]> {
    const stale = new Date(now.getTime() - staleMs);
    return this.deletions.find({ $or: [{ state: 'SCHEDULED', deleteAt: { $lte: now } }, { state: 'DELETING', updatedAt: { $lte: stale } }] }).limit(limit).toArray();
  }

  /** The conditional claim: of several sweepers, one moves it to DELETING (with its event). */
  claimDeletion(userId: string, now: Date, event: DomainEvent): Promise<AccountDeletionDocument | null> {
    return this.deletions.findOneAndUpdate(
      { _id: userId, state: 'SCHEDULED', deleteAt: { $lte: now } },
      { $set: { state: 'DELETING', updatedAt: now }, $push: pushToOutbox(event) },
      { returnDocument: 'after' },
    );
  }

  async finishDeletion(userId: string, now: Date): Promise<void> {
    await this.deletions.updateOne({ _id: userId, state: 'DELETING' }, { $set: { state: 'DONE', updatedAt: now } });
  }

  findUser(userId: string): Promise<UserModel | null> {
    return this.users.findOne({ _id: userId });
  }

  /**
   * The account keeps its id (so that posts and orders still point at someone: "Deleted user")
   * and nothing else: the email is freed for a new account, the password can never match.
   */
  async anonymiseUser(userId: string, now: Date, events: DomainEvent[]): Promise<void> {
    await this.users.updateOne(
      { _id: userId },
      {
        $set: { email: deletedEmail(userId), displayName: DELETED_NAME, bio: null, passwordHash: '', roles: ['STUDENT'], deletedAt: now, updatedAt: now },
        $push: pushToOutbox(...events),
      },
    );
  }

  /** What identity holds about the user besides the account: sign-ins, resets, mail, throttling, exports. */
  async eraseRecords(userId: string, email: string | null): Promise<{ _id: string; expectedParts: string[] }[]> {
    await this.refreshTokens.deleteMany({ userId });
    await this.apiKeys.deleteMany({ userId });
    await this.documentManifests.deleteMany({ userId });
    await this.resets.deleteMany({ userId });
    // Earlier versions counted deleteMyAccount's wrong passwords under this key.
    await this.throttle.deleteOne({ _id: `delete-account:${userId}` });
    if (email) {
      await this.mail.deleteMany({ to: email });
      await this.throttle.deleteOne({ _id: email });
    }
    const exports = await this.exports.find({ userId }, { projection: { _id: 1, expectedParts: 1 } }).toArray();
    await this.exports.deleteMany({ userId });
    return exports;
  }

  async exportRecords(userId: string): Promise<Record<string, unknown>> {
    return {
      sessions: await this.refreshTokens.find({ userId }, { projection: { secretHash: 0 } }).limit(1000).toArray(),
      // Neither a key's secret (never kept) nor its hashes are part of an export.
      apiKeys: await this.apiKeys.find({ userId }, { projection: { secretHash: 0, previousSecretHash: 0 } }).limit(1000).toArray(),
      documentManifests: await this.documentManifests.find({ userId }).limit(100).toArray(),
      passwordResets: await this.resets.find({ userId }, { projection: { _id: 0 } }).limit(1000).toArray(),
      dataExports: await this.exports.find({ userId }, { projection: { outbox: 0 } }).limit(1000).toArray(),
      accountDeletion: await this.deletions.findOne({ _id: userId }, { projection: { outbox: 0 } }),
    };
  }
}
