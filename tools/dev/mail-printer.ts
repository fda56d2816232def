import type { IdentityRepository } from '@lg/identity';

/** Without SMTP, queued mail is shown on the console so that a developer can follow reset links. */
export function printMailOutbox(repository: IdentityRepository, intervalMs = 1000): () => void {
  const since = new Date();
  const printed = new Set<string>();
  const timer = setInterval(async () => {
    const mails = await repository.mail.find({ createdAt: { $gte: since } }).sort({ createdAt: 1 }).limit(20).toArray().catch(() => []);
    for (const mail of mails) {
      if (printed.has(mail._id)) continue;
      printed.add(mail._id);
      console.log(`\n--- mail to ${mail.to}: ${mail.subject}\n${mail.text}\n---\n`);
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
