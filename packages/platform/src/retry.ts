import { conflict } from './errors.ts';

/**
 * Writers racing on one document each retry on a fresh read; this many lost races in a row is
 * answered CONFLICT. One place to tune it for every subgraph.
 */
export const CONFLICT_ATTEMPTS = 25;
/** The longest pause after the first lost race; it grows with each loss (the n-th waits up to n times this). */
export const CONFLICT_JITTER_MS = 5;

export interface RetryOptions {
  /** Attempts before giving up (default CONFLICT_ATTEMPTS). */
  attempts?: number;
  /** Scale of the random pause between attempts (default CONFLICT_JITTER_MS); 0 retries at once. */
  jitterMs?: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it returns a value. An attempt returns null or undefined when another
 * writer came first (a version-checked write found the document changed): after a random pause
 * that grows with each loss, so that racing writers do not collide again in lockstep, it runs
 * again on a fresh read. Past the bound the caller gets CONFLICT with `whenExhausted` as its
 * message. An error thrown by an attempt ends the loop at once.
 */
export async function retryOnConflict<T>(
  attempt: (tries: number) => Promise<T | null | undefined> | T | null | undefined,
  whenExhausted: string,
  options: RetryOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? CONFLICT_ATTEMPTS;
  const jitterMs = options.jitterMs ?? CONFLICT_JITTER_MS;
  for (let tries = 0; tries < attempts; tries += 1) {
    const result = await attempt(tries);
    if (result !== null && result !== undefined) return result;
    if (jitterMs > 0 && tries + 1 < attempts) await pause(Math.random() * jitterMs * (tries + 1));
  }
  throw conflict(whenExhausted);
}
