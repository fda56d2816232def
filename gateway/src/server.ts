import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageLocalDefault, ApolloServerPluginLandingPageProductionDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express, { type Express } from 'express';
import { dataExportPaths } from './data-export-proxy.ts';
import { limitMediaPaths, proxyMediaPaths } from './media-proxy.ts';
import { proxyMailPaths } from './mail-proxy.ts';
import type { Redis } from 'ioredis';
import type { Db } from 'mongodb';
import type { GraphQLSchema } from 'graphql';
import { Agent } from 'undici';
import {
  accessLog, answeredBy, bodyErrorHandler, CostLimit, metricsPlugin, metricsRoute, Metrics, formatErrorFor, healthRoutes, listen, loadShedding, overloadCheck, requestErrorsPlugin, requestIdPlugin, requestSpans, requireJsonContent,
  shedRetryAfterSeconds, trustProxySetting, type Config, type EventLog, type LiveChannel, type Logger, type PresenceStore, type SubgraphFetch, type TokenVerifier } from '@lg/platform';
import { gatewayContext, type GatewayContext } from './context.ts';
import { ForwardingDataSource } from './data-source.ts';
import { CostBudget } from './cost/budget.ts';
import { ExpensiveLane } from './cost/expensive-lane.ts';
import { costPlugin } from './cost/plugin.ts';
import { deadlinePlugin } from './deadline.ts';
import { armor, parseOptions } from './limits.ts';
import { responseCachePlugin } from './cache/plugin.ts';
import { ResponseCache } from './cache/response-cache.ts';
import { ApiKeyExchange } from './api-keys/exchange.ts';
import { rateLimit } from './rate-limit.ts';
import { subgraphFetcher } from './subgraph-fetcher.ts';
import { timedFetcher } from './subgraph-fetch-metrics.ts';
import { readSupergraph } from './supergraph.ts';
import { feedRevocations, REVOCATION_EVENTS } from './sessions/revocation-feed.ts';
import { RevocationList } from './sessions/revocation-list.ts';
import { EventTail } from './subscriptions/event-tail.ts';
import { subscriptionFields } from './subscriptions/fields.ts';
import { MEMBERSHIP_EVENTS } from './subscriptions/membership.ts';
import { GROUP_MEMBERSHIP_EVENTS } from './subscriptions/group-membership.ts';
import { attachSubscriptions } from './subscriptions/server.ts';
import { registerBuiltInManifests } from './trusted-documents/built-in.ts';
import { DocumentGate, trustedDocumentsMode, type ArbitraryDocumentsPolicy } from './trusted-documents/gate.ts';
import { trustedDocuments } from './trusted-documents/http.ts';
import { gateOfCaller, PinnedManifests } from './trusted-documents/pinned.ts';
import { TrustedDocuments } from './trusted-documents/registry.ts';

export interface GatewayOptions {
  config: Config;
  verifier: TokenVerifier;
  logger: Logger;
  /** Signs every subgraph request; the subgraphs hold the same secret. */
  subgraphSecret: string;
  /** Where each subgraph really listens, when not at the URL composed into the supergraph. */
  subgraphUrls?: Partial<Record<string, string>>;
  /**
   * Subgraphs served in this process (single-process mode), called without HTTP: no socket and
   * no HTTP parsing on either side, the same signed request and context (see inProcessFetch).
   */
  inProcessSubgraphs?: Partial<Record<string, SubgraphFetch>>;
  /** Shares rate-limit counters between gateway instances. */
  redis?: Redis;
  /** Signals never stored (typing, presence changes); without it typing and presence are not live. */
  live?: LiveChannel;
  /** Where signed-in sockets keep their users online (Redis shared by every gateway, or memory). */
  presence?: PresenceStore;
  /** The event log that subscriptions listen to; without it the gateway serves no subscriptions. */
  events?: { db: Db; log: EventLog; /** The safety-net poll under wake-ups (default 500 ms). */ pollMs?: number };
  supergraphSdl?: string;
  port?: number;
  /** Which callers may run documents no manifest registers when TRUSTED_DOCUMENTS=require (none by default). */
  mayRunArbitraryDocuments?: ArbitraryDocumentsPolicy;
  /** The process's instruments (the platform's); without them, the gateway's own. */
  metrics?: Metrics;
}

export interface RunningGateway {
  url: string;
  port: number;
  app: Express;
  httpServer: Server;
  /** The live event reader behind subscriptions and the revocation list, when given the event log. */
  tail: EventTail | undefined;
  /** Sessions ended by identity, as this instance knows them (kept from the event log). */
  revocations: RevocationList | undefined;
  /** The registered document manifests (trusted documents). */
  documents: TrustedDocuments;
  /** The response cache, when CACHES is on and the gateway follows the event log. */
  cache: ResponseCache | undefined;
  /** How many subscriptions are authorized and running on this gateway. */
  activeSubscriptions(): number;
  /** Payload queries run for subscriptions so far: one per audience and event, plus per-viewer parts. */
  subscriptionPayloadExecutions(): number;
  /** Subscription membership checks that asked the supergraph (not the cache). */
  subscriptionMembershipLookups(): number;
  /** Closes every subscription socket (1012, service restart) so that clients reconnect: draining. */
  dropSubscriptionConnections(): void;
  /** Signed-in sockets this gateway keeps online (presence). */
  presentConnections(): number;
  stop(): Promise<void>;
}

const missingUrl = (subgraph: string): never => {
  throw new Error(`The supergraph gives no URL for the ${subgraph} subgraph.`);
};

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { config, logger } = options;
  const metrics = options.metrics ?? new Metrics();
  // @apollo/gateway otherwise reports usage metrics to Apollo and probes cloud metadata
  // addresses at start-up; nothing of ours leaves the deployment unless asked to.
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
  // Kept-alive connections to every subgraph, this gateway's own (closed when it stops).
  const subgraphConnections = new Agent();
  const servedAt: Partial<Record<string, string>> = {};
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl ?? readSupergraph(),
    buildService: ({ name, url }) => new ForwardingDataSource({
      subgraph: name,
      url: (servedAt[name] = options.subgraphUrls?.[name] ?? url ?? missingUrl(name)),
      fetcher: timedFetcher(subgraphFetcher({
        subgraph: name,
        secret: options.subgraphSecret,
        timeoutMs: config.SUBGRAPH_TIMEOUT_MS,
        maxResponseBytes: config.MAX_SUBGRAPH_RESPONSE_BYTES,
        dispatcher: subgraphConnections,
        inProcess: options.inProcessSubgraphs?.[name],
      }), metrics, name),
    }),
    logger,
  });
  let apiSchema: GraphQLSchema | undefined;
  const costLimit = new CostLimit(config.MAX_OPERATION_COST);
  const costBudget = new CostBudget(config.COST_BUDGET_PER_MINUTE, options.redis);
  const keyCostBudget = new CostBudget(config.API_KEY_COST_BUDGET_PER_MINUTE, options.redis, 'cost-api-key');
  // API keys are exchanged with identity (at the URL it is served at) for tokens every subgraph verifies.
  const keys = new ApiKeyExchange({
    identityUrl: () => servedAt.identity ?? missingUrl('identity'), secret: options.subgraphSecret,
    cacheMs: config.API_KEY_TOKEN_CACHE_SECONDS * 1000, timeoutMs: config.SUBGRAPH_TIMEOUT_MS,
  });
  const credentials = { verifier: options.verifier, keys };
  gateway.onSchemaLoadOrUpdate(({ apiSchema: schema, coreSupergraphSdl }) => {
    apiSchema = schema;
    costLimit.useSdl(coreSupergraphSdl);
  });
  const mode = trustedDocumentsMode(config);
  const documents = new TrustedDocuments(parseOptions);
  registerBuiltInManifests(documents, { required: mode === 'require', logger });
  const documentGate = new DocumentGate(documents, mode, options.mayRunArbitraryDocuments);
  // Keys pinned to their owner's manifest run its documents only (read from identity once, kept for good).
  const pinnedManifests = new PinnedManifests({
    identityUrl: () => servedAt.identity ?? missingUrl('identity'), secret: options.subgraphSecret, timeoutMs: config.SUBGRAPH_TIMEOUT_MS, parseOptions,
  });
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxySetting(config.TRUST_PROXY));
  app.use(accessLog(logger));
  const subgraphsReady = async () => {
    const urls = Object.values(options.subgraphUrls ?? {}).filter((u): u is string => Boolean(u));
    const answers = await Promise.all(urls.map((u) => fetch(new URL('/ready', u)).then((r) => r.ok, () => false)));
    return answers.every(Boolean);
  };
  healthRoutes(app, subgraphsReady);
  metricsRoute(app, metrics, config);
  limitMediaPaths(app, config, options.redis);
  if (config.MEDIA_SERVICE_URL) proxyMediaPaths(app, config.MEDIA_SERVICE_URL);
  if (config.ENGAGEMENT_SERVICE_URL) proxyMailPaths(app, config.ENGAGEMENT_SERVICE_URL);
  dataExportPaths(app, options.redis, config.IDENTITY_SERVICE_URL);
  const httpServer = await listen(app, options.port ?? config.PORT, config.HOST);
  const armored = armor(config.production);
  const cache = options.events && config.CACHES === 'on'
    ? new ResponseCache({ config, db: options.events.db, log: options.events.log, logger, redis: options.redis })
    : undefined;
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: formatErrorFor(config.production),
    includeStacktraceInErrorResponses: !config.production,
    introspection: !config.production,
    // The process owner stops servers in order on SIGINT/SIGTERM; nine servers each adding
    // their own signal handlers would also trip Node's listener-leak warning.
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    validationRules: armored.validationRules,
    parseOptions,
    plugins: [
      requestErrorsPlugin<GatewayContext>(),
      ...(armored.plugins as ApolloServerPlugin<GatewayContext>[]),
      deadlinePlugin(config.GATEWAY_DEADLINE_MS),
      requestIdPlugin<GatewayContext>(),
      // Callers' operations: the gateway's own executions (subscription payloads) have no address.
      metricsPlugin<GatewayContext>(metrics, 'gateway', (ctx) => ctx.address !== undefined),
      ...(cache ? [responseCachePlugin(cache, metrics)] : []),
      costPlugin(costLimit, { people: costBudget, keys: keyCostBudget }, new ExpensiveLane(config.EXPENSIVE_OPERATIONS_AT_ONCE, config.EXPENSIVE_OPERATION_COST), config.GATEWAY_DEADLINE_MS),
      ApolloServerPluginDrainHttpServer({ httpServer }) as ApolloServerPlugin<GatewayContext>,
      (config.production
        ? ApolloServerPluginLandingPageProductionDefault()
        : ApolloServerPluginLandingPageLocalDefault({ embed: true })) as ApolloServerPlugin<GatewayContext>,
    ],
  });
  await apollo.start();
  // The log feeds both live subscriptions and the revocation list; revocations of the last token
  // lifetime are loaded before the first request is served.
  let tail: EventTail | undefined;
  let revocations: RevocationList | undefined;
  let revocationFeed: ReturnType<typeof feedRevocations> | undefined;
  if (options.events) {
    tail = new EventTail({
      db: options.events.db, log: options.events.log, logger, pollMs: options.events.pollMs,
      types: [...Object.values(subscriptionFields).filter((f) => !f.live).flatMap((f) => [f.eventType, ...(f.alsoOn ?? [])]), ...REVOCATION_EVENTS, ...MEMBERSHIP_EVENTS, ...GROUP_MEMBERSHIP_EVENTS],
    });
    revocations = new RevocationList(config.ACCESS_TOKEN_TTL_SECONDS * 1000);
    revocationFeed = feedRevocations(tail, options.events.log, revocations, config.ACCESS_TOKEN_TTL_SECONDS * 1000);
    // A revoked or rotated key's kept tokens go at once; any other revocation of a user's tokens drops every kept
    // token (a user's keys speak for them), so that the next use gets a fresh one.
    revocations.onRevoked((event) => {
      const { keyId } = event.data as { keyId?: unknown };
      if (typeof keyId === 'string') keys.forgetKey(keyId);
      else keys.forgetAll();
    });
    await tail.start();
    await revocationFeed.loadRecent();
  }
  await cache?.start();
  app.use(
    '/graphql',
    cors({ origin: config.WEB_ORIGINS.split(',').map((o) => o.trim()), credentials: false, maxAge: 600 }),
    loadShedding(config),
    rateLimit({ perMinute: config.RATE_LIMIT_PER_MINUTE, keysPerMinute: config.API_KEY_RATE_LIMIT_PER_MINUTE, redis: options.redis, credentials }),
    requireJsonContent,
    express.json({ limit: config.MAX_BODY_BYTES }),
    bodyErrorHandler,
    // The process's own service: @apollo/gateway's spans are made by the globally registered tracer.
    ...requestSpans(undefined, 'POST /graphql'),
    trustedDocuments(gateOfCaller(documentGate, pinnedManifests, credentials)),
    expressMiddleware(apollo, { context: async ({ req, res }) => answeredBy(await gatewayContext(req, credentials, logger, revocations), res) }),
  );
  let subscriptions: ReturnType<typeof attachSubscriptions> | undefined;
  if (tail && revocations && apiSchema) {
    subscriptions = attachSubscriptions({
      httpServer, apollo, schema: apiSchema, verifier: options.verifier, tail, revocations, logger,
      production: config.production, validationRules: armored.validationRules, parseOptions, costLimit, costBudget,
      shed: { overloaded: overloadCheck(config), retryAfterSeconds: shedRetryAfterSeconds(config) },
      live: options.live,
      documents: documentGate,
      presence: options.presence ? { store: options.presence, ttlMs: config.PRESENCE_TTL_SECONDS * 1000 } : undefined,
    });
  }
  const uncountSubscriptions = metrics.countSubscriptions(() => subscriptions?.active ?? 0);
  const port = (httpServer.address() as AddressInfo).port;
  return {
    url: `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}/graphql`,
    port,
    app,
    httpServer,
    tail,
    revocations,
    documents,
    cache,
    activeSubscriptions: () => subscriptions?.active ?? 0,
    subscriptionPayloadExecutions: () => subscriptions?.payloadExecutions ?? 0,
    subscriptionMembershipLookups: () => subscriptions?.membershipLookups ?? 0,
    presentConnections: () => subscriptions?.presentConnections ?? 0,
    dropSubscriptionConnections: () => subscriptions?.dropConnections(),
    async stop() {
      uncountSubscriptions();
      await subscriptions?.close();
      revocationFeed?.stop();
      await tail?.stop();
      await cache?.stop();
      await apollo.stop();
      await subgraphConnections.close();
    },
  };
}
