import { SpanKind } from '@opentelemetry/api';
import type { Collection, Db } from 'mongodb';
import type { Logger } from 'pino';
import { VOID_EVENT, type LoggedEvent } from './event.ts';
import type { EventLog } from './log.ts';
import { inSpanOf } from '../tracing/request-span.ts';

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
  /** The safety net under lost wake-ups: the log's shared tail polls at the shortest one it is given. */
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
 *
 * Once started it is fed by the log's shared tail (`log.tail`, one reader per process): woken when
 * events of its types arrive, it takes them from memory; when it is behind what the tail keeps, it
 * reads the log itself until it is back. Its checkpoint, order and retries stay its own.
 */
export class EventConsumer {
  private readonly store: CheckpointStore;
  private running = false;
  private again = false;
  private stopped = true;
  private timer: NodeJS.Timeout | undefined;
  private unfollow: (() => void) | undefined;
  private gapSeenAt: number | undefined;
  private checkedFullLog = false;
  private position: number | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly types: Set<string> | undefined;

  constructor(private readonly options: ConsumerOptions) {
    this.store = options.checkpointStore ?? mongoCheckpoint(options.db, options.name);
    this.types = options.types ? new Set(options.types) : undefined;
  }

  get name(): string {
    return this.options.name;
  }

  private get pollMs(): number {
    return this.options.pollMs ?? 1000;
  }

  private get gapTimeoutMs(): number {
    return this.options.gapTimeoutMs ?? 10_000;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.options.log.consumers.add(this);
    // Wake-ups, and events of other types, are the tail's to filter: it wakes this consumer only
    // for its own types; the rest moves its checkpoint at its next poll, from memory.
    this.unfollow = this.options.log.tail.follow({
      name: this.options.name,
      types: this.types,
      pollMs: this.pollMs,
      gapTimeoutMs: this.gapTimeoutMs,
      logger: this.options.logger,
      wake: () => void this.drain(),
    });
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.options.log.consumers.delete(this);
    this.unfollow?.();
    this.unfollow = undefined;
    clearTimeout(this.timer);
    while (this.running) await new Promise((r) => setTimeout(r, 5));
  }

  /** The position reached; read from the store once, then kept here (this consumer alone moves it). */
  async checkpoint(): Promise<number> {
    this.position ??= await this.store.get();
    return this.position;
  }

  /**
   * Processes everything in the log when it was called; resolves when caught up (services before
   * refusing, tests and start-up use it). Fed by the tail, it has the tail read once more, since
   * what the tail holds may predate the call.
   */
  async catchUp(): Promise<void> {
    const tail = this.options.log.tail;
    let refreshed = this.unfollow === undefined;
    for (;;) {
      if (await this.step()) continue;
      // Not covered: this step read the log itself, to its end.
      if (refreshed || !tail.covers(await this.checkpoint())) return;
      await tail.refresh();
      refreshed = true;
    }
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
      this.schedule(this.gapSeenAt === undefined ? this.pollMs : 50);
    }
  }

  /** An event recorded by a traced request is handled in a span of that trace. */
  private handle(event: LoggedEvent): Promise<void> {
    if (!event.trace) return this.options.handle(event);
    return inSpanOf(undefined, `consume ${event.type}`, event.trace, () => this.options.handle(event), SpanKind.CONSUMER);
  }

  /** One batch; true when there may be more to read right away. */
  private step(): Promise<boolean> {
    return this.exclusive(() => this.stepAlone());
  }

  private async stepAlone(): Promise<boolean> {
    const from = await this.checkpoint();
    const size = this.options.batchSize ?? 100;
    // The shared tail answers from memory when it reaches back to `from`; a tail's batch is
    // contiguous (holes it passed are void entries), so the gap handling below is for own reads.
    let batch = (this.unfollow ? this.options.log.tail.readAfter(from, size) : null) ?? (await this.options.log.readAfter(from, size));
    let position = from;
    for (let i = 0; i < batch.length; i += 1) {
      const event = batch[i]!;
      if (event.seq !== position + 1) {
        // An appender holds this position but has not written yet, or crashed holding it.
        const now = Date.now();
        this.gapSeenAt ??= now;
        if (now - this.gapSeenAt < this.gapTimeoutMs) break;
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
      if (event.type !== VOID_EVENT && (!this.types || this.types.has(event.type))) await this.handle(event);
      position = event.seq;
      this.position = position;
    }
    // Once per batch: a crash replays at most one batch, which handlers take as at-least-once.
    if (position > from) await this.store.set(position);
    // A short batch was the end of the log: no need to ask again just to hear "nothing".
    return position > from && batch.length >= size && position === batch.at(-1)!.seq;
  }
}
