import { createHmac, timingSafeEqual } from 'node:crypto';
import { badInput } from '@lg/platform';
import type { NotificationKind } from '../models.ts';
import { isNotificationKind } from './kinds.ts';

/**
 * Unsubscribe links work without signing in, so the token itself is the authority: it names one
 * user and the kinds the mail was about (one; a digest's several) and carries an HMAC-SHA256 of both under a server secret. Changing a single
 * character of either part fails the comparison; it never expires (a mail's link should keep working).
 * Format: base64url("v1:<userId>:<kind>,<kind>…") "." base64url(hmac).
 */
export class UnsubscribeTokens {
  constructor(private readonly secret: string) {}

  sign(userId: string, kinds: NotificationKind[]): string {
    const payload = Buffer.from(`v1:${userId}:${[...new Set(kinds)].join(',')}`).toString('base64url');
    return `${payload}.${this.mac(payload)}`;
  }

  /** The user and kinds the token names; BAD_USER_INPUT for anything forged, altered or malformed. */
  verify(token: string): { userId: string; kinds: NotificationKind[] } {
    const refused = () => badInput('This unsubscribe link is not valid; use the link from the mail as it is, or change your settings after signing in.', 'token');
    if (typeof token !== 'string' || token.length > 300) throw refused();
    const [payload, mac, ...rest] = token.split('.');
    if (!payload || !mac || rest.length > 0) throw refused();
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refused();
    const [version, userId, list, ...extra] = Buffer.from(payload, 'base64url').toString('utf8').split(':');
    const kinds = (list ?? '').split(',');
    if (version !== 'v1' || !userId || extra.length > 0 || !kinds.every(isNotificationKind)) throw refused();
    return { userId, kinds: kinds as NotificationKind[] };
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.secret).update(`unsubscribe:${payload}`).digest('base64url');
  }
}
