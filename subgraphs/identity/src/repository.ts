import DataLoader from 'dataloader';
import { byIds, MongoRepository, isDuplicateKey, type CollectionIndexes, type Role, type DomainEvent, pushToOutbox } from '@lg/platform';
import type { LoginThrottleRecord, MailRecord, PasswordResetRecord, RefreshTokenRecord, UserModel } from './models.ts';

export const identityIndexes: CollectionIndexes[] = [
  { collection: 'identity_users', indexes: [{ key: { email: 1 }, name: 'email_unique', unique: true }] },
  {
    collection: 'identity_refresh_tokens',
    indexes: [
      { key: { familyId: 1 }, name: 'family' },
      { key: { userId: 1 }, name: 'user' },
      { key: { expiresAt: 1 }, name: 'expiry' },
    ],
  },
  { collection: 'identity_password_resets', indexes: [{ key: { userId: 1 }, name: 'user' }, { key: { expiresAt: 1 }, name: 'expiry' }] },
  { collection: 'identity_mail_outbox', indexes: [{ key: { sentAt: 1, createdAt: 1 }, name: 'pending' }] },
];

export class EmailTakenError extends Error {}

/** All MongoDB access of the identity subgraph. */
export class IdentityRepository extends MongoRepository {
  readonly users = this.db.collection<UserModel>('identity_users');
  readonly refreshTokens = this.db.collection<RefreshTokenRecord>('identity_refresh_tokens');
  readonly resets = this.db.collection<PasswordResetRecord>('identity_password_resets');
  readonly throttle = this.db.collection<LoginThrottleRecord>('identity_login_throttle');
  readonly mail = this.db.collection<MailRecord>('identity_mail_outbox');

  /** Per request: a page of courses with instructors costs one query for all of them. */
  userLoader(): DataLoader<string, UserModel | null> {
    return new DataLoader(async (ids) => {
      const found = await this.users.find(byIds(ids)).toArray();
      const byId = new Map(found.map((u) => [u._id, u]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  async insertUser(user: UserModel): Promise<void> {
    try {
      await this.users.insertOne(user);
    } catch (error) {
      if (isDuplicateKey(error)) throw new EmailTakenError();
      throw error;
    }
  }

  findUserByEmail(email: string): Promise<UserModel | null> {
    return this.users.findOne({ email });
  }

  findUser(id: string): Promise<UserModel | null> {
    return this.users.findOne({ _id: id });
  }

  updateProfile(id: string, set: Partial<Pick<UserModel, 'displayName' | 'bio'>>, event: DomainEvent): Promise<UserModel | null> {
    return this.users.findOneAndUpdate(
      { _id: id },
      { $set: { ...set, updatedAt: new Date() }, $push: pushToOutbox(event) },
      { returnDocument: 'after' },
    );
  }

  addRole(id: string, role: Role, event: DomainEvent): Promise<UserModel | null> {
    return this.users.findOneAndUpdate(
      { _id: id },
      { $addToSet: { roles: role }, $set: { updatedAt: new Date() }, $push: pushToOutbox(event) },
      { returnDocument: 'after' },
    );
  }

  removeRole(id: string, role: Role, events: DomainEvent[]): Promise<UserModel | null> {
    return this.users.findOneAndUpdate(
      { _id: id, roles: role },
      { $pull: { roles: role }, $set: { updatedAt: new Date() }, $push: pushToOutbox(...events) },
      { returnDocument: 'after' },
    );
  }

  async setPassword(id: string, passwordHash: string, events: DomainEvent[]): Promise<void> {
    await this.users.updateOne({ _id: id }, { $set: { passwordHash, updatedAt: new Date() }, $push: pushToOutbox(...events) });
  }

  /** Records events in the user's outbox; false when there is no such user. */
  async recordEvents(userId: string, events: DomainEvent[]): Promise<boolean> {
    return (await this.users.updateOne({ _id: userId }, { $push: pushToOutbox(...events) })).matchedCount === 1;
  }

  async insertRefreshToken(record: RefreshTokenRecord): Promise<void> {
    await this.refreshTokens.insertOne(record);
  }

  findRefreshToken(id: string): Promise<RefreshTokenRecord | null> {
    return this.refreshTokens.findOne({ _id: id });
  }

  /** Marks a live token used; only one of two racing rotations gets it back. */
  claimRefreshToken(id: string, now: Date): Promise<RefreshTokenRecord | null> {
    return this.refreshTokens.findOneAndUpdate(
      { _id: id, usedAt: null, revokedAt: null, expiresAt: { $gt: now } },
      { $set: { usedAt: now } },
      { returnDocument: 'after' },
    );
  }

  async revokeFamily(familyId: string, now: Date): Promise<void> {
    await this.refreshTokens.updateMany({ familyId, revokedAt: null }, { $set: { revokedAt: now } });
  }

  async revokeAllOfUser(userId: string, now: Date): Promise<void> {
    await this.refreshTokens.updateMany({ userId, revokedAt: null }, { $set: { revokedAt: now } });
  }

  async insertReset(record: PasswordResetRecord): Promise<void> {
    await this.resets.insertOne(record);
  }

  claimReset(hash: string, now: Date): Promise<PasswordResetRecord | null> {
    return this.resets.findOneAndUpdate(
      { _id: hash, usedAt: null, expiresAt: { $gt: now } },
      { $set: { usedAt: now } },
      { returnDocument: 'after' },
    );
  }

  findThrottle(email: string): Promise<LoginThrottleRecord | null> {
    return this.throttle.findOne({ _id: email });
  }

  saveThrottle(record: LoginThrottleRecord): Promise<unknown> {
    return this.throttle.replaceOne({ _id: record._id }, record, { upsert: true });
  }

  clearThrottle(email: string): Promise<unknown> {
    return this.throttle.deleteOne({ _id: email });
  }

  async queueMail(mail: MailRecord): Promise<void> {
    await this.mail.insertOne(mail);
  }

  pendingMail(limit: number): Promise<MailRecord[]> {
    return this.mail.find({ sentAt: null }).sort({ createdAt: 1 }).limit(limit).toArray();
  }

  async markMailSent(id: string, now: Date): Promise<void> {
    await this.mail.updateOne({ _id: id }, { $set: { sentAt: now } });
  }

  async markMailAttempt(id: string): Promise<void> {
    await this.mail.updateOne({ _id: id }, { $inc: { attempts: 1 } });
  }
}
