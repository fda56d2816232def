import { context as contexts, createContextKey, propagation, trace, type Context, type Tracer } from '@opentelemetry/api';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-node';
import type { Config } from '../config.ts';

/** The attribute every span of a request carries: the request id (x-request-id) of its logs. */
export const REQUEST_ID_ATTRIBUTE = 'lg.request_id';
/** Where a request's id and its service's tracer travel in the OpenTelemetry context. */
export const REQUEST_ID_KEY = createContextKey('lg.request_id');
const SERVICE_TRACER_KEY = createContextKey('lg.service_tracer');

interface Tracing {
  service: string;
  tracers: Map<string, Tracer>;
  /** A tracer whose spans say they come from `service`, exported with this process's own. */
  tracerOf(service: string): Tracer;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** The standard variables tracing is started from, validated with the rest of the configuration. */
export type TracingSettings = Pick<Config, 'OTEL_EXPORTER_OTLP_ENDPOINT' | 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' | 'OTEL_SERVICE_NAME'>;

let running: Tracing | undefined;
let starting: Promise<void> | undefined;

/** Whether this process exports traces; everything that traces asks this first, and does nothing when not. */
export const tracingOn = (): boolean => running !== undefined;

/**
 * Starts exporting traces over OTLP/HTTP (protobuf) when OTEL_EXPORTER_OTLP_ENDPOINT (or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set; otherwise does nothing at all: the SDK is not even
 * loaded, and every tracing hook of ours stays a no-op. The other standard OTEL_* variables
 * (OTEL_EXPORTER_OTLP_HEADERS, _TIMEOUT, OTEL_TRACES_SAMPLER…) are read by the SDK itself.
 *
 * Spans are made where our code already stands at a boundary (server entry, the in-process
 * subgraph call, MongoDB command monitoring, ioredis commands, event consumption), not by patching
 * modules as they load: the production bundle has no modules to patch, and the spans come out the
 * same whether the stack runs under tsx, vitest or from dist/. Outgoing HTTP through fetch and
 * undici is traced by the official undici instrumentation, which listens on Node's diagnostics
 * channels and so works in a bundle too; @apollo/gateway makes its own spans (request, plan,
 * fetch…) once a tracer provider is registered. True when this call started it (and its caller
 * should stop it).
 */
export async function startTracing(service: string, settings: TracingSettings): Promise<boolean> {
  // Platforms started side by side in one process (tests) share the one provider.
  if (running || starting) {
    await starting;
    return false;
  }
  const base = settings.OTEL_EXPORTER_OTLP_ENDPOINT;
  const url = settings.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined);
  if (!url) return false;
  starting = start(settings.OTEL_SERVICE_NAME ?? service, url);
  try {
    await starting;
  } finally {
    starting = undefined;
  }
  return true;
}

async function start(name: string, url: string): Promise<void> {
  const [{ NodeTracerProvider, BatchSpanProcessor }, { W3CTraceContextPropagator }, { OTLPTraceExporter }, { resourceFromAttributes }, { registerInstrumentations }, { UndiciInstrumentation }] = await Promise.all([
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/core'),
    import('@opentelemetry/exporter-trace-otlp-proto'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/instrumentation'),
    import('@opentelemetry/instrumentation-undici'),
  ]);
  const processors: SpanProcessor[] = [requestIdProcessor, new BatchSpanProcessor(new OTLPTraceExporter({ url }))];
  const provider = new NodeTracerProvider({ resource: resourceFromAttributes({ 'service.name': name }), spanProcessors: processors });
  // The AsyncLocalStorage context manager and W3C trace context. Not W3C baggage: whatever a
  // client put there would be forwarded to every subgraph and kept on events.
  provider.register({ propagator: new W3CTraceContextPropagator() });
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    // A subgraph fetch already carries its trace context (the gateway's fetch span is its client
    // span): a second traceparent header would make the subgraph's parent ambiguous.
    // Only requests made inside a trace, as for MongoDB and Redis: health probes are no trace.
    instrumentations: [new UndiciInstrumentation({
      requireParentforSpans: true,
      ignoreRequestHook: (request) => String(request.headers).toLowerCase().includes('traceparent'),
    })],
  });
  const tracers = new Map<string, Tracer>([[name, provider.getTracer('learning-graph')]]);
  running = {
    service: name,
    tracers,
    // Single-process mode serves every subgraph here: each is still its own service in a trace.
    tracerOf: (other) => new NodeTracerProvider({ resource: resourceFromAttributes({ 'service.name': other }), spanProcessors: processors }).getTracer('learning-graph'),
    flush: () => provider.forceFlush(),
    async shutdown() {
      unregister();
      await provider.shutdown();
      trace.disable();
      contexts.disable();
      propagation.disable();
      running = undefined;
    },
  };
}

/** Flushes what is buffered and stops; the process's last step before exit. */
export async function stopTracing(): Promise<void> {
  await running?.shutdown();
}

/** Exports every span ended so far (tests read them from the receiver afterwards). */
export async function flushTracing(): Promise<void> {
  await running?.flush();
}

/** The tracer of a service (a subgraph) of this process; its spans share this process's exporter. */
export function serviceTracer(service: string): Tracer {
  if (!running) return trace.getTracer('learning-graph');
  let tracer = running.tracers.get(service);
  if (!tracer) {
    tracer = running.tracerOf(service);
    running.tracers.set(service, tracer);
  }
  return tracer;
}

/** The tracer of the service the context is in (see inRequestSpan), else this process's own. */
export function tracerIn(context: Context): Tracer {
  return (context.getValue(SERVICE_TRACER_KEY) as Tracer | undefined) ?? serviceTracer(running?.service ?? 'learning-graph');
}

export const withServiceTracer = (context: Context, tracer: Tracer): Context => context.setValue(SERVICE_TRACER_KEY, tracer);

/** Stamps every span started inside a request with its request id, whoever starts it (Apollo's gateway too). */
const requestIdProcessor: SpanProcessor = {
  onStart(span, parent) {
    const requestId = parent.getValue(REQUEST_ID_KEY);
    if (typeof requestId === 'string') span.setAttribute(REQUEST_ID_ATTRIBUTE, requestId);
  },
  onEnd() {},
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};
