// Words for channels, as the settings table and the unsubscribe page show them (kinds' words come
// from the API's notificationKinds, the same the mail uses).
import type { NotificationChannel } from '../../gql/graphql.ts';

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
