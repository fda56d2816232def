import type { NotificationKind } from '../models.ts';
import type { NotificationChannel, StoredSetting } from './models.ts';

/** Every notification kind, in the order the settings page lists them. */
export const NOTIFICATION_KINDS = [
  'ANSWER_TO_MY_QUESTION', 'ANSWER_ACCEPTED', 'THREAD_REPLY', 'MENTIONED', 'DIRECT_MESSAGE',
  'GROUP_INVITATION', 'GROUP_JOIN_REQUEST', 'EVENT_REMINDER',
  'GRADE_APPEAL_OPENED', 'GRADE_APPEAL_ACCEPTED', 'GRADE_APPEAL_REJECTED',
  'ENROLLMENT_CONFIRMED', 'ORDER_PAID', 'ORDER_REFUNDED', 'LAB_BOOKING_CONFIRMED',
] as const satisfies readonly NotificationKind[];

// Fails to compile when the schema gains a kind this list lacks.
type Missing = Exclude<NotificationKind, (typeof NOTIFICATION_KINDS)[number]>;
const everyKindListed: [Missing] extends [never] ? true : Missing = true;
void everyKindListed;

export const isNotificationKind = (value: string): value is NotificationKind => (NOTIFICATION_KINDS as readonly string[]).includes(value);

export const CHANNELS: readonly NotificationChannel[] = ['IN_APP', 'EMAIL', 'BOTH', 'NONE'];

/** Until a user chooses, everything is in the app only, as before preferences existed. */
export const DEFAULT_SETTING: StoredSetting = { channel: 'IN_APP', dailyDigest: false };

/** What is left after an unsubscribe link: the same kind without its mail. */
export const withoutEmail = (channel: NotificationChannel): NotificationChannel => (channel === 'BOTH' ? 'IN_APP' : channel === 'EMAIL' ? 'NONE' : channel);

export const mails = (channel: NotificationChannel) => channel === 'EMAIL' || channel === 'BOTH';
export const showsInApp = (channel: NotificationChannel) => channel === 'IN_APP' || channel === 'BOTH';

/** Words for mail subjects and the unsubscribe page. */
export const KIND_LABELS: Record<NotificationKind, string> = {
  ANSWER_TO_MY_QUESTION: 'Answers to my questions',
  ANSWER_ACCEPTED: 'My answers accepted',
  THREAD_REPLY: 'Replies in threads I follow',
  MENTIONED: 'Mentions of me',
  DIRECT_MESSAGE: 'Direct messages',
  GROUP_INVITATION: 'Study group invitations',
  GROUP_JOIN_REQUEST: 'Requests to join my study groups',
  EVENT_REMINDER: 'Event reminders',
  GRADE_APPEAL_OPENED: 'Grade appeals in my courses',
  GRADE_APPEAL_ACCEPTED: 'My grade appeals accepted',
  GRADE_APPEAL_REJECTED: 'My grade appeals rejected',
  ENROLLMENT_CONFIRMED: 'Enrolments confirmed',
  ORDER_PAID: 'Orders paid',
  ORDER_REFUNDED: 'Orders refunded',
  LAB_BOOKING_CONFIRMED: 'Lab bookings confirmed',
};
