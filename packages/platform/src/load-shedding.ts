import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { NextFunction, Request, Response } from 'express';

const RESOLUTION_MS = 10;

/**
 * How late the event loop runs: the mean delay of its ticks over the last window, less the
 * sampling resolution (the measure of @fastify/under-pressure, which has no Express port). A mean
 * over a window, not the last tick, so that one slow tick (a large schema built once, a burst of
 * garbage collection) does not start shedding; a loop that stays late does.
 */
class EventLoopLag {
  private readonly histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  private lagMs = 0;

  constructor(windowMs: number) {
    this.histogram.enable();
    setInterval(() => {
      const mean = this.histogram.mean / 1e6;
      this.lagMs = Number.isFinite(mean) ? Math.max(0, mean - RESOLUTION_MS) : 0;
      this.histogram.reset();
    }, windowMs).unref();
  }

  get ms(): number {
    return this.lagMs;
  }
}

// One event loop per process, so one measurement however many servers it runs (the dev stack
// runs nine).
const lags = new Map<number, EventLoopLag>();
const lagOver = (windowMs: number): EventLoopLag => {
  let lag = lags.get(windowMs);
  if (!lag) lags.set(windowMs, (lag = new EventLoopLag(windowMs)));
  return lag;
};

export interface LoadSheddingOptions {
  /** Shed past this mean event-loop delay; 0 never sheds. */
  SHED_EVENT_LOOP_DELAY_MS: number;
  /** The window the delay is averaged over. */
  SHED_WINDOW_MS: number;
}

/** Whether the process is too late to take new work now; always false when shedding is off. */
export function overloadCheck(options: LoadSheddingOptions): () => boolean {
  if (options.SHED_EVENT_LOOP_DELAY_MS <= 0) return () => false;
  const lag = lagOver(options.SHED_WINDOW_MS);
  return () => lag.ms > options.SHED_EVENT_LOOP_DELAY_MS;
}

/** Long enough for the next window to be measured. */
export const shedRetryAfterSeconds = (options: LoadSheddingOptions): number => Math.max(1, Math.ceil((2 * options.SHED_WINDOW_MS) / 1000));

/**
 * Answers new requests 503 with Retry-After while the event loop is late, before their body is
 * read: queued work only grows while the loop is behind, and every request then waits until its
 * client gives up. An overloaded server is the server failing, not the client, so the answer is
 * a 5xx with INTERNAL_SERVER_ERROR (reason OVERLOADED): RATE_LIMITED would tell a client that
 * it sent too much when it did not. Mounted on /graphql only, so health checks keep answering.
 */
export function loadShedding(options: LoadSheddingOptions) {
  const overloaded = overloadCheck(options);
  const seconds = shedRetryAfterSeconds(options);
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method === 'OPTIONS' || !overloaded()) return next();
    res.setHeader('Retry-After', String(seconds));
    res.status(503).json({
      errors: [{
        message: `The server is overloaded; try again in ${seconds} s.`,
        extensions: { code: 'INTERNAL_SERVER_ERROR', reason: 'OVERLOADED', retryAfterSeconds: seconds },
      }],
    });
  };
}
