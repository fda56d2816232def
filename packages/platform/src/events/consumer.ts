import type { Collection, Db } from 'mongodb';
import type { Logger } from 'pino';
import type { LoggedEvent } from './event.ts';
import { VOID_EVENT, type EventLog } from './log.ts';

const CHECKPOINTS = 'platform_event_checkpoints';

export interface ConsumerOptions {
  /** Unique and stable: the checkpoint is stored under it. */
  name: string;
  db: Db;
  log: EventLog;
  logger: Logger;
  /** Must be idempotent: delivery is at least once. */
  handle: (event: LoggedEvent) => Promise<void>;
  /** Only these event types reach `handle`; others just advance the checkpoint. */
  types?: string[];
  /** The safety net under lost wake-ups. */
  pollMs?: number;
  /** How long a hole in the sequence is waited for before it is taken as abandoned (default 10 s). */
  gapTimeoutMs?: number;
  batchSize?: number;
  /** Where the position is kept; by default a document per consumer name in MongoDB. */
  checkpointStore?: CheckpointStore;
}

export interface CheckpointStore {
  get(): Promise<number>;
  set(seq: number): Promise<void>;
}

export function mongoCheckpoint(db: Db, name: string): CheckpointStore {
  const checkpoints: Collection<{ _id: string; seq: number }> = db.collection(CHECKPOINTS);
  return {
    get: async () => (await checkpoints.findOne({ _id: name }))?.seq ?? 0,
    set: async (seq) => void (await checkpoints.updateOne({ _id: name }, { $set: { seq } }, { upsert: true })),
  };
}

/** For live listeners (subscriptions) that start at the log's end and need not survive a restart. */
export function memoryCheckpoint(start: number): CheckpointStore {
  let seq = start;
  return { get: async () => seq, set: async (next) => void (seq = next) };
}

/**
 * Reads the event log forward from a stored checkpoint. A projection is rebuilt by resetting the
 * checkpoint to 0 and replaying: its handler must make replays harmless.
 */
export class EventConsumer {
  private readonly store: CheckpointStore;
  private running = false;
  private again = false;
  private stopped = true;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private gapSeenAt: number | undefined;
  private checkedFullLog = false;
  private wakePending = false;
  private position: number | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly types: Set<string> | undefined;

  constructor(private readonly options: ConsumerOptions) {
    this.store = options.checkpointStore ?? mongoCheckpoint(options.db, options.name);
    this.types = options.types ? new Set(options.types) : undefined;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.unsubscribe = this.options.log.bus.onWake((types) => {
      // A wake-up for types this consumer ignores can wait for the next poll.
      if (this.types && types && !types.some((t) => this.types!.has(t))) return;
      // Bursts of appends (a seed, a busy course) collapse into one read.
      if (this.wakePending) return;
      this.wakePending = true;
      setTimeout(() => {
        this.wakePending = false;
        void this.drain();
      }, 10);
    });
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    clearTimeout(this.timer);
    while (this.running) await new Promise((r) => setTimeout(r, 5));
  }

  /** The position reached; read from the store once, then kept here (this consumer alone moves it). */
  async checkpoint(): Promise<number> {
    this.position ??= await this.store.get();
    return this.position;
  }

  /** Processes everything in the log now; resolves when caught up (tests and start-up use it). */
  async catchUp(): Promise<void> {
    while (await this.step());
  }

  async resetCheckpoint(): Promise<void> {
    await this.exclusive(async () => {
      await this.store.set(0);
      this.position = 0;
    });
  }

  /** Steps never overlap, whether they come from a wake-up, a poll or an explicit catch-up. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.then(() => undefined, () => undefined);
    return result;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.drain(), ms);
  }

  private async drain(): Promise<void> {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        while (!this.stopped && (await this.step()));
      } while (this.again && !this.stopped);
    } catch (error) {
      this.options.logger.error({ err: error, consumer: this.options.name }, 'event consumer failed; retrying');
    } finally {
      this.running = false;
      this.schedule(this.gapSeenAt === undefined ? (this.options.pollMs ?? 1000) : 50);
    }
  }

  /** One batch; true when there may be more to read right away. */
  private step(): Promise<boolean> {
    return this.exclusive(() => this.stepAlone());
  }

  private async stepAlone(): Promise<boolean> {
    const from = await this.checkpoint();
    const size = this.options.batchSize ?? 100;
    let batch = await this.options.log.readAfter(from, size);
    let position = from;
    for (let i = 0; i < batch.length; i += 1) {
      const event = batch[i]!;
      if (event.seq !== position + 1) {
        // An appender holds this position but has not written yet, or crashed holding it.
        const now = Date.now();
        this.gapSeenAt ??= now;
        if (now - this.gapSeenAt < (this.options.gapTimeoutMs ?? 10_000)) break;
        if (!this.checkedFullLog) {
          // Before passing a hole, ask the full log: the recent window may be what lacks it.
          this.checkedFullLog = true;
          batch = await this.options.log.readAfter(position, size, { full: true });
          i = -1;
          continue;
        }
      }
      this.gapSeenAt = undefined;
      this.checkedFullLog = false;
      if (event.type !== VOID_EVENT && (!this.types || this.types.has(event.type))) await this.options.handle(event);
      position = event.seq;
      this.position = position;
    }
    // Once per batch: a crash replays at most one batch, which handlers take as at-least-once.
    if (position > from) await this.store.set(position);
    // A short batch was the end of the log: no need to ask again just to hear "nothing".
    return position > from && batch.length >= size && position === batch.at(-1)!.seq;
  }
}
