import type { FormattedExecutionResult as ExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** A graphql-ws client of the gateway, as a browser tab or an integrator would open one. */
export function wsClient(httpUrl: string, token?: string): Client {
  return createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    lazy: false,
    retryAttempts: 0,
    // Refused connections are asserted by the tests themselves; no console noise.
    onNonLazyError: () => undefined,
  });
}

export interface Subscription<T> {
  /** Every result received so far, in order. */
  results: ExecutionResult<T>[];
  /** Resolves with the n-th result (1-based) once it has arrived. */
  nth(n: number, timeoutMs?: number): Promise<ExecutionResult<T>>;
  /** Resolves when the server completes the subscription (or errors it). */
  ended: Promise<unknown>;
  unsubscribe(): void;
}

export function subscribe<T = Record<string, any>>(client: Client, query: string, variables: Record<string, unknown> = {}): Subscription<T> {
  const results: ExecutionResult<T>[] = [];
  const waiters: (() => void)[] = [];
  let settle: (value: unknown) => void = () => undefined;
  const ended = new Promise((resolve) => (settle = resolve));
  const unsubscribe = client.subscribe<T>({ query, variables }, {
    next: (value) => {
      results.push(value as ExecutionResult<T>);
      waiters.splice(0).forEach((w) => w());
    },
    error: (error) => {
      results.push({ errors: Array.isArray(error) ? error : [{ message: String((error as Error)?.message ?? error) }] } as ExecutionResult<T>);
      waiters.splice(0).forEach((w) => w());
      settle(error);
    },
    complete: () => settle(undefined),
  });
  return {
    results,
    ended,
    unsubscribe,
    async nth(n, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (results.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} results, got ${results.length}: ${JSON.stringify(results)}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return results[n - 1]!;
    },
  };
}

/** Resolves once the server has acknowledged the subscription (it is listening). */
export const settleSubscriptions = () => new Promise((r) => setTimeout(r, 300));

/** A test file's clients of its gateway, disposed of together when it ends. */
export function wsClients(url: () => string) {
  const open: Client[] = [];
  return {
    client(token?: string): Client {
      const c = wsClient(url(), token);
      open.push(c);
      return c;
    },
    async disposeAll() {
      for (const c of open.splice(0)) await c.dispose();
    },
  };
}
