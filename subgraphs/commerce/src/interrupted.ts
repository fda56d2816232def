import type { Logger } from '@lg/platform';

/** What start-up did with the work a crash interrupted. */
export interface Resumed {
  finished: number;
  failed: number;
}

/** One order's interrupted work, and how to run it to its end. */
export interface Interrupted {
  orderId: string;
  run(): Promise<unknown>;
}

/**
 * Runs each interrupted piece of work to its end, one at a time. One that cannot be finished now
 * (its payment provider is down) is logged and stays as it is: the next call for it, or the next
 * start, finishes it.
 */
export async function finishEach(work: Iterable<Interrupted> | AsyncIterable<Interrupted>, logger: Logger, failure: string): Promise<Resumed> {
  const resumed: Resumed = { finished: 0, failed: 0 };
  for await (const { orderId, run } of work) {
    try {
      await run();
      resumed.finished += 1;
    } catch (error) {
      resumed.failed += 1;
      logger.error({ err: error, orderId }, failure);
    }
  }
  return resumed;
}
