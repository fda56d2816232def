import { collectIds } from './tags.ts';

const seen = new WeakMap<object, Set<string>>();

/** Starts gathering the ids a request's execution sends to and receives from subgraphs. */
export function watchIds(context: object, into: Set<string>): void {
  seen.set(context, into);
}

/** Called by the data source with what one subgraph fetch was sent and answered. */
export function noteIds(context: object, ...values: unknown[]): void {
  const into = seen.get(context);
  if (into) for (const value of values) collectIds(value, into);
}
