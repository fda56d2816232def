import type { Logger, MailDispatcher } from '@lg/platform';
import type { NotificationKind, NotificationModel } from '../models.ts';
import { KIND_LABELS } from './kinds.ts';
import type { DigestItemDocument, PreferencesDocument } from './models.ts';
import type { PreferencesRepository } from './repository.ts';
import type { UnsubscribeTokens } from './unsubscribe-token.ts';

export interface MailLinks {
  /** Where the web client is: the in-mail unsubscribe link opens its confirmation page. */
  webOrigin: string;
  /** The gateway's public origin: List-Unsubscribe points at its /mail/unsubscribe route. */
  publicOrigin: string;
}

type Reader = Pick<PreferencesDocument, 'locale' | 'timeZone'>;

/**
 * Writes notification mail into engagement's outbox (the platform's MailDispatcher sends it).
 * Every mail carries an unsubscribe link for the kinds it is about, in the text and as the
 * List-Unsubscribe and List-Unsubscribe-Post (RFC 8058 one-click) headers.
 */
export class NotificationMailer {
  constructor(
    private readonly repository: PreferencesRepository,
    private readonly tokens: UnsubscribeTokens,
    private readonly links: MailLinks,
    private readonly dispatcher: MailDispatcher,
    private readonly logger: Logger,
  ) {}

  /** One notification, one mail; the id makes a replayed event's mail a no-op. */
  async queueNotification(notification: NotificationModel, reader: Reader): Promise<boolean> {
    const to = await this.addressOf(notification.userId);
    if (!to) return false;
    const { text, headers } = this.unsubscribing(notification.userId, [notification.kind]);
    const queued = await this.repository.mail.queue({
      _id: `notification:${notification.sourceEventId}:${notification.userId}:${notification.kind}`,
      to: to.email,
      subject: `${KIND_LABELS[notification.kind]}: ${oneLine(notification.message, 120)}`,
      text: [
        `Hello ${to.displayName || 'there'},`, '',
        notification.message, '',
        `${stamp(notification.createdAt, reader)}. Open Learning Graph: ${this.links.webOrigin}/notifications`, '',
        text,
      ].join('\n'),
      headers,
    });
    this.dispatcher.wake();
    return queued;
  }

  /** A day's waiting notifications in one mail; `key` (the digest's due time) makes it once only. */
  async queueDigest(userId: string, items: DigestItemDocument[], more: number, reader: Reader, key: string): Promise<boolean> {
    const to = await this.addressOf(userId);
    if (!to || items.length === 0) return false;
    const kinds = [...new Set(items.map((i) => i.kind))];
    const { text, headers } = this.unsubscribing(userId, kinds);
    const lines = items.map((i) => `- ${stamp(i.createdAt, reader)} — ${KIND_LABELS[i.kind]}: ${oneLine(i.message, 300)}`);
    const queued = await this.repository.mail.queue({
      _id: `digest:${userId}:${key}`,
      to: to.email,
      subject: `Your Learning Graph digest: ${items.length + more} notification${items.length + more === 1 ? '' : 's'}`,
      text: [
        `Hello ${to.displayName || 'there'},`, '',
        'Since your last digest:', '', ...lines,
        ...(more > 0 ? ['', `…and ${more} more in the app: ${this.links.webOrigin}/notifications`] : []), '',
        text,
      ].join('\n'),
      headers,
    });
    this.dispatcher.wake();
    return queued;
  }

  private async addressOf(userId: string) {
    const contact = await this.repository.findContact(userId);
    // A user identity never told us about (registered before emails were projected): no mail, said once a time.
    if (!contact?.email) this.logger.warn({ userId }, 'no email address known for a user who asked for mail; skipped');
    return contact?.email ? contact : null;
  }

  private unsubscribing(userId: string, kinds: NotificationKind[]): { text: string; headers: Record<string, string> } {
    const token = this.tokens.sign(userId, kinds);
    const labels = kinds.map((k) => KIND_LABELS[k].toLowerCase()).join(', ');
    return {
      text: `You get this mail because of your notification settings (${labels}). Stop these mails: ${this.links.webOrigin}/unsubscribe?token=${token}\nAll settings: ${this.links.webOrigin}/settings/preferences`,
      headers: {
        'List-Unsubscribe': `<${this.links.publicOrigin}/mail/unsubscribe?token=${token}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    };
  }
}

const oneLine = (value: string, max: number) => {
  const flat = value.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** When it happened, in the reader's locale and time zone. */
const stamp = (at: Date, reader: Reader) =>
  new Intl.DateTimeFormat(reader.locale, { timeZone: reader.timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(at);
