import { MongoRepository, isDuplicateKey, pushToOutbox, type CollectionIndexes, type DomainEvent } from '@lg/platform';
import type { UserModel } from '../models.ts';
import type { AvatarAssetProjection } from './models.ts';

/** The projection is read by `_id` only. */
export const avatarIndexes: CollectionIndexes[] = [];

export class AvatarRepository extends MongoRepository {
  readonly users = this.db.collection<UserModel>('identity_users');
  readonly assets = this.db.collection<AvatarAssetProjection>('identity_avatar_assets');

  async projectAsset(assetId: string, seq: number, set: Partial<Omit<AvatarAssetProjection, '_id' | 'seq'>>): Promise<void> {
    try {
      await this.assets.updateOne({ _id: assetId, seq: { $lt: seq } }, { $set: { ...set, seq } }, { upsert: true });
    } catch (error) {
      // A newer event got there first: its upsert made the document this filter no longer matches.
      if (!isDuplicateKey(error)) throw error;
    }
  }

  findAsset(id: string): Promise<AvatarAssetProjection | null> {
    return this.assets.findOne({ _id: id });
  }

  setAvatar(userId: string, avatarId: string | null, event: DomainEvent): Promise<UserModel | null> {
    return this.users.findOneAndUpdate(
      { _id: userId },
      { $set: { avatarId, updatedAt: new Date() }, $push: pushToOutbox(event) },
      { returnDocument: 'after' },
    );
  }
}
