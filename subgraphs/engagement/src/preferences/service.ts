import { badInput, flushAllOutboxes, flushOutbox, signedIn, type EventLog, type Viewer } from '@lg/platform';
import { NotificationPreferencesUpdated } from '@lg/events';
import type { PreferencesInput } from '../generated/resolvers-types.ts';
import type { NotificationKind } from '../models.ts';
import { CHANNELS, DEFAULT_SETTING, NOTIFICATION_KINDS, isNotificationKind, mails, withoutEmail } from './kinds.ts';
import { DEFAULTS, SUPPORTED_LOCALES, checkLocale, checkTimeZone } from './locale.ts';
import type { NotificationChannel, StoredSetting, PreferencesDocument } from './models.ts';
import type { PreferencesRepository } from './repository.ts';
import type { UnsubscribeTokens } from './unsubscribe-token.ts';

export interface PreferencesView {
  locale: string;
  timeZone: string;
  notifications: { kind: NotificationKind; channel: NotificationChannel; dailyDigest: boolean }[];
  updatedAt: Date | null;
}

/** More entries than kinds can only be a mistake or an attack. */
const MAX_SETTINGS = 40;

/** The viewer's own preferences, and what an unsubscribe token may change without a sign-in. */
export class PreferencesService {
  constructor(
    private readonly repository: PreferencesRepository,
    private readonly events: EventLog,
    private readonly tokens: UnsubscribeTokens,
  ) {}

  async finishPendingWork(): Promise<void> {
    await flushAllOutboxes(this.repository.preferences, this.events);
  }

  supportedLocales(): string[] {
    return [...SUPPORTED_LOCALES];
  }

  async myPreferences(viewer: Viewer | null): Promise<PreferencesView> {
    const actor = signedIn(viewer);
    return viewOf(await this.repository.findPreferences(actor.id));
  }

  async updatePreferences(viewer: Viewer | null, input: PreferencesInput): Promise<PreferencesView> {
    const actor = signedIn(viewer);
    const change: { locale?: string; timeZone?: string; notifications?: Partial<Record<NotificationKind, StoredSetting>> } = {};
    if (input.locale != null) change.locale = checkLocale(input.locale);
    if (input.timeZone != null) change.timeZone = checkTimeZone(input.timeZone);
    if (input.notifications != null) change.notifications = checkSettings(input.notifications);
    // Nothing to change writes nothing (no document, no event): a clear refusal instead.
    if (change.locale === undefined && change.timeZone === undefined && Object.keys(change.notifications ?? {}).length === 0) {
      throw badInput('Give locale, timeZone or notifications to change.');
    }
    await this.save(actor.id, change, 'SETTINGS');
    return viewOf(await this.repository.findPreferences(actor.id));
  }

  /** The kinds a token would turn off: what the confirmation page asks about. */
  unsubscribeTarget(token: string): NotificationKind[] {
    return this.tokens.verify(token).kinds;
  }

  /** Turns the email of the token's kinds off for its user; the in-app side stays as it was. */
  async unsubscribe(token: string): Promise<PreferencesView['notifications']> {
    const { userId, kinds } = this.tokens.verify(token);
    const current = await this.repository.findPreferences(userId);
    const notifications: Partial<Record<NotificationKind, StoredSetting>> = {};
    for (const kind of kinds) {
      const setting = current?.notifications[kind] ?? DEFAULT_SETTING;
      notifications[kind] = { channel: withoutEmail(setting.channel), dailyDigest: false };
    }
    // Twice is harmless: the second finds the mail already off and changes nothing.
    if (kinds.some((k) => mails((current?.notifications[k] ?? DEFAULT_SETTING).channel))) await this.save(userId, { notifications }, 'UNSUBSCRIBE_LINK');
    const after = viewOf(await this.repository.findPreferences(userId));
    return after.notifications.filter((n) => kinds.includes(n.kind));
  }

  private async save(userId: string, change: Parameters<PreferencesRepository['updatePreferences']>[1], via: 'SETTINGS' | 'UNSUBSCRIBE_LINK'): Promise<void> {
    await this.repository.updatePreferences(userId, change, DEFAULTS, NotificationPreferencesUpdated.build({ userId, via }), new Date());
    await flushOutbox(this.repository.preferences, userId, this.events);
  }
}

function checkSettings(entries: NonNullable<PreferencesInput['notifications']>): Partial<Record<NotificationKind, StoredSetting>> {
  if (entries.length > MAX_SETTINGS) throw badInput(`notifications may hold at most ${MAX_SETTINGS} entries.`, 'notifications');
  const settings: Partial<Record<NotificationKind, StoredSetting>> = {};
  for (const entry of entries) {
    if (!isNotificationKind(entry.kind)) throw badInput(`Unknown notification kind ${String(entry.kind).slice(0, 40)}.`, 'notifications');
    if (!CHANNELS.includes(entry.channel)) throw badInput(`Unknown channel ${String(entry.channel).slice(0, 40)}.`, 'notifications');
    if (settings[entry.kind]) throw badInput(`${entry.kind} is named twice; name each kind at most once.`, 'notifications');
    const dailyDigest = entry.dailyDigest ?? false;
    if (dailyDigest && !mails(entry.channel)) throw badInput(`A daily digest is mail: ${entry.kind} needs EMAIL or BOTH for it.`, 'notifications');
    settings[entry.kind] = { channel: entry.channel, dailyDigest };
  }
  return settings;
}

function viewOf(prefs: PreferencesDocument | null): PreferencesView {
  return {
    locale: prefs?.locale ?? DEFAULTS.locale,
    timeZone: prefs?.timeZone ?? DEFAULTS.timeZone,
    notifications: NOTIFICATION_KINDS.map((kind) => ({ kind, ...(prefs?.notifications[kind] ?? DEFAULT_SETTING) })),
    updatedAt: prefs?.updatedAt ?? null,
  };
}
