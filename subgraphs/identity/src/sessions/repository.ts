import { MongoRepository } from '@lg/platform';
import type { RefreshTokenRecord } from '../models.ts';

/** Sessions are read from the refresh tokens: the live token of each family is the session's latest use. */
export class SessionRepository extends MongoRepository {
  readonly refreshTokens = this.db.collection<RefreshTokenRecord>('identity_refresh_tokens');

  /** The live (unused, unrevoked, unexpired) token of each of the user's sessions, newest use first. */
  liveTokens(userId: string, now: Date, limit: number): Promise<RefreshTokenRecord[]> {
    return this.refreshTokens
      .find({ userId, usedAt: null, revokedAt: null, expiresAt: { $gt: now } })
      .sort({ createdAt: -1 })
      .limit(limit)
      .toArray();
  }

  /** The families of the user with a token not revoked yet (one that could still be refreshed). */
  async openFamilies(userId: string, now: Date): Promise<string[]> {
    const tokens = await this.refreshTokens
      .find({ userId, revokedAt: null, expiresAt: { $gt: now } }, { projection: { familyId: 1 } })
      .toArray();
    return [...new Set(tokens.map((t) => t.familyId))];
  }

  findOpenToken(userId: string, familyId: string): Promise<RefreshTokenRecord | null> {
    return this.refreshTokens.findOne({ familyId, userId, revokedAt: null }, { projection: { _id: 1 } });
  }
}
