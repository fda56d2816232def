import { isDuplicateKey, MongoRepository, pushToOutbox, type CollectionIndexes, type DomainEvent } from '@lg/platform';
import type { UserModel } from '../models.ts';
import type { LinkedAccountDocument, OidcStateRecord } from './models.ts';

export const oidcIndexes: CollectionIndexes[] = [
  // One account of each provider per user: two racing links of one user cannot both land.
  { collection: 'identity_linked_accounts', indexes: [{ key: { userId: 1, provider: 1 }, name: 'user_provider_unique', unique: true }] },
  { collection: 'identity_oidc_states', indexes: [{ key: { expiresAt: 1 }, name: 'expiry' }] },
];

export const linkIdOf = (provider: string, subject: string): string => `${provider}|${subject}`;

/** Linked accounts and authorization requests under way. */
export class OidcRepository extends MongoRepository {
  readonly links = this.db.collection<LinkedAccountDocument>('identity_linked_accounts');
  readonly states = this.db.collection<OidcStateRecord>('identity_oidc_states');
  private readonly users = this.db.collection<UserModel>('identity_users');

  async insertState(record: OidcStateRecord): Promise<void> {
    await this.states.insertOne(record);
  }

  /** Single use: of two racing completions with one state, only one gets the record. */
  claimState(id: string, now: Date): Promise<OidcStateRecord | null> {
    return this.states.findOneAndDelete({ _id: id, expiresAt: { $gt: now } });
  }

  /** Abandoned requests (the user never came back from the provider). */
  async deleteExpiredStates(now: Date): Promise<void> {
    await this.states.deleteMany({ expiresAt: { $lte: now } });
  }

  findLink(provider: string, subject: string): Promise<LinkedAccountDocument | null> {
    return this.links.findOne({ _id: linkIdOf(provider, subject) });
  }

  linksOf(userId: string, limit: number): Promise<LinkedAccountDocument[]> {
    return this.links.find({ userId }).sort({ linkedAt: 1 }).limit(limit).toArray();
  }

  /** 'taken': that provider account is linked already; 'provider': the user has another account of that provider. */
  async insertLink(link: LinkedAccountDocument): Promise<'ok' | 'taken' | 'provider'> {
    try {
      await this.links.insertOne(link);
      return 'ok';
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      return (await this.links.findOne({ _id: link._id })) ? 'taken' : 'provider';
    }
  }

  /** Points a link at another user: its user was never created because the email was taken meanwhile. */
  async moveLink(id: string, userId: string): Promise<void> {
    await this.links.updateOne({ _id: id }, { $set: { userId } });
  }

  deleteLink(userId: string, provider: string): Promise<LinkedAccountDocument | null> {
    return this.links.findOneAndDelete({ userId, provider });
  }

  async restoreLink(link: LinkedAccountDocument): Promise<void> {
    await this.links.insertOne(link).catch((error: unknown) => {
      if (!isDuplicateKey(error)) throw error;
    });
  }

  /** Records events in the user's outbox; false when there is no such user. */
  async recordEvents(userId: string, events: DomainEvent[]): Promise<boolean> {
    return (await this.users.updateOne({ _id: userId }, { $push: pushToOutbox(...events) })).matchedCount === 1;
  }
}
