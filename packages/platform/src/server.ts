import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Express } from 'express';
import { print, type DocumentNode } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import type { IRules } from 'graphql-shield';
import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import type { TokenVerifier } from './auth.ts';
import type { Projector } from './events/projector.ts';
import type { Config } from './config.ts';
import { accessLog, answeredBy } from './access-log.ts';
import { clientFrom } from './client-address.ts';
import { type BaseContext, REQUEST_ID_HEADER, requestIdFrom, viewerFrom } from './context.ts';
import { formatErrorFor } from './errors.ts';
import { CostLimit, costLimitPlugin } from './cost/limit.ts';
import { gatewaySignatureGuard } from './gateway-signature-guard.ts';
import { inProcessFetch, type SubgraphFetch } from './in-process-fetch.ts';
import { loadShedding } from './load-shedding.ts';
import { Metrics } from './metrics/metrics.ts';
import { metricsPlugin } from './metrics/plugin.ts';
import { metricsRoute } from './metrics/routes.ts';
import { permissionsFor } from './permissions.ts';
import { parseOptionsFor, queryArmor, subgraphQueryLimits } from './query-limits.ts';
import { bodyErrorHandler, requireJsonContent } from './request-body.ts';
import { requestErrorsPlugin } from './request-errors.ts';
import { requestSpans } from './tracing/request-span.ts';

export interface SubgraphDefinition<Ctx extends BaseContext> {
  name: string;
  typeDefs: DocumentNode;
  // Generated resolver types are stricter than Apollo's map; both describe the same object.
  resolvers: unknown;
  permissions: IRules;
  /** Adds the subgraph's per-request parts (DataLoaders, services) to the base context. */
  createContext(base: BaseContext): Ctx;
  /** Readiness beyond "the process is up"; without it, the database answering a ping (databaseReady). */
  ready?(): Promise<boolean>;
  /** Stops the subgraph's background work (dispatchers, consumers), if it has any. */
  stop?(): Promise<void>;
  /** Routes beside /graphql on the subgraph's own HTTP app (REST or MCP endpoints), mounted before it. */
  routes?(app: Express): void;
  /** Told the gateway's URL once the gateway in front of the subgraph is started (single-process mode). */
  gatewayStarted?(url: string): void;
  /** Its part in data exports and account erasures (userDataParticipant), started with it and stopped by stop(). */
  userData?: Projector;
}

/** How much more than the gateway's limit one subgraph fetch may cost. */
export const SUBGRAPH_COST_SLACK = 2;

export interface RunningServer {
  url: string;
  port: number;
  app: Express;
  httpServer: Server;
  /** Its /graphql without HTTP, for a gateway in the same process: the same checks and context. */
  fetch: SubgraphFetch;
  stop(): Promise<void>;
}

/** Puts the request id on every error and on the response, so a report can be traced in logs. */
export function requestIdPlugin<Ctx extends { requestId: string; log: Logger }>(): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async didEncounterErrors({ errors, operationName }) {
          // Expected errors (bad input, forbidden...) are the caller's business; ours are logged.
          for (const error of errors) {
            const code = error.extensions?.code;
            if (code === undefined || code === 'INTERNAL_SERVER_ERROR')
              contextValue.log.error({ err: error.originalError ?? error, operationName, path: error.path }, 'request failed');
          }
        },
        async willSendResponse({ response }) {
          response.http.headers.set(REQUEST_ID_HEADER, contextValue.requestId);
          if (response.body.kind === 'single' && response.body.singleResult.errors) {
            response.body.singleResult.errors = response.body.singleResult.errors.map((e) => ({
              ...e,
              extensions: { ...e.extensions, requestId: contextValue.requestId },
            }));
          }
        },
      };
    },
  };
}

/** The readiness of a subgraph that needs nothing but its database. */
export const databaseReady = async (db: Db): Promise<boolean> => (await db.command({ ping: 1 })).ok === 1;

export function healthRoutes(app: Express, ready: () => Promise<boolean>): void {
  app.get('/health', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/ready', async (_req, res) => {
    const ok = await ready().catch(() => false);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not ready' });
  });
}

export async function listen(app: Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
    server.keepAliveTimeout = 65_000;
  });
}

export async function startSubgraph<Ctx extends BaseContext>(
  definition: SubgraphDefinition<Ctx>,
  deps: {
    config: Config; verifier: TokenVerifier; logger: Logger; subgraphSecret: string; db: Db; port?: number;
    /** The process's instruments (the platform's); without them, the subgraph's own. */
    metrics?: Metrics;
    /**
     * Whether /graphql sheds load (default true). Off behind a gateway in the same process: it
     * has one event loop with them and already sheds at admission, so an operation it admitted
     * is never refused halfway by its own subgraphs.
     */
    shedLoad?: boolean;
  },
): Promise<RunningServer> {
  const schema = applyMiddleware(
    buildSubgraphSchema([{ typeDefs: definition.typeDefs, resolvers: definition.resolvers as GraphQLResolverMap<Ctx> }]),
    permissionsFor(definition.permissions, definition.name),
  );
  const metrics = deps.metrics ?? new Metrics();
  const app = express();
  app.disable('x-powered-by');
  app.use(accessLog(deps.logger));
  healthRoutes(app, definition.ready ?? (() => databaseReady(deps.db)));
  metricsRoute(app, metrics, deps.config);
  const httpServer = await listen(app, deps.port ?? 0, deps.config.HOST);
  // Its own bounds, so that a document signed with a leaked secret still cannot exhaust it.
  const armored = queryArmor(subgraphQueryLimits, deps.config.production);
  // The gateway refuses operations over MAX_OPERATION_COST, and each of its fetches is a part of
  // one; the slack covers plans that repeat a key or a `__typename`.
  const costLimit = new CostLimit(SUBGRAPH_COST_SLACK * deps.config.MAX_OPERATION_COST);
  costLimit.useSdl(print(definition.typeDefs));
  const contextFor = async (headers: IncomingHttpHeaders): Promise<Ctx> => {
    const requestId = requestIdFrom(headers);
    const log = deps.logger.child({ requestId });
    return definition.createContext({ ...(await viewerFrom(headers, deps.verifier)), ...clientFrom(headers), requestId, log });
  };
  const [signatureHeadersChecked, ...signedBodyParsed] = gatewaySignatureGuard({
    secret: deps.subgraphSecret,
    skewSeconds: deps.config.SUBGRAPH_SIGNATURE_SKEW_SECONDS,
    maxBodyBytes: deps.config.MAX_BODY_BYTES,
    log: deps.logger,
  });
  const apollo = new ApolloServer<Ctx>({
    schema,
    validationRules: armored.validationRules,
    parseOptions: parseOptionsFor(subgraphQueryLimits),
    allowBatchedHttpRequests: false,
    formatError: formatErrorFor(deps.config.production),
    includeStacktraceInErrorResponses: !deps.config.production,
    introspection: !deps.config.production,
    // The process owner stops servers in order on SIGINT/SIGTERM; nine servers each adding
    // their own signal handlers would also trip Node's listener-leak warning.
    stopOnTerminationSignals: false,
    // No Apollo Studio here: federated traces would only cost time.
    plugins: [...(armored.plugins as ApolloServerPlugin<Ctx>[]), costLimitPlugin<Ctx>(costLimit), requestErrorsPlugin<Ctx>(), requestIdPlugin<Ctx>(), metricsPlugin<Ctx>(metrics, definition.name), ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginInlineTraceDisabled()],
  });
  await apollo.start();
  definition.routes?.(app);
  app.use(
    '/graphql',
    loadShedding(deps.shedLoad === false ? { ...deps.config, SHED_EVENT_LOOP_DELAY_MS: 0 } : deps.config),
    // Only the gateway may ask: unsigned or stale requests are refused from their headers, a
    // tampered body before it is parsed; what passes must be JSON, as the gateway sends it.
    signatureHeadersChecked,
    requireJsonContent,
    ...signedBodyParsed,
    bodyErrorHandler,
    ...requestSpans(definition.name, 'POST /graphql'),
    expressMiddleware(apollo, { context: async ({ req, res }) => answeredBy(await contextFor(req.headers), res) }),
  );
  const port = (httpServer.address() as AddressInfo).port;
  return {
    url: `http://${deps.config.HOST}:${port}/graphql`,
    port,
    app,
    httpServer,
    fetch: inProcessFetch({
      service: definition.name, apollo, context: contextFor, secret: deps.subgraphSecret, skewSeconds: deps.config.SUBGRAPH_SIGNATURE_SKEW_SECONDS,
      maxBodyBytes: deps.config.MAX_BODY_BYTES, log: deps.logger,
    }),
    stop: () => apollo.stop(),
  };
}
