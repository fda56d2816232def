import type { NextFunction, Request, Response } from 'express';

const PROBE_MS = 10;

/**
 * How late the event loop runs, measured by a timer due every 10 ms: the mean lateness of each
 * window (the measure of @fastify/under-pressure, which has no Express port) and the latest one.
 * Late means: the last two windows and the latest tick all past the threshold. A single slow
 * tick (a large schema built once, a garbage collection) falls in one window only, and a burst
 * that has ended (start-up) leaves the latest tick on time; a loop that stays late has all three.
 */
class EventLoopLag {
  private windowStart = performance.now();
  private sum = 0;
  private count = 0;
  private windowMeanMs = 0;
  private previousMeanMs = 0;
  private latestMs = 0;

  constructor(private readonly windowMs: number) {
    this.probe(performance.now());
  }

  private probe(scheduledAt: number): void {
    setTimeout(() => {
      const now = performance.now();
      this.latestMs = Math.max(0, now - scheduledAt - PROBE_MS);
      this.sum += this.latestMs;
      this.count += 1;
      if (now - this.windowStart >= this.windowMs) {
        this.previousMeanMs = this.windowMeanMs;
        this.windowMeanMs = this.sum / this.count;
        this.sum = 0;
        this.count = 0;
        this.windowStart = now;
      }
      this.probe(now);
    }, PROBE_MS).unref();
  }

  /** Late by more than `ms` on average over each of the last two windows, and now. */
  over(ms: number): boolean {
    return this.previousMeanMs > ms && this.windowMeanMs > ms && this.latestMs > ms;
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
  /** Shed past this event-loop delay (mean over each of two windows, and latest); 0 never sheds. */
  SHED_EVENT_LOOP_DELAY_MS: number;
  /** The window the delay is averaged over. */
  SHED_WINDOW_MS: number;
}

/** Whether the process is too late to take new work now; always false when shedding is off. */
export function overloadCheck(options: LoadSheddingOptions): () => boolean {
  if (options.SHED_EVENT_LOOP_DELAY_MS <= 0) return () => false;
  const lag = lagOver(options.SHED_WINDOW_MS);
  return () => lag.over(options.SHED_EVENT_LOOP_DELAY_MS);
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
