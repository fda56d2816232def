import { MongoRepository, isDuplicateKey, pushToOutbox, type CollectionIndexes, type DomainEvent } from '@lg/platform';
import type { UserModel } from '../models.ts';
import { EmailTakenError } from '../repository.ts';
import type { EmailVerificationRecord } from './models.ts';

export const verificationIndexes: CollectionIndexes[] = [
  { collection: 'identity_email_verifications', indexes: [{ key: { userId: 1 }, name: 'user' }, { key: { expiresAt: 1 }, name: 'expiry' }] },
];

/** Verification links and the user fields they change. */
export class VerificationRepository extends MongoRepository {
  readonly users = this.db.collection<UserModel>('identity_users');
  readonly links = this.db.collection<EmailVerificationRecord>('identity_email_verifications');

  /**
   * Users created before verification existed were already using the platform: they count as
   * verified, once (later users always carry the field).
   */
  async verifyUsersWithoutTheField(): Promise<number> {
    return (await this.users.updateMany({ emailVerified: { $exists: false } }, { $set: { emailVerified: true } })).modifiedCount;
  }

  async insertLink(record: EmailVerificationRecord): Promise<void> {
    await this.links.insertOne(record);
  }

  /** Marks a live link used; of two racing uses, one gets it. */
  claimLink(hash: string, now: Date): Promise<EmailVerificationRecord | null> {
    return this.links.findOneAndUpdate(
      { _id: hash, usedAt: null, expiresAt: { $gt: now } },
      { $set: { usedAt: now } },
      { returnDocument: 'after' },
    );
  }

  /** Verifies the user only while `email` is still their address; null otherwise. */
  markVerified(userId: string, email: string, event: DomainEvent): Promise<UserModel | null> {
    return this.users.findOneAndUpdate(
      { _id: userId, email },
      { $set: { emailVerified: true, updatedAt: new Date() }, $push: pushToOutbox(event) },
      { returnDocument: 'after' },
    );
  }

  /** Takes the right to send another link: null when verified, or when the last one went out after `notAfter`. */
  claimResend(userId: string, now: Date, notAfter: Date): Promise<UserModel | null> {
    return this.users.findOneAndUpdate(
      { _id: userId, emailVerified: false, $or: [{ verificationSentAt: null }, { verificationSentAt: { $lte: notAfter } }] },
      { $set: { verificationSentAt: now } },
      { returnDocument: 'after' },
    );
  }

  /** The new address, unverified, in one write with its events; EmailTakenError when another account has it. */
  async changeEmail(userId: string, email: string, now: Date, events: DomainEvent[]): Promise<UserModel | null> {
    try {
      const { matchedCount } = await this.users.updateOne(
        { _id: userId },
        { $set: { email, emailVerified: false, verificationSentAt: now, updatedAt: now }, $push: pushToOutbox(...events) },
      );
      return matchedCount === 1 ? await this.users.findOne({ _id: userId }) : null;
    } catch (error) {
      if (isDuplicateKey(error)) throw new EmailTakenError();
      throw error;
    }
  }
}
