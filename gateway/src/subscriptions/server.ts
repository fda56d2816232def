import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import {
  getOperationAST, GraphQLError, parse, print, specifiedRules, validate,
  type DocumentNode, type ExecutionResult, type GraphQLSchema, type ParseOptions, type ValidationRule,
} from 'graphql';
import { getArgumentValues } from 'graphql/execution/values.js';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { badInput, bearerToken, formatErrorFor, unauthenticated, type Logger, type TokenVerifier, type VerifiedToken, type Viewer } from '@lg/platform';
import { callerKey } from '../callers.ts';
import { SESSION_ENDED, type GatewayContext } from '../context.ts';
import type { CostBudget } from '../cost/budget.ts';
import type { CostLimit } from '@lg/platform';
import type { RevocationList } from '../sessions/revocation-list.ts';
import type { EventTail } from './event-tail.ts';
import { subscriptionFields, type RunAsViewer } from './fields.ts';
import { AsyncQueue } from './queue.ts';
import { EVENT_ID_VARIABLE, payloadQuery, subscriptionShape } from './rewrite.ts';

/** Who a connection speaks for; a ping carrying a fresh token renews it in place. */
interface Auth { viewer: Viewer | null; token: string | undefined; expiresAt: number; verified?: VerifiedToken }

export interface SubscriptionServerOptions {
  httpServer: Server;
  apollo: ApolloServer<GatewayContext>;
  schema: GraphQLSchema;
  verifier: TokenVerifier;
  tail: EventTail;
  /** Ended sessions: refused at connection and renewal, and their running subscriptions end. */
  revocations: RevocationList;
  logger: Logger;
  production: boolean;
  validationRules: ValidationRule[];
  /** The same cost limit and per-caller budget as HTTP operations: a subscription pays once, when it starts. */
  costLimit: CostLimit;
  costBudget: CostBudget;
  /** Bounds the parser itself (graphql-js's maxTokens), as for HTTP operations. */
  parseOptions?: ParseOptions;
  /** While the process is overloaded, new sockets are refused with 503 before their upgrade. */
  shed?: { overloaded(): boolean; retryAfterSeconds: number };
  path?: string;
}

const anonymous: Auth = { viewer: null, token: undefined, expiresAt: Number.POSITIVE_INFINITY };

async function authenticate(params: Record<string, unknown> | undefined, verifier: TokenVerifier, revocations: RevocationList): Promise<Auth> {
  const header = params?.authorization ?? params?.Authorization ?? (params?.token ? `Bearer ${String(params.token)}` : undefined);
  if (header === undefined || header === null || header === '') return anonymous;
  const token = bearerToken(String(header));
  if (!token) return anonymous;
  const verified = await verifier.verifySession(token);
  if (revocations.isRevoked(verified)) throw unauthenticated(SESSION_ENDED);
  return { viewer: verified.viewer, token, expiresAt: verified.expiresAt, verified };
}

/**
 * graphql-ws on the gateway's own /graphql path. @apollo/gateway executes no subscriptions, so a
 * subscription here listens to the event log, and for each matching event runs the client's
 * selection as a query through the supergraph (see rewrite.ts), with the subscriber's token.
 */
export function attachSubscriptions(options: SubscriptionServerOptions) {
  let active = 0;
  const { apollo, schema, tail, verifier, revocations, logger } = options;
  const revoked = (auth: Auth) => auth.verified !== undefined && revocations.isRevoked(auth.verified);
  /** Throws what a request with this token would get over HTTP now. */
  const assertLive = (auth: Auth) => {
    if (revoked(auth)) throw unauthenticated(SESSION_ENDED);
    if (auth.expiresAt <= Date.now()) throw unauthenticated('Your session has expired; refresh it and subscribe again.');
  };
  const format = formatErrorFor(options.production);
  const auths = new WeakMap<object, Auth>();
  const { shed } = options;
  const wss = new WebSocketServer({
    server: options.httpServer,
    path: options.path ?? '/graphql',
    // Sockets already open keep running; only new ones wait until the loop catches up.
    verifyClient: (_info, done) => {
      if (shed?.overloaded()) done(false, 503, 'Service Unavailable', { 'Retry-After': String(shed.retryAfterSeconds) });
      else done(true);
    },
  });

  const execute = async (query: string | DocumentNode, variables: Record<string, unknown>, auth: Auth): Promise<ExecutionResult> => {
    const requestId = randomUUID();
    const response = await apollo.executeOperation(
      { query: typeof query === 'string' ? query : print(query), variables },
      { contextValue: { viewer: auth.viewer, token: auth.token, requestId, log: logger.child({ requestId }) } },
    );
    if (response.body.kind !== 'single') throw new Error('incremental delivery is not used here');
    return response.body.singleResult as ExecutionResult;
  };

  // One event fans out to every subscriber; those with the same token and selection (a user's
  // several tabs, identical widgets) share one execution of the payload query.
  const shared = new Map<string, Promise<ExecutionResult>>();
  const executeShared = (eventId: string, query: string, variables: Record<string, unknown>, auth: Auth): Promise<ExecutionResult> => {
    const key = `${eventId}\n${auth.token ?? ''}\n${query}\n${JSON.stringify(variables)}`;
    let result = shared.get(key);
    if (!result) {
      result = execute(query, variables, auth);
      shared.set(key, result);
      const forget = () => void setTimeout(() => shared.delete(key), 1000).unref();
      result.then(forget, forget);
    }
    return result;
  };

  const serverHandle = useServer<Record<string, unknown>, { auth?: Auth }>(
    {
      schema,
      connectionInitWaitTimeout: 10_000,
      async onConnect(ctx) {
        try {
          auths.set(ctx, await authenticate(ctx.connectionParams, verifier, revocations));
          return true;
        } catch (error) {
          ctx.extra.socket.close(4401, error instanceof GraphQLError ? error.message.slice(0, 120) : 'Unauthorized');
          return false;
        }
      },
      async onPing(ctx, payload) {
        // Re-authentication: a ping whose payload holds a fresh token for the same user.
        if (!payload || !('authorization' in payload)) return;
        try {
          // A revoked token is refused like a bad one.
          const next = await authenticate(payload, verifier, revocations);
          const current = auths.get(ctx) ?? anonymous;
          if (current.viewer && next.viewer?.id !== current.viewer.id) return;
          auths.set(ctx, next);
        } catch {
          // A bad renewal changes nothing; the old token still expires on time.
        }
      },
      async onSubscribe(ctx, _id, payload) {
        let document: DocumentNode;
        try {
          document = parse(payload.query, options.parseOptions);
        } catch (error) {
          return [badInput((error as Error).message)];
        }
        const errors = validate(schema, document, [...specifiedRules, ...options.validationRules]);
        if (errors.length > 0) return errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'BAD_USER_INPUT' } }));
        try {
          const cost = options.costLimit.check(schema, { document, operationName: payload.operationName, variables: payload.variables });
          const caller = callerKey(auths.get(ctx)?.viewer?.id, ctx.extra.request.socket.remoteAddress);
          await options.costBudget.spend(caller, cost);
        } catch (error) {
          if (!(error instanceof GraphQLError)) throw error;
          // HTTP status and headers mean nothing on a socket.
          const { http: _http, ...extensions } = error.extensions;
          return [new GraphQLError(error.message, { extensions })];
        }
        return { schema, document, operationName: payload.operationName, variableValues: payload.variables ?? {}, contextValue: ctx };
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => format(e.toJSON(), e)),
      onNext: (_ctx, _id, _payload, _args, result) => ({
        ...result,
        ...(result.errors ? { errors: result.errors.map((e) => (e instanceof GraphQLError ? format(e.toJSON(), e) : e)) } : {}),
      }),
      execute: (args) => {
        const auth = auths.get(args.contextValue as object) ?? anonymous;
        try {
          assertLive(auth);
        } catch (error) {
          return { errors: [error as GraphQLError] };
        }
        return execute(args.document, (args.variableValues ?? {}) as Record<string, unknown>, auth);
      },
      subscribe: async (args) => {
        const ctx = args.contextValue as object;
        const authNow = () => auths.get(ctx) ?? anonymous;
        const operation = getOperationAST(args.document, args.operationName);
        const variables = (args.variableValues ?? {}) as Record<string, unknown>;
        // Queries and mutations may come over the socket too; they run once.
        if (operation?.operation !== 'subscription') {
          try {
            assertLive(authNow());
          } catch (error) {
            return { errors: [error as GraphQLError] };
          }
          return execute(args.document, variables, authNow());
        }

        const shape = subscriptionShape(args.document, args.operationName);
        const field = subscriptionFields[shape.field.name.value];
        const fieldDef = schema.getSubscriptionType()?.getFields()[shape.field.name.value];
        if (!field || !fieldDef) return { errors: [badInput(`No subscription named ${shape.field.name.value}.`)] };
        const fieldArgs = getArgumentValues(fieldDef, shape.field, variables);

        const run: RunAsViewer = async (query, vars) => {
          const result = await execute(query, vars, authNow());
          if (result.errors?.length) {
            const first = result.errors[0]!;
            throw new GraphQLError(first.message, { extensions: first.extensions });
          }
          return (result.data ?? {}) as Record<string, unknown>;
        };
        type Item = { kind: 'event'; eventId: string; id: string } | { kind: 'expiry' } | { kind: 'revoked' };
        let timer: NodeJS.Timeout | undefined;
        // Listening starts before the authorization's round trip, so that an event written while
        // it runs is held and delivered once it passes (and dropped with the queue if it fails).
        let counted = false;
        const queue: AsyncQueue<Item> = new AsyncQueue<Item>(() => {
          unlisten();
          unwatchRevocations();
          clearTimeout(timer);
          if (counted) active -= 1;
        });
        const unlisten = tail.onEvent((event) => {
          if (event.type === field.eventType && field.matches(event, fieldArgs, authNow().viewer)) queue.push({ kind: 'event', eventId: event._id, id: field.payloadId(event) });
        });
        const unwatchRevocations = revocations.onRevoked(() => {
          if (revoked(authNow())) queue.push({ kind: 'revoked' });
        });
        try {
          assertLive(authNow());
          await field.authorize(fieldArgs, authNow().viewer, run);
        } catch (error) {
          queue.close();
          return { errors: [error instanceof GraphQLError ? error : new GraphQLError('Subscription refused.')] };
        }
        counted = true;
        active += 1;

        const query = print(payloadQuery(args.document, shape, field.byIdField));
        const watchExpiry = () => {
          const ms = authNow().expiresAt - Date.now();
          if (Number.isFinite(ms)) timer = setTimeout(() => queue.push({ kind: 'expiry' }), Math.max(0, Math.min(ms, 2 ** 31 - 1)));
        };
        watchExpiry();

        // Not an async generator function: a generator awaiting its next event does not run its
        // `finally` when the client completes (return() waits for the next yield, which may never
        // come on a quiet course), so listeners of ended subscriptions would pile up. Here
        // return() closes the queue at once, which also ends a pending next().
        const next = async (): Promise<IteratorResult<ExecutionResult>> => {
          for (;;) {
            const { value: item, done } = await queue.next();
            if (done) return { value: undefined, done: true };
            // Nothing more is delivered under an ended session, not even events queued before it ended.
            if (revoked(authNow())) {
              queue.close();
              return { value: { errors: [unauthenticated(SESSION_ENDED)] }, done: false };
            }
            if (item.kind === 'revoked') continue;
            if (item.kind === 'expiry') {
              if (authNow().expiresAt > Date.now()) {
                watchExpiry();
                continue;
              }
              queue.close();
              return { value: { errors: [unauthenticated('Your session expired during the subscription; refresh your token and subscribe again.')] }, done: false };
            }
            return { value: await executeShared(item.eventId, query, { ...variables, [EVENT_ID_VARIABLE]: item.id }, authNow()), done: false };
          }
        };
        const payloads: AsyncGenerator<ExecutionResult> = {
          next,
          async return() {
            queue.close();
            return { value: undefined, done: true };
          },
          async throw(error: unknown) {
            queue.close();
            throw error;
          },
          [Symbol.asyncIterator]() {
            return payloads;
          },
        };
        return payloads;
      },
    },
    wss,
  );

  return {
    /**
     * Closes every subscription socket with 1012 (service restart): clients reconnect, to this
     * instance or, behind a load balancer, another. For draining an instance before it stops.
     */
    dropConnections() {
      for (const socket of wss.clients) socket.close(1012, 'Service restart: reconnect');
    },
    /** Subscriptions authorized and running (refused and ended ones are not counted). */
    get active() {
      return active;
    },
    async close() {
      await serverHandle.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
