import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '@lg/platform';
import type { IdentityRepository } from './repository.ts';

/**
 * Mail is queued in MongoDB first (identity_mail_outbox) and sent from there, so a slow or
 * absent SMTP server never fails a request. Without SMTP_URL, mail stays queued for dev tooling
 * to print.
 */
export class MailDispatcher {
  private readonly transport: Transporter | undefined;
  private timer: NodeJS.Timeout | undefined;
  private sending = false;

  constructor(
    private readonly repository: IdentityRepository,
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
      for (const mail of await this.repository.pendingMail(20)) {
        if (mail.attempts >= 5) continue;
        try {
          await this.transport.sendMail({ from: this.from, to: mail.to, subject: mail.subject, text: mail.text });
          await this.repository.markMailSent(mail._id, new Date());
          sent += 1;
        } catch (error) {
          await this.repository.markMailAttempt(mail._id);
          this.logger.warn({ err: error, mailId: mail._id }, 'sending mail failed; will retry');
        }
      }
    } finally {
      this.sending = false;
    }
    return sent;
  }
}
