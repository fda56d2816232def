import type { Collection } from 'mongodb';
import { isDuplicateKey } from '../mongo.ts';
import type { LoggedEvent } from './event.ts';

/** A projected document: `seq` is the log position of the last event applied to it. */
export interface Projected { _id: string; seq: number }

const ATTEMPTS = 20;

/**
 * Applies one event to one projected document without a transaction: the new document replaces
 * the old only if nobody applied another event in between (a guard on `seq`), and an event at or
 * below the stored position is skipped. At-least-once delivery, concurrent consumers and restarts
 * therefore all leave one result.
 */
export async function applyToProjection<T extends Projected>(
  collection: Collection<T>,
  id: string,
  event: LoggedEvent,
  project: (current: T | null, event: LoggedEvent) => T,
): Promise<void> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const current = (await collection.findOne({ _id: id } as never)) as T | null;
    if (current && current.seq >= event.seq) return;
    const next = project(current, event);
    if (current) {
      const { matchedCount } = await collection.replaceOne({ _id: id, seq: current.seq } as never, next);
      if (matchedCount === 1) return;
    } else {
      try {
        await collection.insertOne(next as never);
        return;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    }
  }
  throw new Error(`Could not apply event ${event._id} to ${collection.collectionName}/${id}: too many concurrent writers.`);
}
