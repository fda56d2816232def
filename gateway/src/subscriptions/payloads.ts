import { randomUUID } from 'node:crypto';
import type { ApolloServer } from '@apollo/server';
import { GraphQLError, print, type DocumentNode, type ExecutionResult } from 'graphql';
import type { Logger } from '@lg/platform';
import type { GatewayContext } from '../context.ts';
import type { Auth } from './auth.ts';
import type { RunAsViewer } from './fields.ts';
import type { EventRef } from './lifetime.ts';
import type { MaybePromise } from './maybe-promise.ts';
import { EVENT_ID_VARIABLE } from './rewrite.ts';

/** Runs an operation through the supergraph as the holder of `auth`. */
export type Execute = (query: string | DocumentNode, variables: Record<string, unknown>, auth: Auth) => Promise<ExecutionResult>;

export function supergraphExecutor(apollo: ApolloServer<GatewayContext>, logger: Logger): Execute {
  return async (query, variables, auth) => {
    const requestId = randomUUID();
    const response = await apollo.executeOperation(
      { query: typeof query === 'string' ? query : print(query), variables },
      { contextValue: { viewer: auth.viewer, token: auth.token, requestId, log: logger.child({ requestId }) } },
    );
    if (response.body.kind !== 'single') throw new Error('incremental delivery is not used here');
    return response.body.singleResult as ExecutionResult;
  };
}

export type ExecuteForEvent = (event: EventRef, query: string, variables: Record<string, unknown>, auth: Auth, sharedBy?: string) => MaybePromise<ExecutionResult>;

/**
 * A subscription's query and variables as one key, spelled once per subscription (its variables
 * are one object for its lifetime): at each event every subscriber looks its payload up with it,
 * and a string used again keeps its hash.
 */
const selectionKeys = new WeakMap<Record<string, unknown>, Map<string, string>>();
function selectionKey(query: string, variables: Record<string, unknown>): string {
  let byQuery = selectionKeys.get(variables);
  if (!byQuery) selectionKeys.set(variables, (byQuery = new Map()));
  let key = byQuery.get(query);
  if (key === undefined) byQuery.set(query, (key = `${query}\n${JSON.stringify(variables)}`));
  return key;
}

interface Shared { result: Promise<ExecutionResult>; value?: ExecutionResult }

/**
 * One event fans out to every subscriber; those who may share an execution of the same
 * selection — `sharedBy` names them: an audience (see audience.ts), by default one token (a
 * user's several tabs) — share one execution of the payload query (the subscription's variables
 * and the event's payload id), run as whichever of them asks first. A result is kept a little
 * after it settles, for subscribers whose turn comes later, who then get it at once.
 */
export function sharedPerEvent(execute: Execute, keepMs = 1000): ExecuteForEvent {
  /** event → sharers → selection → execution; audiences and tokens apart, whatever their spelling. */
  type Executions = Map<string, Map<string, Map<string, Shared>>>;
  const byAudience: Executions = new Map();
  const byToken: Executions = new Map();
  const forget = (events: Executions, eventId: string, sharer: string, selection: string) => {
    const sharers = events.get(eventId);
    const selections = sharers?.get(sharer);
    selections?.delete(selection);
    if (selections?.size === 0) sharers!.delete(sharer);
    if (sharers?.size === 0) events.delete(eventId);
  };
  return (event, query, variables, auth, sharedBy) => {
    const events = sharedBy === undefined ? byToken : byAudience;
    const sharer = sharedBy ?? auth.token ?? '';
    let sharers = events.get(event.eventId);
    if (!sharers) events.set(event.eventId, (sharers = new Map()));
    let selections = sharers.get(sharer);
    if (!selections) sharers.set(sharer, (selections = new Map()));
    const selection = selectionKey(query, variables);
    let entry = selections.get(selection);
    if (!entry) {
      const result = execute(query, { ...variables, [EVENT_ID_VARIABLE]: event.id }, auth);
      const shared: Shared = (entry = { result });
      selections.set(selection, shared);
      const later = () => void setTimeout(() => forget(events, event.eventId, sharer, selection), keepMs).unref();
      result.then((value) => {
        shared.value = value;
        later();
      }, later);
    }
    return entry.value ?? entry.result;
  };
}

/** Counts the executions it passes on: the cost of a fan-out, for tests and benchmarks. */
export function countingExecutor(execute: Execute): Execute & { count: number } {
  const counted = Object.assign(
    (query: string | DocumentNode, variables: Record<string, unknown>, auth: Auth) => {
      counted.count += 1;
      return execute(query, variables, auth);
    },
    { count: 0 },
  );
  return counted;
}

/** A subscription's authorization queries, run with the connection's token of the moment. */
export function runAsViewer(execute: Execute, auth: () => Auth): RunAsViewer {
  return async (query, variables) => {
    const result = await execute(query, variables, auth());
    if (result.errors?.length) {
      const first = result.errors[0]!;
      throw new GraphQLError(first.message, { extensions: first.extensions });
    }
    return (result.data ?? {}) as Record<string, unknown>;
  };
}
