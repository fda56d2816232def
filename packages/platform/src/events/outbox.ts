import type { Collection, Document } from 'mongodb';
import { byIds } from '../mongo.ts';
import type { DomainEvent } from './event.ts';
import type { EventLog } from './log.ts';

/** An aggregate document that records its not-yet-logged events in its own `outbox` field. */
export interface WithOutbox { _id: string; outbox?: DomainEvent[] }

/** The update fragment that records events in the same single-document write as the change. */
export const pushToOutbox = (...events: DomainEvent[]) => ({ outbox: { $each: events } });

/**
 * Writes elsewhere that pending events owe (a maintained count), run before the events leave the
 * outbox: at least once per event, so they must be idempotent (keyed by the event id).
 */
export type OwedByEvents = (pending: DomainEvent[]) => Promise<void>;

/**
 * Moves an aggregate's pending events into the log, then clears exactly those from the outbox.
 * Safe to run twice or concurrently: the log ignores ids it already has.
 */
export async function flushOutbox<T extends WithOutbox & Document>(collection: Collection<T>, id: string, log: EventLog, owed?: OwedByEvents): Promise<void> {
  const doc = await collection.findOne({ _id: id } as never, { projection: { outbox: 1 } });
  const pending = (doc as WithOutbox | null)?.outbox ?? [];
  if (pending.length === 0) return;
  await owed?.(pending);
  await log.append(pending);
  // $pullAll of the exact documents read: FerretDB's $pull takes no conditions on sub-documents.
  await collection.updateOne({ _id: id } as never, { $pullAll: { outbox: pending } } as never);
}

/**
 * `flushOutbox` for many aggregates written together (a bulk load): one read, one append of all
 * their events in the order of `ids`, one update clearing them. Same guarantees as one by one.
 */
export async function flushOutboxes<T extends WithOutbox & Document>(collection: Collection<T>, ids: string[], log: EventLog, owed?: OwedByEvents): Promise<void> {
  if (ids.length === 0) return;
  const docs = (await collection.find(byIds(ids) as never, { projection: { outbox: 1 } }).toArray()) as unknown as WithOutbox[];
  const byId = new Map(docs.map((d) => [d._id, d.outbox ?? []]));
  const pending = ids.flatMap((id) => byId.get(id) ?? []);
  if (pending.length === 0) return;
  await owed?.(pending);
  await log.append(pending);
  // Each document holds only its own events, so pulling all of them from each clears exactly those read.
  await collection.updateMany(byIds(ids) as never, { $pullAll: { outbox: pending } } as never);
}

/** At start-up: finishes whatever a crash left between a write and its append. */
export async function flushAllOutboxes<T extends WithOutbox & Document>(collection: Collection<T>, log: EventLog, owed?: OwedByEvents): Promise<number> {
  const ids = await collection.find({ 'outbox.0': { $exists: true } } as never, { projection: { _id: 1 } }).toArray();
  for (const { _id } of ids) await flushOutbox(collection, _id as string, log, owed);
  return ids.length;
}
