// Words for notification kinds and channels, as the settings table and the unsubscribe page show them.
import type { NotificationChannel, NotificationKind } from '../../gql/graphql.ts';

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

export const CHANNEL_LABELS: Record<NotificationChannel, string> = { IN_APP: 'In the app', EMAIL: 'Email', BOTH: 'Both', NONE: 'Off' };
export const CHANNELS: NotificationChannel[] = ['IN_APP', 'EMAIL', 'BOTH', 'NONE'];

/** The locale's own name for itself (Intl), falling back to the tag. */
export function localeName(tag: string): string {
  try {
    return new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}
