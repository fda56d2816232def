import type { LoggedEvent } from '../events/event.ts';
import type { EventLog } from '../events/log.ts';
import type { Metrics } from './metrics.ts';

/**
 * Business counters, counted where the events are written into the log: once each, by the process
 * that wrote them, whichever path (outbox flush or direct append) wrote them. The types are named
 * here rather than imported from @lg/events, which depends on this package.
 */
const counted: Record<string, (metrics: Metrics, event: LoggedEvent) => void> = {
  EnrollmentCreated: (m) => m.enrolments.inc({ change: 'created' }),
  EnrollmentCompleted: (m) => m.enrolments.inc({ change: 'completed' }),
  EnrollmentCancelled: (m) => m.enrolments.inc({ change: 'cancelled' }),
  OrderPaid: (m) => m.orders.inc({ status: 'paid' }),
  OrderRefunded: (m) => m.orders.inc({ status: 'refunded' }),
  AssistantAnswered: (m, e) => {
    const tokens = Number((e.data as { tokens?: unknown }).tokens);
    if (Number.isFinite(tokens) && tokens > 0) m.aiTokens.inc(tokens);
  },
};

/** Counts the events `log` writes into `metrics`; the returned function stops counting. */
export function countWrittenEvents(log: EventLog, metrics: Metrics): () => void {
  return log.onWritten((events) => {
    for (const event of events) {
      metrics.eventsAppended.inc({ type: event.type });
      counted[event.type]?.(metrics, event);
    }
  });
}
