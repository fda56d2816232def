import { startGoServer } from '../go-binary.ts';

/** What the receiver keeps of a span: ids in hex, its service (resource service.name), flat attributes. */
export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  /** Empty for a root span. */
  parentSpanId: string;
  name: string;
  /** OTLP's SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, string | number | boolean>;
  links: { traceId: string; spanId: string }[];
}

export interface OtlpReceiver {
  /** The base URL, as OTEL_EXPORTER_OTLP_ENDPOINT takes it. */
  endpoint: string;
  spans(): Promise<ReceivedSpan[]>;
  stop(): Promise<void>;
}

/** The OTLP/HTTP trace receiver of tools/otlp-receiver on a free loopback port. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const server = await startGoServer('otlp-receiver', ['-addr', '127.0.0.1:0']);
  const endpoint = `http://${server.address}`;
  return {
    endpoint,
    spans: async () => (await (await fetch(`${endpoint}/spans`)).json()) as ReceivedSpan[],
    stop: server.stop,
  };
}
