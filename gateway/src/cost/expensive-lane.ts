import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';

interface Waiter { cost: number; spent: number; arrival: number; admit(): void }

/** Cheapest first (shortest job), then the caller who has spent least this minute, then first come. */
const before = (a: Waiter, b: Waiter): boolean =>
  a.cost !== b.cost ? a.cost < b.cost : a.spent !== b.spent ? a.spent < b.spent : a.arrival < b.arrival;

/**
 * Lets at most `slots` expensive operations (estimated cost at least `threshold`) run at once in
 * this gateway. The others wait, the cheapest first and, among equals, the caller who has spent
 * least of their budget this minute, so that callers pressing the costliest operations back to
 * back cannot queue everybody else behind them: the database is the bottleneck they would share.
 * Cheap operations never wait.
 * A wait that reaches the operation's deadline is refused with RATE_LIMITED (429): only callers
 * who have spent more than those admitted before them are left waiting that long.
 */
export class ExpensiveLane {
  private running = 0;
  private arrivals = 0;
  private readonly waiting: Waiter[] = [];

  constructor(readonly slots: number, readonly threshold: number) {}

  /** Resolves with the release to call once the operation is done; cheap operations get a no-op. */
  async enter(cost: number, spent: number, deadline: number): Promise<() => void> {
    if (cost < this.threshold || this.slots <= 0) return () => undefined;
    if (this.running < this.slots) return this.take(deadline);
    return new Promise<() => void>((resolve, reject) => {
      const waiter: Waiter = { cost, spent, arrival: (this.arrivals += 1), admit: () => { clearTimeout(timer); resolve(this.take(deadline)); } };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        reject(busy());
      }, Math.max(0, deadline - Date.now()));
      const at = this.waiting.findIndex((w) => before(waiter, w));
      this.waiting.splice(at === -1 ? this.waiting.length : at, 0, waiter);
    });
  }

  /** How many expensive operations run and wait now (for tests and metrics). */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  private take(deadline: number): () => void {
    this.running += 1;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      clearTimeout(reclaim);
      this.running -= 1;
      this.waiting.shift()?.admit();
    };
    // An operation is over at its deadline (its fetches are aborted then): a slot still held a
    // second later was lost by a path that never released it, and is taken back.
    const reclaim = setTimeout(release, Math.max(0, deadline - Date.now()) + 1000);
    reclaim.unref();
    return release;
  }
}

function busy(): GraphQLError {
  return new GraphQLError('Too many expensive operations are running; yours waited its whole deadline. Try again in a moment, or ask for less.', {
    extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 1, reason: 'EXPENSIVE_LANE_FULL', http: { status: 429, headers: new HeaderMap([['retry-after', '1']]) } },
  });
}
