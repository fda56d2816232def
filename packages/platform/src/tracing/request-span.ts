import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import type { RequestHandler } from 'express';
import { REQUEST_ID_HEADER, requestIdFrom } from '../context.ts';
import { REQUEST_ID_KEY, serviceTracer, tracerIn, tracingOn, withServiceTracer } from './sdk.ts';

/** Request headers, or the trace context an event carries: W3C `traceparent` and the request id. */
export type TraceCarrier = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * Opens the span of work that a caller asked for (a request, an event to consume), as the child of
 * the trace context the caller propagated; the spans started inside it belong to `service` and
 * carry the caller's request id.
 */
function startSpan(service: string | undefined, name: string, carrier: TraceCarrier, kind: SpanKind): { span: Span; context: Context } {
  let parent = propagation.extract(ROOT_CONTEXT, carrier);
  if (service) parent = withServiceTracer(parent, serviceTracer(service));
  const requestId = first(carrier[REQUEST_ID_HEADER]);
  if (requestId) parent = parent.setValue(REQUEST_ID_KEY, requestId);
  const span = tracerIn(parent).startSpan(name, { kind }, parent);
  return { span, context: trace.setSpan(parent, span) };
}

const failed = (span: Span, error: unknown) => {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR });
};

/** Runs `work` inside its own span when tracing is on; just runs it otherwise. */
export async function inSpanOf<T>(
  service: string | undefined, name: string, carrier: TraceCarrier, work: () => Promise<T>, kind: SpanKind = SpanKind.SERVER,
): Promise<T> {
  if (!tracingOn()) return work();
  const { span, context: active } = startSpan(service, name, carrier, kind);
  try {
    return await context.with(active, work);
  } catch (error) {
    failed(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/**
 * The server span of each HTTP request, as an Express middleware placed just before the GraphQL
 * handler (the body is parsed by then, so nothing after it leaves the span's context); none at all
 * when tracing is off. A request without a usable id gets one here, so that the context built
 * afterwards and the spans tell the same id.
 */
export function requestSpans(service: string | undefined, name: string): RequestHandler[] {
  if (!tracingOn()) return [];
  return [(req, res, next) => {
    req.headers[REQUEST_ID_HEADER] = requestIdFrom(req.headers);
    const { span, context: active } = startSpan(service, name, req.headers, SpanKind.SERVER);
    span.setAttribute('http.request.method', req.method);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    };
    res.once('finish', end);
    res.once('close', end);
    context.with(active, next);
  }];
}

/** Adds the active trace context to headers a request is about to send (a no-op when tracing is off). */
export function injectTraceContext(headers: Record<string, string>): void {
  if (tracingOn()) propagation.inject(context.active(), headers);
}

/**
 * The active trace context as a carrier (W3C `traceparent` and the request id), or undefined
 * outside a trace. Only the parent is kept, 55 characters of our own making: no `tracestate` a
 * caller chose is stored on an event.
 */
export function activeTraceCarrier(): Record<string, string> | undefined {
  if (!tracingOn()) return undefined;
  const active = context.active();
  if (!trace.getSpan(active)) return undefined;
  const headers: Record<string, string> = {};
  propagation.inject(active, headers);
  if (!headers.traceparent) return undefined;
  const requestId = active.getValue(REQUEST_ID_KEY);
  return { traceparent: headers.traceparent, ...(typeof requestId === 'string' ? { [REQUEST_ID_HEADER]: requestId } : {}) };
}
