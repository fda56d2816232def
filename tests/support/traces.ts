import { randomBytes, randomUUID } from 'node:crypto';
import { flushTracing } from '@lg/platform';
import type { OtlpReceiver, ReceivedSpan } from '../../tools/otlp-receiver/launcher.ts';

/** An upstream caller's trace context: the trace id it chose and its own span, the root's parent. */
export function upstreamCaller() {
  const traceId = randomBytes(16).toString('hex');
  const parentSpanId = randomBytes(8).toString('hex');
  const requestId = randomUUID();
  return { traceId, parentSpanId, requestId, headers: { traceparent: `00-${traceId}-${parentSpanId}-01`, 'x-request-id': requestId } };
}

/** The spans of a trace the receiver has, once `ready` says all that is expected has arrived (or 20 s passed). */
export async function spansOf(receiver: OtlpReceiver, traceId: string, ready: (spans: ReceivedSpan[]) => boolean): Promise<ReceivedSpan[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    // This process's own spans; other processes export on their own schedule.
    await flushTracing();
    const spans = (await receiver.spans()).filter((s) => s.traceId === traceId);
    if (ready(spans) || Date.now() > deadline) return spans;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const hasSpan = (spans: ReceivedSpan[], service: string, name: string): boolean => spans.some((s) => s.service === service && s.name === name);

/** Spans whose parent is neither in the trace nor the upstream caller's span: none in a connected trace. */
export const orphans = (spans: ReceivedSpan[], callerSpanId: string): ReceivedSpan[] => {
  const ids = new Set([callerSpanId, ...spans.map((s) => s.spanId)]);
  return spans.filter((s) => !ids.has(s.parentSpanId));
};
