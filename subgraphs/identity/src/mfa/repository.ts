import { MongoRepository, pushToOutbox, type CollectionIndexes, type DomainEvent } from '@lg/platform';
import type { UserModel } from '../models.ts';
import type { MfaChallengeRecord, MfaPending, MfaState } from './models.ts';

export const mfaIndexes: CollectionIndexes[] = [
  { collection: 'identity_mfa_challenges', indexes: [{ key: { expiresAt: 1 }, name: 'expiry' }] },
];

/**
 * The second factor's writes. Each use of a code is one conditional single-document update, so
 * that of two requests racing with the same code (or recovery code) exactly one matches.
 */
export class MfaRepository extends MongoRepository {
  readonly users = this.db.collection<UserModel>('identity_users');
  readonly challenges = this.db.collection<MfaChallengeRecord>('identity_mfa_challenges');

  async insertChallenge(record: MfaChallengeRecord): Promise<void> {
    await this.challenges.insertOne(record);
  }

  findChallenge(hash: string): Promise<MfaChallengeRecord | null> {
    return this.challenges.findOne({ _id: hash });
  }

  /** Spends a live challenge; only one of two racing requests gets it back. */
  claimChallenge(hash: string, now: Date): Promise<MfaChallengeRecord | null> {
    return this.challenges.findOneAndUpdate(
      { _id: hash, usedAt: null, expiresAt: { $gt: now } },
      { $set: { usedAt: now } },
      { returnDocument: 'after' },
    );
  }

  async setPending(userId: string, pending: MfaPending): Promise<void> {
    await this.users.updateOne({ _id: userId }, { $set: { mfaPending: pending } });
  }

  /** Turns the pending secret on, if it is still the pending one and no factor is on yet. */
  async enable(userId: string, secret: string, state: MfaState, event: DomainEvent): Promise<boolean> {
    const result = await this.users.updateOne(
      { _id: userId, 'mfaPending.secret': secret, mfa: null },
      { $set: { mfa: state, mfaPending: null, updatedAt: new Date() }, $push: pushToOutbox(event) },
    );
    return result.modifiedCount === 1;
  }

  async disable(userId: string, event: DomainEvent): Promise<boolean> {
    const result = await this.users.updateOne(
      { _id: userId, 'mfa.enabledAt': { $exists: true } },
      { $set: { mfa: null, updatedAt: new Date() }, $push: pushToOutbox(event) },
    );
    return result.modifiedCount === 1;
  }

  /** Accepts a TOTP time step once: false when that step (or a later one) was already used. */
  async claimTimeStep(userId: string, step: number): Promise<boolean> {
    const result = await this.users.updateOne({ _id: userId, 'mfa.lastTimeStep': { $lt: step } }, { $set: { 'mfa.lastTimeStep': step } });
    return result.modifiedCount === 1;
  }

  /** Spends an unused recovery code; the user after, or null when the code is not (or no longer) theirs. */
  spendRecoveryCode(userId: string, hash: string, event: DomainEvent): Promise<UserModel | null> {
    return this.users.findOneAndUpdate(
      { _id: userId, 'mfa.recoveryCodeHashes': hash },
      { $pull: { 'mfa.recoveryCodeHashes': hash }, $push: pushToOutbox(event) },
      { returnDocument: 'after' },
    );
  }
}
