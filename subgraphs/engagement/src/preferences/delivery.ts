import { flushOutbox, type EventLog } from '@lg/platform';
import type { NotificationModel } from '../models.ts';
import type { EngagementRepository } from '../repository.ts';
import { DEFAULT_SETTING, mails, showsInApp } from './kinds.ts';
import { DEFAULTS, nextLocalHour } from './locale.ts';
import type { NotificationMailer } from './mailer.ts';
import type { PreferencesRepository } from './repository.ts';

/**
 * Where every notification consumer hands what it made: the owner's preferences (one read by _id
 * in engagement's own collection) decide whether it becomes an in-app entry, a mail, a line in the
 * next daily digest, several of these, or nothing. Each path is idempotent by the source event, so
 * a replayed event delivers nothing twice.
 */
export class NotificationDelivery {
  constructor(
    private readonly notifications: EngagementRepository,
    private readonly preferences: PreferencesRepository,
    private readonly mailer: NotificationMailer,
    private readonly events: EventLog,
    private readonly digestHour: number,
  ) {}

  /** True when an in-app entry was made now (false: replayed, or the user does not want one). */
  async deliver(notification: NotificationModel): Promise<boolean> {
    const prefs = await this.preferences.findPreferences(notification.userId);
    const setting = prefs?.notifications[notification.kind] ?? DEFAULT_SETTING;
    const reader = { locale: prefs?.locale ?? DEFAULTS.locale, timeZone: prefs?.timeZone ?? DEFAULTS.timeZone };
    let made = false;
    if (showsInApp(setting.channel)) {
      made = await this.notifications.insertNotification(notification);
      if (made) await flushOutbox(this.notifications.notifications, notification._id, this.events);
    }
    if (!mails(setting.channel)) return made;
    if (setting.dailyDigest) {
      await this.preferences.addDigestItem({
        _id: `${notification.sourceEventId}:${notification.userId}:${notification.kind}`,
        userId: notification.userId, kind: notification.kind, message: notification.message, createdAt: notification.createdAt,
      }, nextLocalHour(new Date(), reader.timeZone, this.digestHour));
    } else {
      await this.mailer.queueNotification(notification, reader);
    }
    return made;
  }
}
