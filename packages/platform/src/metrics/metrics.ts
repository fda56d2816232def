import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The label of operations without a name (or whose document never parsed). */
export const ANONYMOUS_OPERATION = '(anonymous)';
/** The label of named operations past the cap: callers choose names, so they must not choose series. */
export const OTHER_OPERATION = '(other)';
/** How many distinct operation names a process labels; the web client has about 200 operations. */
export const MAX_OPERATION_NAMES = 400;

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const DB_SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5];

/** A number read when Prometheus scrapes, from whoever registered it (several gateways may share a process). */
type Reading = () => number | Promise<number>;

/**
 * The process's Prometheus registry and every instrument the services write to. One per platform:
 * in single-process mode the gateway and the subgraphs share it (a `service` label tells them
 * apart); scaled out, each process has its own. Its own registry rather than prom-client's global
 * one, so that two stacks in one test process do not collide.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly operationNames = new Set<string>();
  private readonly openSubscriptions = new Set<Reading>();
  private readonly consumerLags = new Set<() => Promise<Record<string, number>>>();

  readonly graphqlRequests = new Counter({
    name: 'lg_graphql_requests_total', help: 'GraphQL operations answered, by service and operation name.',
    labelNames: ['service', 'operation', 'type'] as const, registers: [this.registry],
  });
  readonly graphqlErrors = new Counter({
    name: 'lg_graphql_errors_total', help: 'GraphQL operations answered with errors, by service, operation name and the first error code.',
    labelNames: ['service', 'operation', 'code'] as const, registers: [this.registry],
  });
  readonly graphqlDuration = new Histogram({
    name: 'lg_graphql_request_duration_seconds', help: 'Time from receiving a GraphQL operation to sending its answer.',
    labelNames: ['service', 'operation'] as const, buckets: SECONDS, registers: [this.registry],
  });
  readonly subgraphFetchDuration = new Histogram({
    name: 'lg_subgraph_fetch_duration_seconds', help: 'Gateway-to-subgraph fetches, by subgraph and outcome (ok, http_error, failed).',
    labelNames: ['subgraph', 'outcome'] as const, buckets: SECONDS, registers: [this.registry],
  });
  readonly responseCacheLookups = new Counter({
    name: 'lg_response_cache_lookups_total', help: 'Gateway response-cache lookups for queries: hit, miss or uncacheable.',
    labelNames: ['result'] as const, registers: [this.registry],
  });
  readonly databaseCommandDuration = new Histogram({
    name: 'lg_mongodb_command_duration_seconds', help: 'MongoDB commands as the driver timed them, by command name and outcome.',
    labelNames: ['command', 'outcome'] as const, buckets: DB_SECONDS, registers: [this.registry],
  });
  readonly eventsAppended = new Counter({
    name: 'lg_events_appended_total', help: 'Domain events written to the event log by this process, by type.',
    labelNames: ['type'] as const, registers: [this.registry],
  });
  readonly enrolments = new Counter({
    name: 'lg_enrolments_total', help: 'Enrolment changes: created, completed, cancelled.',
    labelNames: ['change'] as const, registers: [this.registry],
  });
  readonly orders = new Counter({
    name: 'lg_orders_total', help: 'Orders paid and refunded.', labelNames: ['status'] as const, registers: [this.registry],
  });
  readonly aiTokens = new Counter({
    name: 'lg_ai_tokens_total', help: 'Model tokens the assistant spent on answers.', registers: [this.registry],
  });

  private defaultsCollected = false;

  constructor() {
    const subscriptions = this.openSubscriptions;
    new Gauge({
      name: 'lg_subscriptions_open', help: 'GraphQL subscriptions authorized and running on this process.', registers: [this.registry],
      async collect() {
        let total = 0;
        for (const read of subscriptions) total += await read();
        this.set(total);
      },
    });
    const lags = this.consumerLags;
    new Gauge({
      name: 'lg_event_consumer_lag_events', help: "Events in the log after a consumer's checkpoint, by consumer.",
      labelNames: ['consumer'] as const, registers: [this.registry],
      async collect() {
        this.reset();
        for (const read of lags) for (const [consumer, lag] of Object.entries(await read())) this.set({ consumer }, lag);
      },
    });
  }

  /** The label for an operation name: itself while fewer than MAX_OPERATION_NAMES are known. */
  operationLabel(name: string | null | undefined): string {
    if (!name) return ANONYMOUS_OPERATION;
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= MAX_OPERATION_NAMES) return OTHER_OPERATION;
    this.operationNames.add(name);
    return name;
  }

  /** Counts `read()` into lg_subscriptions_open at each scrape; the returned function stops it. */
  countSubscriptions(read: Reading): () => void {
    this.openSubscriptions.add(read);
    return () => void this.openSubscriptions.delete(read);
  }

  /** Reports consumer lags (by consumer name) into lg_event_consumer_lag_events at each scrape. */
  reportConsumerLag(read: () => Promise<Record<string, number>>): () => void {
    this.consumerLags.add(read);
    return () => void this.consumerLags.delete(read);
  }

  /**
   * The Prometheus text exposition of everything above. prom-client's process metrics join at the
   * first scrape: their event-loop monitor then runs only in processes that are scraped, not in
   * each of the many platforms a test file makes.
   */
  async exposition(): Promise<{ contentType: string; body: string }> {
    if (!this.defaultsCollected) {
      this.defaultsCollected = true;
      collectDefaultMetrics({ register: this.registry });
    }
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
