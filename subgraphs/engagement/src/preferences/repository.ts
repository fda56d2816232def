import type { Db, UpdateFilter } from 'mongodb';
import { MailOutbox, byIds, insertIfAbsent, pushToOutbox, type CollectionIndexes, type DomainEvent, type MailRecord } from '@lg/platform';
import type { NotificationKind } from '../models.ts';
import type { ContactDocument, DigestDocument, DigestItemDocument, StoredSetting, PreferencesDocument } from './models.ts';

export const PREFERENCES = 'engagement_preferences';
export const CONTACTS = 'engagement_contacts';
export const DIGEST_ITEMS = 'engagement_digest_items';
export const DIGESTS = 'engagement_digests';
export const MAIL_OUTBOX = 'engagement_mail_outbox';

export const preferencesIndexes: CollectionIndexes[] = [
  { collection: DIGEST_ITEMS, indexes: [{ key: { userId: 1, _id: 1 }, name: 'user' }] },
  { collection: DIGESTS, indexes: [{ key: { dueAt: 1 }, name: 'due' }] },
  { collection: MAIL_OUTBOX, indexes: [{ key: { sentAt: 1, createdAt: 1 }, name: 'pending' }] },
];

/** The most a digest mail lists; older ones beyond it are counted, not listed. */
export const DIGEST_MAX_ITEMS = 50;

/** Preferences, the contacts projected from identity, digests and the notification mail outbox. */
export class PreferencesRepository {
  readonly preferences;
  readonly contacts;
  readonly digestItems;
  readonly digests;
  readonly mail: MailOutbox;

  constructor(db: Db) {
    this.preferences = db.collection<PreferencesDocument>(PREFERENCES);
    this.contacts = db.collection<ContactDocument>(CONTACTS);
    this.digestItems = db.collection<DigestItemDocument>(DIGEST_ITEMS);
    this.digests = db.collection<DigestDocument>(DIGESTS);
    this.mail = new MailOutbox(db.collection<MailRecord>(MAIL_OUTBOX));
  }

  findPreferences(userId: string): Promise<PreferencesDocument | null> {
    return this.preferences.findOne({ _id: userId }, { projection: { outbox: 0 } });
  }

  /**
   * One atomic upsert: only the fields given change (each kind's setting is its own path), so two
   * concurrent updates of different kinds both stand. The event rides in the same write.
   */
  async updatePreferences(
    userId: string,
    change: { locale?: string; timeZone?: string; notifications?: Partial<Record<NotificationKind, StoredSetting>> },
    defaults: { locale: string; timeZone: string },
    event: DomainEvent,
    now: Date,
  ): Promise<void> {
    const set: Record<string, unknown> = { updatedAt: now };
    const onInsert: Record<string, unknown> = {};
    for (const field of ['locale', 'timeZone'] as const) {
      if (change[field] !== undefined) set[field] = change[field];
      else onInsert[field] = defaults[field];
    }
    const kinds = Object.entries(change.notifications ?? {});
    for (const [kind, setting] of kinds) set[`notifications.${kind}`] = setting;
    if (kinds.length === 0) onInsert.notifications = {};
    const update = { $set: set, $push: pushToOutbox(event), ...(Object.keys(onInsert).length > 0 ? { $setOnInsert: onInsert } : {}) };
    await this.preferences.updateOne({ _id: userId }, update as UpdateFilter<PreferencesDocument>, { upsert: true });
  }

  // ---------------------------------------------------------------- contacts

  findContact(userId: string): Promise<ContactDocument | null> {
    return this.contacts.findOne({ _id: userId });
  }

  async saveContact(userId: string, fields: Partial<Omit<ContactDocument, '_id'>>): Promise<void> {
    // No empty operator: older servers refuse `$setOnInsert: {}`.
    await this.contacts.updateOne({ _id: userId }, fields.displayName === undefined ? { $set: fields, $setOnInsert: { displayName: '' } } : { $set: fields }, { upsert: true });
  }

  // ---------------------------------------------------------------- digests

  /** False for a replayed notification (already waiting). */
  async addDigestItem(item: DigestItemDocument, dueAt: Date): Promise<boolean> {
    const added = await insertIfAbsent(this.digestItems, item);
    // The first item of the day sets when the digest leaves; later ones leave that alone.
    await this.digests.updateOne({ _id: item.userId }, { $setOnInsert: { dueAt } }, { upsert: true });
    return added;
  }

  dueDigests(now: Date, limit: number): Promise<DigestDocument[]> {
    return this.digests.find({ dueAt: { $lte: now } }).sort({ dueAt: 1 }).limit(limit).toArray();
  }

  /** The conditional claim: true for the one caller that moved `dueAt` from the value it read. */
  async claimDigest(digest: DigestDocument, nextDueAt: Date): Promise<boolean> {
    const result = await this.digests.updateOne({ _id: digest._id, dueAt: digest.dueAt }, { $set: { dueAt: nextDueAt } });
    return result.modifiedCount === 1;
  }

  /** The user's waiting items, oldest first; a user's items are few (a day's worth). */
  digestItemsOf(userId: string, limit: number): Promise<DigestItemDocument[]> {
    return this.digestItems.find({ userId }).sort({ _id: 1 }).limit(limit).toArray();
  }

  async removeDigestItems(ids: string[]): Promise<void> {
    if (ids.length > 0) await this.digestItems.deleteMany(byIds(ids));
  }

  /** A digest with nothing left to send goes, unless an item came in meanwhile and moved nothing. */
  async dropDigestIfEmpty(userId: string, dueAt: Date): Promise<void> {
    if (await this.digestItems.findOne({ userId }, { projection: { _id: 1 } })) return;
    await this.digests.deleteOne({ _id: userId, dueAt });
  }
}
