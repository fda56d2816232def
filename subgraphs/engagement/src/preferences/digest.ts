import type { Logger } from '@lg/platform';
import { DEFAULTS, nextLocalHour } from './locale.ts';
import type { NotificationMailer } from './mailer.ts';
import { DIGEST_MAX_ITEMS, type PreferencesRepository } from './repository.ts';

/**
 * Sends daily digests when they fall due. Safe with any number of instances: each digest is
 * claimed by a conditional update that moves its `dueAt` on from the value read, which exactly one
 * instance wins; the mail's id is the old due time, so even a retried claim queues it once.
 * A crash after the claim leaves the items waiting: they go out with the next day's digest.
 */
export class DigestScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | null = null;

  constructor(
    private readonly repository: PreferencesRepository,
    private readonly mailer: NotificationMailer,
    private readonly digestHour: number,
    private readonly logger: Logger,
  ) {}

  start(pollMs: number): void {
    this.timer = setInterval(() => void this.sendDue().catch((error: unknown) => this.logger.warn({ err: error }, 'sending digests failed; will retry')), pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Sends every digest due by `now`; returns how many this instance sent. */
  sendDue(now = new Date()): Promise<number> {
    this.running ??= this.send(now).finally(() => (this.running = null));
    return this.running;
  }

  private async send(now: Date): Promise<number> {
    let sent = 0;
    for (const digest of await this.repository.dueDigests(now, 100)) {
      const prefs = await this.repository.findPreferences(digest._id);
      const reader = { locale: prefs?.locale ?? DEFAULTS.locale, timeZone: prefs?.timeZone ?? DEFAULTS.timeZone };
      const next = nextLocalHour(now, reader.timeZone, this.digestHour);
      if (!(await this.repository.claimDigest(digest, next))) continue;
      const items = await this.repository.digestItemsOf(digest._id, DIGEST_MAX_ITEMS + 1);
      const listed = items.slice(0, DIGEST_MAX_ITEMS);
      const more = items.length - listed.length;
      if (await this.mailer.queueDigest(digest._id, listed, more, reader, digest.dueAt.toISOString())) sent += 1;
      await this.repository.removeDigestItems(listed.map((i) => i._id));
      await this.repository.dropDigestIfEmpty(digest._id, next);
    }
    return sent;
  }
}
