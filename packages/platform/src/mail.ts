import type { Collection } from 'mongodb';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from './logger.ts';
import { insertIfAbsent } from './mongo.ts';

/** One mail waiting in (or sent from) a subgraph's outbox collection. */
export interface MailRecord {
  /** Chosen by the producer: a deterministic id makes queuing a replayed event's mail a no-op. */
  _id: string;
  to: string;
  subject: string;
  text: string;
  /** Extra headers, such as List-Unsubscribe. */
  headers?: Record<string, string>;
  createdAt: Date;
  sentAt: Date | null;
  attempts: number;
  /** While a dispatcher sends it: other instances leave it alone until then. */
  claimedUntil?: Date | null;
}

/** How long one instance owns a mail it is sending before another may try. */
const CLAIM_MS = 60_000;
const MAX_ATTEMPTS = 5;

/**
 * A mail outbox in MongoDB: mail is queued with the write that causes it and sent from here, so a
 * slow or absent SMTP server never fails a request, and several instances never send one mail twice
 * (each claims a mail with a conditional update before sending it).
 */
export class MailOutbox {
  constructor(readonly collection: Collection<MailRecord>) {}

  /** False when a mail with that id is queued already. */
  queue(mail: Omit<MailRecord, 'sentAt' | 'attempts' | 'createdAt'> & { createdAt?: Date }): Promise<boolean> {
    return insertIfAbsent(this.collection, { createdAt: new Date(), ...mail, sentAt: null, attempts: 0 });
  }

  pending(limit: number): Promise<MailRecord[]> {
    return this.collection.find({ sentAt: null }).sort({ createdAt: 1 }).limit(limit).toArray();
  }

  /** True for the one caller that may send it now. */
  async claim(mail: MailRecord, now: Date): Promise<boolean> {
    const free = mail.claimedUntil ?? null;
    const result = await this.collection.updateOne(
      { _id: mail._id, sentAt: null, claimedUntil: free },
      { $set: { claimedUntil: new Date(now.getTime() + CLAIM_MS) } },
    );
    return result.modifiedCount === 1;
  }

  async markSent(id: string, now: Date): Promise<void> {
    await this.collection.updateOne({ _id: id }, { $set: { sentAt: now, claimedUntil: null } });
  }

  async markAttempt(id: string): Promise<void> {
    await this.collection.updateOne({ _id: id }, { $inc: { attempts: 1 }, $set: { claimedUntil: null } });
  }
}

/**
 * Sends an outbox's mail through SMTP (nodemailer) when SMTP_URL is configured. Without it, mail
 * stays queued for development tooling to print (printMailOutbox).
 */
export class MailDispatcher {
  private readonly transport: Transporter | undefined;
  private timer: NodeJS.Timeout | undefined;
  private sending = false;

  constructor(
    private readonly outbox: MailOutbox,
    smtpUrl: string | undefined,
    private readonly from: string,
    private readonly logger: Logger,
  ) {
    this.transport = smtpUrl ? nodemailer.createTransport(smtpUrl) : undefined;
  }

  start(intervalMs = 2000): void {
    if (!this.transport) return;
    this.timer = setInterval(() => void this.sendPending(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.transport?.close();
  }

  /** Kicks the dispatcher after queuing, rather than waiting for its next tick. */
  wake(): void {
    if (this.transport) void this.sendPending();
  }

  async sendPending(): Promise<number> {
    if (!this.transport || this.sending) return 0;
    this.sending = true;
    let sent = 0;
    try {
      for (const mail of await this.outbox.pending(20)) {
        const now = new Date();
        if (mail.attempts >= MAX_ATTEMPTS) continue;
        if (mail.claimedUntil && mail.claimedUntil > now) continue;
        if (!(await this.outbox.claim(mail, now))) continue;
        try {
          await this.transport.sendMail({ from: this.from, to: mail.to, subject: mail.subject, text: mail.text, headers: mail.headers });
          await this.outbox.markSent(mail._id, new Date());
          sent += 1;
        } catch (error) {
          await this.outbox.markAttempt(mail._id);
          this.logger.warn({ err: error, mailId: mail._id }, 'sending mail failed; will retry');
        }
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'reading the mail outbox failed; will retry');
    } finally {
      this.sending = false;
    }
    return sent;
  }
}

/** Without SMTP, queued mail is shown on the console so that a developer can follow its links. */
export function printMailOutbox(collection: Collection<MailRecord>, intervalMs = 1000): () => void {
  const since = new Date();
  const printed = new Set<string>();
  const timer = setInterval(async () => {
    const mails = await collection.find({ createdAt: { $gte: since } }).sort({ createdAt: 1 }).limit(20).toArray().catch(() => []);
    for (const mail of mails) {
      if (printed.has(mail._id)) continue;
      printed.add(mail._id);
      const headers = Object.entries(mail.headers ?? {}).map(([k, v]) => `${k}: ${v}\n`).join('');
      console.log(`\n--- mail to ${mail.to}: ${mail.subject}\n${headers}${mail.text}\n---\n`);
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
