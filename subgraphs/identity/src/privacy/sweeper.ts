import type { Logger } from '@lg/platform';
import type { PrivacyService } from './service.ts';

/**
 * Every ACCOUNT_DELETION_SWEEP_MS: deletions whose grace period ended, and exports past their
 * expiry. Any number of instances may run it; the claims inside decide who does what.
 */
export function startPrivacySweeper(privacy: PrivacyService, everyMs: number, logger: Logger): () => Promise<void> {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = (async () => {
      await privacy.sweep();
      await privacy.expireExports();
    })()
      .catch((err: unknown) => logger.error({ err }, 'privacy sweep failed; retrying at the next'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  tick();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
