import type { Db, Document } from 'mongodb';
import type { UserDataHandlers } from './participant.ts';

/**
 * What happens to a collection's documents that name the user in `field`, when the user is deleted:
 * - `delete`: the documents go (progress, carts, bookings, private records);
 * - `{ set }`: the documents stay, anonymised (posts become "deleted user", orders stay for accounting);
 * - `{ pull }`: the user's id is taken out of an array field (members of a group);
 * - `keep`: nothing personal to erase beyond the id, which then names nobody.
 */
export type EraseRule = 'delete' | 'keep' | { set: Record<string, unknown> } | { pull: string };

export interface UserDataCollection {
  collection: string;
  /** The field that holds the user's id (a string, or an array of ids). */
  field: string;
  /** The part's key in the export; by default the collection's name (give one when a collection is listed twice). */
  as?: string;
  /** Fields left out of the export: other people's personal data kept beside the user's, internals. */
  omit?: string[];
  erase: EraseRule;
}

/** An export part holds at most this many documents per collection: an export must not exhaust memory. */
const EXPORT_LIMIT = 10_000;
const INTERNAL = ['outbox', 'searchTerms', 'seq'];

/**
 * Export and erase handlers from a declarative list of a subgraph's collections. Erasures run in
 * the order given, each a single multi-document update or delete, all idempotent.
 */
export function userDataOfCollections(db: Db, collections: readonly UserDataCollection[]): UserDataHandlers {
  return {
    async export(userId) {
      const part: Record<string, unknown> = {};
      for (const spec of collections) {
        const projection = Object.fromEntries([...INTERNAL, ...(spec.omit ?? [])].map((f) => [f, 0]));
        part[spec.as ?? spec.collection] = await db.collection(spec.collection).find({ [spec.field]: userId }, { projection }).limit(EXPORT_LIMIT).toArray();
      }
      return part;
    },
    async erase(userId) {
      for (const spec of collections) {
        const collection = db.collection(spec.collection);
        const filter: Document = { [spec.field]: userId };
        if (spec.erase === 'delete') await collection.deleteMany(filter);
        else if (spec.erase === 'keep') continue;
        else if ('set' in spec.erase) await collection.updateMany(filter, { $set: spec.erase.set });
        else await collection.updateMany(filter, { $pull: { [spec.erase.pull]: userId } } as Document);
      }
    },
  };
}

/** Several handlers as one part: their exports merged, their erasures run in order. */
export function combineUserData(...handlers: UserDataHandlers[]): UserDataHandlers {
  return {
    async export(userId) {
      const part: Record<string, unknown> = {};
      for (const h of handlers) Object.assign(part, await h.export(userId));
      return part;
    },
    async erase(userId) {
      for (const h of handlers) await h.erase(userId);
    },
  };
}
