import type { WithOutbox } from '@lg/platform';
import type { NotificationChannel } from '../generated/resolvers-types.ts';
import type { NotificationKind } from '../models.ts';

export type { NotificationChannel };

/** How one kind reaches a user, as stored under the kind's name. */
export interface StoredSetting {
  channel: NotificationChannel;
  dailyDigest: boolean;
}

/** engagement_preferences, one per user who changed anything (_id: the user's id). */
export interface PreferencesDocument extends WithOutbox {
  _id: string;
  locale: string;
  timeZone: string;
  /** Only the kinds the user set; the others take the default. */
  notifications: Partial<Record<NotificationKind, StoredSetting>>;
  updatedAt: Date;
}

/** What the consumers need to mail a user, projected from identity's events (_id: the user's id). */
export interface ContactDocument {
  _id: string;
  email: string;
  displayName: string;
}

/** One notification waiting for its user's daily digest; _id `<source event>:<user>:<kind>` (a replay adds nothing). */
export interface DigestItemDocument {
  _id: string;
  userId: string;
  kind: NotificationKind;
  message: string;
  createdAt: Date;
}

/**
 * A user's next digest (_id: the user's id): the instance that moves `dueAt` on from the value it
 * read owns that day's mail; any other finds it moved and does nothing.
 */
export interface DigestDocument {
  _id: string;
  dueAt: Date;
}
