import { newId } from '../ids.ts';
import { activeTraceCarrier } from '../tracing/request-span.ts';

/** A domain event (docs/architecture.md §4); `seq` is its position once in the log. */
export interface DomainEvent<D extends object = Record<string, unknown>> {
  _id: string;
  type: string;
  aggregateId: string;
  courseId?: string;
  userId?: string;
  data: D;
  at: Date;
  /**
   * The trace context of the request that recorded it (W3C `traceparent`, the request id), when
   * that request was traced: its consumers' spans join the same trace.
   */
  trace?: Record<string, string>;
}

/** Fills a position whose event was already logged by a concurrent flush; consumers skip it. */
export const VOID_EVENT = '$void';

export interface LoggedEvent<D extends object = Record<string, unknown>> extends DomainEvent<D> {
  seq: number;
}

export function newEvent<D extends object>(
  type: string,
  aggregateId: string,
  data: D,
  refs: { courseId?: string; userId?: string } = {},
): DomainEvent<D> {
  const trace = activeTraceCarrier();
  return { _id: newId(), type, aggregateId, ...refs, data, at: new Date(), ...(trace ? { trace } : {}) };
}
