import type { Logger } from 'pino';
import { VOID_EVENT, type LoggedEvent } from './event.ts';
import type { EventLog } from './log.ts';

/** A consumer fed by the tail: what it reads, how often it wants the log looked at, how to wake it. */
export interface TailReader {
  readonly name: string;
  /** Only these types wake it; undefined: every type. */
  readonly types: ReadonlySet<string> | undefined;
  readonly pollMs: number;
  readonly gapTimeoutMs: number;
  readonly logger: Logger;
  /** Events it reads have just joined what the tail keeps. Must not throw or wait. */
  wake(): void;
}

export interface LogTailOptions {
  /** How many of the newest events stay in memory for readers slightly behind (default 1000). */
  retain?: number;
  batchSize?: number;
}

const RETAIN = 1000;
const BATCH = 100;
/** Bursts of appends (a seed, a busy course) collapse into one read. */
const WAKE_DELAY_MS = 10;
/** How often a hole is looked at again while it is waited for. */
const GAP_RETRY_MS = 50;

/**
 * The one reader of the event log in a process (per log, hence per database): it polls and answers
 * wake-ups once, keeps the newest events in memory and wakes every consumer registered with it, so
 * that a dozen consumers cost one read of the log instead of a dozen. On the embedded database,
 * which serves one command at a time, those reads delayed everything else (docs/architecture.md §4).
 *
 * Consumers keep their own checkpoints, handlers, retries and order: the tail only answers "what
 * comes after position p" from memory when it can. A consumer behind what it keeps (a rebuild, a
 * slow or failing consumer, a start after an outage) reads the log itself until it is back in range,
 * so nobody waits for anybody. What it hands out is contiguous: a hole in the log is waited for here
 * exactly as a consumer would (the shortest gap timeout of its readers), and once passed it is kept
 * as a void entry, which consumers skip.
 */
export class LogTail {
  private readonly readers = new Set<TailReader>();
  /** Events head - kept.length + 1 … head, oldest first. */
  private kept: LoggedEvent[] = [];
  /** Everything up to here has been read (or passed as a hole); undefined while nobody follows. */
  private head: number | undefined;
  private reading: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private wakePending = false;
  private gapSeenAt: number | undefined;
  private checkedFullLog = false;
  /** Moves when the tail stops following, so that a read begun before is thrown away. */
  private generation = 0;
  private readonly retain: number;
  private readonly batchSize: number;

  constructor(private readonly log: EventLog, options: LogTailOptions = {}) {
    this.retain = options.retain ?? RETAIN;
    this.batchSize = options.batchSize ?? BATCH;
  }

  /** Feeds `reader` from now on; the returned function stops it. The first reader starts the tail. */
  follow(reader: TailReader): () => void {
    this.readers.add(reader);
    if (this.readers.size === 1) {
      this.generation += 1;
      this.unsubscribe = this.log.bus.onWake((types) => this.woken(types));
      this.schedule(0);
    }
    return () => {
      if (!this.readers.delete(reader) || this.readers.size > 0) return;
      this.generation += 1;
      this.unsubscribe?.();
      clearTimeout(this.timer);
      // A tail that stops following forgets: started again, it begins at the log's end.
      this.head = undefined;
      this.kept = [];
      this.gapSeenAt = undefined;
      this.checkedFullLog = false;
    };
  }

  get following(): number {
    return this.readers.size;
  }

  /** No read under way or about to start (a wake-up waiting out its short delay). */
  get idle(): boolean {
    return !this.reading && !this.queued && !this.wakePending;
  }

  /** Whether a reader at `position` is served from memory. */
  covers(position: number): boolean {
    return this.head !== undefined && position >= this.head - this.kept.length;
  }

  /**
   * Up to `limit` events after `position`, from memory; null when the tail does not reach back that
   * far (or follows nothing), and the reader must ask the log itself.
   */
  readAfter(position: number, limit: number): LoggedEvent[] | null {
    if (this.head === undefined || !this.covers(position)) return null;
    if (position >= this.head) return [];
    const start = position - (this.head - this.kept.length);
    return this.kept.slice(start, start + limit);
  }

  /**
   * Resolves once a read of the log that began after this call is done, so a caller then sees
   * everything logged before it asked. Calls during a read share the one read after it.
   */
  refresh(): Promise<void> {
    if (this.queued) return this.queued;
    if (!this.reading) return this.read();
    this.queued = this.reading.catch(() => undefined).then(() => {
      this.queued = null;
      return this.read();
    });
    return this.queued;
  }

  private woken(types: string[] | undefined): void {
    // A wake-up that no reader cares about can wait for the next poll.
    if (types && ![...this.readers].some((r) => !r.types || types.some((t) => r.types!.has(t)))) return;
    if (this.wakePending) return;
    this.wakePending = true;
    setTimeout(() => {
      this.wakePending = false;
      this.refreshInBackground();
    }, WAKE_DELAY_MS);
  }

  private refreshInBackground(): void {
    if (this.readers.size === 0) return;
    const generation = this.generation;
    this.refresh().catch((error: unknown) => {
      // A read that failed because everybody stopped (the database closing) is nobody's concern.
      if (generation !== this.generation) return;
      const [first] = this.readers;
      first?.logger.error({ err: error, readers: [...this.readers].map((r) => r.name) }, 'event log tail failed; retrying');
    });
  }

  private read(): Promise<void> {
    const reading = this.pass().finally(() => {
      if (this.reading === reading) this.reading = null;
      this.schedule(this.gapSeenAt === undefined ? Math.min(...[...this.readers].map((r) => r.pollMs)) : GAP_RETRY_MS);
    });
    this.reading = reading;
    return reading;
  }

  /** The poll, the safety net under lost wake-ups: the shortest any reader asked for. */
  private schedule(ms: number): void {
    clearTimeout(this.timer);
    if (this.readers.size === 0) return;
    this.timer = setTimeout(() => this.refreshInBackground(), ms);
  }

  /** Reads forward to the log's end, or to a hole still waited for. */
  private async pass(): Promise<void> {
    const generation = this.generation;
    if (this.head === undefined) {
      // Readers further back than the log's end read the log themselves until they get here.
      const end = await this.log.lastSeq();
      if (generation !== this.generation || this.readers.size === 0) return;
      this.head ??= end;
    }
    for (;;) {
      const from = this.head!;
      let batch = await this.log.readAfter(from, this.batchSize);
      if (generation !== this.generation) return;
      const fresh: LoggedEvent[] = [];
      let position = from;
      for (let i = 0; i < batch.length; i += 1) {
        const event = batch[i]!;
        if (event.seq <= position) continue;
        if (event.seq !== position + 1) {
          // An appender holds this position but has not written yet, or crashed holding it.
          const now = Date.now();
          this.gapSeenAt ??= now;
          if (now - this.gapSeenAt < Math.min(...[...this.readers].map((r) => r.gapTimeoutMs))) break;
          if (!this.checkedFullLog) {
            // Before passing a hole, ask the full log: the recent window may be what lacks it.
            this.checkedFullLog = true;
            batch = await this.log.readAfter(position, this.batchSize, { full: true });
            if (generation !== this.generation) return;
            i = -1;
            continue;
          }
          for (let seq = position + 1; seq < event.seq; seq += 1) fresh.push(passedHole(seq));
        }
        this.gapSeenAt = undefined;
        this.checkedFullLog = false;
        fresh.push(event);
        position = event.seq;
      }
      if (fresh.length > 0) this.keep(fresh, position);
      if (!(position > from && batch.length >= this.batchSize && position === batch.at(-1)!.seq)) return;
    }
  }

  private keep(fresh: LoggedEvent[], head: number): void {
    this.kept.push(...fresh);
    if (this.kept.length > this.retain) this.kept.splice(0, this.kept.length - this.retain);
    this.head = head;
    const types = new Set(fresh.map((e) => e.type));
    for (const reader of this.readers) {
      if (reader.types && ![...types].some((t) => reader.types!.has(t))) continue;
      try {
        reader.wake();
      } catch (error) {
        reader.logger.error({ err: error, consumer: reader.name }, 'event consumer could not be woken');
      }
    }
  }
}

function passedHole(seq: number): LoggedEvent {
  return { _id: `hole-${seq}`, type: VOID_EVENT, aggregateId: '', data: {}, at: new Date(), seq };
}
