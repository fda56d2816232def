import { MongoRepository, isDuplicateKey, pushToOutbox, type CollectionIndexes, type DomainEvent, type Role } from '@lg/platform';
import type { Filter } from 'mongodb';
import type { AuditEntryModel, RefreshTokenRecord, SuspensionModel, UserModel, UserStatus } from '../models.ts';

export const AUDIT_LOG = 'identity_audit_log';

export const adminIndexes: CollectionIndexes[] = [
  {
    collection: AUDIT_LOG,
    indexes: [
      { key: { seq: -1 }, name: 'newest' },
      { key: { actorId: 1, seq: -1 }, name: 'actor' },
      { key: { targetId: 1, seq: -1 }, name: 'target' },
    ],
  },
];

export interface UserSearch {
  /** Matched case-insensitively at the start of the email or of any word of the display name (plain text, not a pattern). */
  prefix?: string;
  role?: Role;
  status?: UserStatus;
  /** Users created before this id (ids are time-ordered). */
  beforeId?: string;
}

export interface AuditSearch {
  action?: string;
  actorId?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
  beforeSeq?: number;
}

/** What an ADMIN's list of users reads: never the password hash nor the outbox. */
const LISTED = { passwordHash: 0, outbox: 0 } as const;

/** The administration sub-domain's MongoDB access: user search, suspension writes, sessions, the audit log. */
export class AdminRepository extends MongoRepository {
  readonly users = this.db.collection<UserModel>('identity_users');
  readonly refreshTokens = this.db.collection<RefreshTokenRecord>('identity_refresh_tokens');
  readonly audit = this.db.collection<AuditEntryModel>(AUDIT_LOG);

  /** Newest first, `limit` of them; one scan on FerretDB (no index), only the listed fields returned. */
  searchUsers(search: UserSearch, limit: number): Promise<UserModel[]> {
    const filter: Filter<UserModel> = {};
    const and: Filter<UserModel>[] = [];
    if (search.prefix) {
      const text = escapeRegex(search.prefix);
      and.push({ $or: [
        { email: { $regex: `^${text}`, $options: 'i' } },
        { displayName: { $regex: `(^|\\s)${text}`, $options: 'i' } },
      ] });
    }
    if (search.role) and.push({ roles: search.role });
    // Accounts made before suspension existed have no status: they are ACTIVE.
    if (search.status === 'SUSPENDED') and.push({ status: 'SUSPENDED' });
    if (search.status === 'ACTIVE') and.push({ status: { $ne: 'SUSPENDED' } });
    if (search.beforeId) and.push({ _id: { $lt: search.beforeId } });
    if (and.length) filter.$and = and;
    return this.users.find(filter, { projection: LISTED }).sort({ _id: -1 }).limit(limit).toArray() as Promise<UserModel[]>;
  }

  /** ACTIVE to SUSPENDED with its events, in one write; null when the user is missing or suspended already (FerretDB projects no findAndModify: the whole user comes back). */
  suspend(userId: string, suspension: SuspensionModel, events: DomainEvent[]): Promise<UserModel | null> {
    return this.users.findOneAndUpdate(
      { _id: userId, status: { $ne: 'SUSPENDED' } },
      { $set: { status: 'SUSPENDED', suspension, updatedAt: suspension.at }, $push: pushToOutbox(...events) },
      { returnDocument: 'after' },
    );
  }

  /** SUSPENDED to ACTIVE with its event, in one write; null when the user is missing or not suspended. */
  reactivate(userId: string, events: DomainEvent[]): Promise<UserModel | null> {
    return this.users.findOneAndUpdate(
      { _id: userId, status: 'SUSPENDED' },
      { $set: { status: 'ACTIVE', suspension: null, updatedAt: new Date() }, $push: pushToOutbox(...events) },
      { returnDocument: 'after' },
    );
  }

  findUser(userId: string): Promise<UserModel | null> {
    return this.users.findOne({ _id: userId }, { projection: LISTED });
  }

  /** The user's latest refresh tokens (a rotation adds one), bounded; only what a summary needs. */
  latestTokens(userId: string, limit: number): Promise<Pick<RefreshTokenRecord, 'familyId' | 'createdAt' | 'usedAt' | 'revokedAt' | 'expiresAt'>[]> {
    return this.refreshTokens
      .find({ userId }, { projection: { _id: 0, familyId: 1, createdAt: 1, usedAt: 1, revokedAt: 1, expiresAt: 1 } })
      .sort({ createdAt: -1 })
      .limit(limit)
      .toArray();
  }

  /** Appends an entry once: a replayed event finds its entry there and changes nothing. */
  async appendAudit(entry: AuditEntryModel): Promise<void> {
    try {
      await this.audit.insertOne(entry);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  searchAudit(search: AuditSearch, limit: number): Promise<AuditEntryModel[]> {
    const filter: Filter<AuditEntryModel> = {};
    if (search.action) filter.action = search.action;
    if (search.actorId) filter.actorId = search.actorId;
    if (search.targetId) filter.targetId = search.targetId;
    if (search.from || search.to) filter.at = { ...(search.from ? { $gte: search.from } : {}), ...(search.to ? { $lt: search.to } : {}) };
    if (search.beforeSeq !== undefined) filter.seq = { $lt: search.beforeSeq };
    return this.audit.find(filter).sort({ seq: -1 }).limit(limit).toArray();
  }
}

export const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
