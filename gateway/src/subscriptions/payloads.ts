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

/** A subscription's variables are one object for its lifetime: their JSON is spelled once. */
const variableKeys = new WeakMap<Record<string, unknown>, string>();
function variablesKey(variables: Record<string, unknown>): string {
  let key = variableKeys.get(variables);
  if (key === undefined) variableKeys.set(variables, (key = JSON.stringify(variables)));
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
  const shared = new Map<string, Shared>();
  return (event, query, variables, auth, sharedBy = `token:${auth.token ?? ''}`) => {
    const key = `${event.eventId}\n${sharedBy}\n${query}\n${variablesKey(variables)}`;
    let entry = shared.get(key);
    if (!entry) {
      const result = execute(query, { ...variables, [EVENT_ID_VARIABLE]: event.id }, auth);
      const settled: Shared = (entry = { result });
      shared.set(key, settled);
      const forget = () => void setTimeout(() => shared.delete(key), keepMs).unref();
      result.then((value) => {
        settled.value = value;
        forget();
      }, forget);
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
