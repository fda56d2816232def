import type { Collection, Db } from 'mongodb';
import type { CollectionIndexes } from '../mongo.ts';
import { insertManyIfAbsent } from '../mongo.ts';
import type { WakeUpBus } from './bus.ts';
import type { EventCatalogue } from './definition.ts';
import { VOID_EVENT, type DomainEvent, type LoggedEvent } from './event.ts';
import { LogTail, type LogTailOptions } from './tail.ts';

export const EVENTS = 'platform_events';
/** The newest events again, pruned to a window: what caught-up readers scan (see below). */
export const RECENT_EVENTS = 'platform_events_recent';
const COUNTERS = 'platform_event_counters';
const RECENT_WINDOW = 100;
const PRUNE_EVERY = 20;

export const eventLogIndexes: CollectionIndexes[] = [
  {
    collection: EVENTS,
    indexes: [
      { key: { seq: 1 }, name: 'seq_unique', unique: true },
      // A reader that must know the recent past at start-up (the gateway's revocation list).
      { key: { type: 1, at: 1 }, name: 'type_at' },
    ],
  },
  { collection: RECENT_EVENTS, indexes: [{ key: { seq: 1 }, name: 'seq_unique', unique: true }] },
];

/**
 * The platform's append-only event log, owned by the event bus rather than any domain.
 * Appending is idempotent by event id (the id is the document's `_id`), so an outbox may be
 * flushed again after a crash.
 *
 * Why two collections: the embedded FerretDB answers every query on a field other than `_id` by
 * scanning the collection, so reading "after position p" from a log of 10 000 events took
 * ~300 ms, for every consumer on every wake-up. Readers that are caught up (nearly always) read
 * `platform_events_recent`, which holds only the last few hundred events; only a reader that has
 * fallen further behind (a rebuild, a long outage) reads the full log. On MongoDB both are indexed.
 *
 * Consumers do not read it one by one: `tail`, this process's one reader of the log, reads for
 * them all and keeps the newest events in memory (see LogTail).
 */
export class EventLog {
  private readonly events: Collection<LoggedEvent>;
  private readonly recent: Collection<LoggedEvent>;
  private readonly counters: Collection<{ _id: string; seq: number; prunedThrough?: number }>;

  private readonly window: number;
  /** Without one (the platform's own tests), any event is accepted. */
  private readonly catalogue: EventCatalogue | undefined;
  /** How far the recent window has been pruned, as last seen; it only grows. */
  private prunedThrough = 0;
  /** The shared reader every consumer of this log in this process is fed by. */
  readonly tail: LogTail;
  /** The consumers reading this log in this process, for their lag (metrics). */
  readonly consumers = new Set<{ readonly name: string; checkpoint(): Promise<number> }>();
  /** Told of every event this process wrote into the log (not of void fillers): business metrics. */
  private readonly written = new Set<(events: LoggedEvent[]) => void>();

  constructor(db: Db, readonly bus: WakeUpBus, options: { recentWindow?: number; catalogue?: EventCatalogue; tail?: LogTailOptions } = {}) {
    this.window = options.recentWindow ?? RECENT_WINDOW;
    this.catalogue = options.catalogue;
    this.events = db.collection<LoggedEvent>(EVENTS);
    this.recent = db.collection<LoggedEvent>(RECENT_EVENTS);
    this.counters = db.collection(COUNTERS);
    this.tail = new LogTail(this, options.tail);
  }

  async append(events: DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    // All checked before a position is reserved: a refused batch leaves neither events nor holes.
    for (const event of events) this.catalogue?.check(event);
    const counter = await this.counters.findOneAndUpdate(
      { _id: 'events' },
      { $inc: { seq: events.length } },
      { upsert: true, returnDocument: 'after' },
    );
    const last = counter?.seq ?? events.length;
    const first = last - events.length + 1;
    await this.insertAt(first, events);
    const every = Math.min(PRUNE_EVERY, this.window);
    if (Math.floor(last / every) !== Math.floor((first - 1) / every) && last > this.window) await this.prune(last - this.window);
    this.bus.notify([...new Set(events.map((e) => e.type))]);
  }

  /**
   * Writes events at their reserved positions, all in one command. When the log already has an
   * event (a concurrent flush of the same outbox, or a retry after a crash), its position is
   * filled with a void entry instead, so consumers see no hole to wait for; only a crash between
   * reserving and writing leaves one.
   */
  private async insertAt(first: number, events: DomainEvent[]): Promise<void> {
    const logged: LoggedEvent[] = events.map((event, i) => ({ ...event, seq: first + i }));
    const inserted = await insertManyIfAbsent(this.events, logged);
    if (this.written.size > 0) {
      const fresh = logged.filter((_, i) => inserted[i]);
      for (const listener of this.written) listener(fresh);
    }
    for (const [i, entry] of logged.entries()) {
      if (inserted[i]) continue;
      logged[i] = { _id: `void-${entry.seq}`, type: VOID_EVENT, aggregateId: '', data: {}, at: new Date(), seq: entry.seq };
      await this.events.insertOne(logged[i]);
    }
    await insertManyIfAbsent(this.recent, logged);
  }

  /** The floor is recorded before deleting, so a reader never trusts a window that lacks its events. */
  private async prune(through: number): Promise<void> {
    await this.counters.updateOne({ _id: 'events' }, { $max: { prunedThrough: through } });
    await this.recent.deleteMany({ seq: { $lte: through } });
  }

  /** Events after position `seq`, in order: from the recent window when it reaches back that far. */
  async readAfter(seq: number, limit: number, { full = false } = {}): Promise<LoggedEvent[]> {
    const after = (source: Collection<LoggedEvent>) => source.find({ seq: { $gt: seq } }).sort({ seq: 1 }).limit(limit).toArray();
    if (full || seq < this.prunedThrough) return after(this.events);
    const recent = await after(this.recent);
    if (recent.length === 0 || recent[0]!.seq === seq + 1) return recent;
    // A hole at the start: still being written, or pruned since this process last looked.
    this.prunedThrough = (await this.counters.findOne({ _id: 'events' }))?.prunedThrough ?? 0;
    return seq < this.prunedThrough ? after(this.events) : recent;
  }

  /** Every logged event of these types recorded at or after `since`, in log order. */
  async ofTypesSince(types: string[], since: Date): Promise<LoggedEvent[]> {
    return this.events.find({ type: { $in: types }, at: { $gte: since } }).sort({ seq: 1 }).toArray();
  }

  /** Calls `listener` with the events this process writes, once each; the returned function stops it. */
  onWritten(listener: (events: LoggedEvent[]) => void): () => void {
    this.written.add(listener);
    return () => void this.written.delete(listener);
  }

  /** How many events each consumer of this process has yet to reach, by its name. */
  async consumerLags(): Promise<Record<string, number>> {
    if (this.consumers.size === 0) return {};
    const head = await this.lastSeq();
    const lags: Record<string, number> = {};
    for (const consumer of this.consumers) lags[consumer.name] = Math.max(0, head - (await consumer.checkpoint()));
    return lags;
  }

  /** The newest reserved position. */
  async lastSeq(): Promise<number> {
    return (await this.counters.findOne({ _id: 'events' }))?.seq ?? 0;
  }
}
