import { MongoRepository, type CollectionIndexes } from '@lg/platform';
import type { ApiKeyRecord } from './models.ts';

export const API_KEYS = 'identity_api_keys';

export const apiKeyIndexes: CollectionIndexes[] = [
  { collection: API_KEYS, indexes: [{ key: { userId: 1, createdAt: -1 }, name: 'by-user' }] },
];

/** API keys, each read by its id (the key carries it) or listed by its owner. */
export class ApiKeyRepository extends MongoRepository {
  readonly keys = this.db.collection<ApiKeyRecord>(API_KEYS);

  async insert(record: ApiKeyRecord): Promise<void> {
    await this.keys.insertOne(record);
  }

  find(id: string): Promise<ApiKeyRecord | null> {
    return this.keys.findOne({ _id: id });
  }

  ofUser(userId: string, limit: number): Promise<ApiKeyRecord[]> {
    return this.keys.find({ userId }).sort({ createdAt: -1 }).limit(limit).toArray();
  }

  countLive(userId: string): Promise<number> {
    return this.keys.countDocuments({ userId, revokedAt: null });
  }

  /** Every write is by `_id` alone (the embedded database reads one document only for that); the service checked the owner. */
  async rotate(current: ApiKeyRecord, secretHash: string, previousValidUntil: Date): Promise<void> {
    await this.keys.updateOne({ _id: current._id }, { $set: { previousSecretHash: current.secretHash, previousValidUntil, secretHash } });
  }

  async revoke(id: string, now: Date): Promise<void> {
    await this.keys.updateOne({ _id: id }, { $set: { revokedAt: now } });
  }

  async pin(id: string, manifest: string | null): Promise<void> {
    await this.keys.updateOne({ _id: id }, { $set: { manifest } });
  }

  async touch(id: string, now: Date): Promise<void> {
    await this.keys.updateOne({ _id: id }, { $set: { lastUsedAt: now } });
  }
}
