import { typesOf, type EventLog } from '@lg/platform';
import { REVOCATION_EVENTS as REVOCATIONS } from '@lg/events';
import type { EventTail } from '../subscriptions/event-tail.ts';
import { REVOCATION_MARGIN_MS, type RevocationList } from './revocation-list.ts';

/** The event types a revocation list follows in the log. */
export const REVOCATION_EVENTS = typesOf(REVOCATIONS);

const PRUNE_EVERY_MS = 60_000;

/**
 * Keeps `list` true to the event log: new revocations arrive through the gateway's live tail of
 * the log (woken across instances by Redis pub/sub, with its poll as the safety net), and those
 * of the last token lifetime are read from the log at start, so that a restarted gateway still
 * refuses what was revoked before it started. Call before the tail starts; then `loadRecent()`
 * after it started, so that nothing falls between the two reads (one event read twice is harmless).
 */
export function feedRevocations(tail: EventTail, log: EventLog, list: RevocationList, accessTokenTtlMs: number) {
  const types = new Set(REVOCATION_EVENTS);
  const unlisten = tail.onEvent((event) => {
    if (types.has(event.type)) list.apply(event);
  });
  const pruner = setInterval(() => list.prune(), PRUNE_EVERY_MS);
  pruner.unref();
  return {
    async loadRecent(): Promise<void> {
      const since = new Date(Date.now() - accessTokenTtlMs - REVOCATION_MARGIN_MS);
      for (const event of await log.ofTypesSince(REVOCATION_EVENTS, since)) list.apply(event);
    },
    stop(): void {
      unlisten();
      clearInterval(pruner);
    },
  };
}
