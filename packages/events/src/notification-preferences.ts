import { defineEvent, type PayloadOf } from '@lg/platform';
import { z } from 'zod';
import { id } from './fields.ts';

const producer = 'engagement';

/**
 * A user changed their preferences (locale, time zone, how each notification type reaches them),
 * in the app or through an unsubscribe link. aggregateId and userId: the user. Only that user sees
 * preferences, so it evicts their cached answers alone.
 */
export const NotificationPreferencesUpdated = defineEvent({
  type: 'NotificationPreferencesUpdated', producer, refs: (d: { userId: string }) => ({ aggregateId: d.userId, userId: d.userId }),
  schema: z.object({ userId: id, via: z.enum(['SETTINGS', 'UNSUBSCRIBE_LINK']) }),
});

export type NotificationPreferencesUpdatedData = PayloadOf<typeof NotificationPreferencesUpdated>;

export const notificationPreferencesEvents = [NotificationPreferencesUpdated];
