import type { Server } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { getOperationAST, GraphQLError, type GraphQLSchema } from 'graphql';
import type { Context } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { formatErrorFor, type LiveChannel, type LoggedEvent, type Logger, type PresenceStore, type TokenVerifier } from '@lg/platform';
import { callerKey } from '../callers.ts';
import type { GatewayContext } from '../context.ts';
import type { RevocationList } from '../sessions/revocation-list.ts';
import type { DocumentGate } from '../trusted-documents/gate.ts';
import { admitOperation, planSubscription, validDocuments, type AdmissionRules } from './admission.ts';
import { ConnectionAuths } from './auth.ts';
import type { EventTail } from './event-tail.ts';
import { subscriptionFields } from './fields.ts';
import { audiencePayload } from './audience.ts';
import { NextFrames } from './frames.ts';
import { ActiveCount, openSubscription } from './lifetime.ts';
import { andThen } from './maybe-promise.ts';
import { GroupMembershipCache } from './group-membership.ts';
import { MembershipCache } from './membership.ts';
import { PresenceTracker } from './presence.ts';
import { countingExecutor, runAsViewer, sharedPerEvent, supergraphExecutor } from './payloads.ts';
import { splitPayloads } from './split.ts';

export interface SubscriptionServerOptions extends AdmissionRules {
  httpServer: Server;
  apollo: ApolloServer<GatewayContext>;
  schema: GraphQLSchema;
  verifier: TokenVerifier;
  tail: EventTail;
  /** Ended sessions: refused at connection and renewal, and their running subscriptions end. */
  revocations: RevocationList;
  logger: Logger;
  production: boolean;
  /** While the process is overloaded, new sockets are refused with 503 before their upgrade. */
  shed?: { overloaded(): boolean; retryAfterSeconds: number };
  path?: string;
  /** Signals never stored (typing, presence) that subscriptions hear beside the log. */
  live?: LiveChannel;
  /** Where signed-in sockets keep their users online, and for how long without a heartbeat. */
  presence?: { store: PresenceStore; ttlMs: number };
  /** Trusted documents: ids resolved, and in `require` mode unregistered documents refused. */
  documents?: DocumentGate;
}

/** What an operation over a socket runs with: its connection (whose token `auths` holds) and its id. */
interface OperationContext { connection: Context<Record<string, unknown>, Extra>; id: string }

/**
 * graphql-ws on the gateway's own /graphql path. @apollo/gateway executes no subscriptions, so a
 * subscription here listens to the event log, and for each matching event runs the client's
 * selection as a query through the supergraph (see rewrite.ts): once per audience for what its
 * members share, with each subscriber's own token for what depends on the viewer (split.ts).
 */
export function attachSubscriptions(options: SubscriptionServerOptions) {
  const { schema, tail, revocations, shed } = options;
  const auths = new ConnectionAuths(options.verifier, revocations);
  const active = new ActiveCount();
  const execute = supergraphExecutor(options.apollo, options.logger);
  const payloadExecutions = countingExecutor(execute);
  const executeForEvent = sharedPerEvent(payloadExecutions);
  const memberships = new MembershipCache();
  const live = options.live;
  // Subscriptions hear the log and, beside it, the live channel's signals (shaped like events).
  const source: Pick<EventTail, 'onEvent'> = live
    ? {
      onEvent(listener) {
        const unlog = tail.onEvent(listener);
        const unlive = live.onSignal((signal) => listener(signal as unknown as LoggedEvent));
        return () => {
          unlog();
          unlive();
        };
      },
    }
    : tail;
  const presence = options.presence && live ? new PresenceTracker(options.presence.store, live, options.presence.ttlMs, options.logger) : undefined;
  presence?.start();
  const questionCourses = new Map<string, string>();
  const groups = new GroupMembershipCache();
  const unobserve = tail.onEvent((event) => {
    memberships.observe(event);
    groups.observe(event);
  });
  const valid = validDocuments(options);
  const splitFor = splitPayloads(schema);
  const format = formatErrorFor(options.production);
  const frames = new NextFrames(format);
  const wss = new WebSocketServer({
    server: options.httpServer,
    path: options.path ?? '/graphql',
    // Compressing each socket's copy of a payload would cost a deflate per subscriber per event
    // and a compression context per socket (ws's default; said here because it matters).
    perMessageDeflate: false,
    // Sockets already open keep running; only new ones wait until the loop catches up.
    verifyClient: (_info, done) => {
      if (shed?.overloaded()) done(false, 503, 'Service Unavailable', { 'Retry-After': String(shed.retryAfterSeconds) });
      else done(true);
    },
  });

  const serverHandle = useServer<Record<string, unknown>>(
    {
      schema,
      connectionInitWaitTimeout: 10_000,
      async onConnect(ctx) {
        try {
          await auths.connect(ctx, ctx.connectionParams);
          const viewer = auths.get(ctx).viewer;
          if (viewer) void presence?.connected(ctx, viewer.id);
          return true;
        } catch (error) {
          ctx.extra.socket.close(4401, error instanceof GraphQLError ? error.message.slice(0, 120) : 'Unauthorized');
          return false;
        }
      },
      onPing: (ctx, payload) => auths.renew(ctx, payload),
      onClose: (ctx) => void presence?.disconnected(ctx),
      async onSubscribe(ctx, id, sent) {
        const payload = options.documents ? options.documents.admit(sent, ctx.extra.request) : sent;
        if (payload instanceof GraphQLError) return [payload];
        const caller = callerKey(auths.get(ctx).viewer, ctx.extra.request.socket.remoteAddress);
        const document = await admitOperation(options, payload, caller, valid);
        if (Array.isArray(document)) return document;
        const contextValue: OperationContext = { connection: ctx, id };
        return { schema, document, operationName: payload.operationName, variableValues: payload.variables ?? {}, contextValue };
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => format(e.toJSON(), e)),
      onNext: (_ctx, _id, _payload, _args, result) => ({
        ...result,
        ...(result.errors ? { errors: result.errors.map((e) => (e instanceof GraphQLError ? format(e.toJSON(), e) : e)) } : {}),
      }),
      // Queries and mutations may come over the socket too; they run once.
      execute: (args) => {
        const { connection } = args.contextValue as OperationContext;
        const refusal = auths.refusal(connection);
        if (refusal) return { errors: [refusal] };
        return execute(args.document, (args.variableValues ?? {}) as Record<string, unknown>, auths.get(connection));
      },
      subscribe: async (args) => {
        const { connection, id } = args.contextValue as OperationContext;
        const variables = (args.variableValues ?? {}) as Record<string, unknown>;
        if (getOperationAST(args.document, args.operationName)?.operation !== 'subscription') {
          const refusal = auths.refusal(connection);
          if (refusal) return { errors: [refusal] };
          return execute(args.document, variables, auths.get(connection));
        }
        const plan = planSubscription(schema, subscriptionFields, args.document, args.operationName, variables);
        if (plan instanceof GraphQLError) return { errors: [plan] };
        const auth = () => auths.get(connection);
        const access = { run: runAsViewer(execute, auth), memberships, questionCourses, groups };
        const running = { ...access, running: true };
        const authorize = (at = access) => plan.field.authorize(plan.args, auth().viewer, at);
        const payload = splitFor(args.document, args.operationName, plan.payloadDocument);
        const write = frames.writerFor(connection.extra.socket, id);
        return openSubscription({
          tail: source,
          revocations,
          field: plan.field,
          args: plan.args,
          auth,
          revoked: () => auths.revoked(connection),
          authorize: () => authorize(),
          // Asked again at each event (from the cache): a member who left hears no more.
          deliver: (event) => andThen(authorize(running), (audience) => {
            const own = auth();
            // A new post's author may see it when their audience may not (hidden): theirs runs apart.
            const sharedBy = event.authorId !== undefined && event.authorId === own.viewer?.id ? undefined : audience;
            return audiencePayload(executeForEvent, payload, event, variables, own, sharedBy);
          }),
          send: plan.field.dropsNull
            ? (result) => {
              if (!result.errors && result.data && Object.values(result.data)[0] === null) return;
              write(result);
            }
            : write,
          active,
        });
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
      return active.value;
    },
    /** Payload queries executed so far: one per audience and event, plus one per viewer for per-viewer fields. */
    get payloadExecutions() {
      return payloadExecutions.count;
    },
    /** Membership questions asked of the supergraph (the rest were answered from the cache). */
    get membershipLookups() {
      return memberships.lookups;
    },
    /** Signed-in sockets this gateway keeps online. */
    get presentConnections() {
      return presence?.size ?? 0;
    },
    /** Study-group membership questions asked of the supergraph. */
    get groupMembershipLookups() {
      return groups.lookups;
    },
    async close() {
      await presence?.stop();
      unobserve();
      await serverHandle.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
