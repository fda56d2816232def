import { MongoClient, type Collection, type Db, type Document, type Filter, type FindOptions, type IndexDescription, type MongoClientOptions, type OptionalUnlessRequiredId, type Sort } from 'mongodb';

/**
 * The base of a subgraph's repository: its collections are fields read from `db`. A base class,
 * because a class's own field initialisers run before its constructor's parameter properties are set.
 */
export abstract class MongoRepository {
  constructor(protected readonly db: Db) {}
}

/** What a repository declares about its collection; created idempotently at start-up. */
export interface CollectionIndexes {
  collection: string;
  /** Every index is named: the name is how start-up knows it exists. */
  indexes: (IndexDescription & { name: string })[];
}

export function createMongoClient(uri: string, options: MongoClientOptions = {}): MongoClient {
  return new MongoClient(uri, {
    // FerretDB and a single dev server have no replica set; retryable writes need one.
    retryWrites: false,
    serverSelectionTimeoutMS: 10_000,
    ...options,
  });
}

/**
 * Creates the declared indexes that do not exist yet, one at a time. FerretDB 1.24 crashes the
 * connection when one createIndexes call repeats several existing indexes, so existing names are
 * read first; on MongoDB this is just as idempotent.
 */
export async function ensureIndexes(db: Db, declarations: CollectionIndexes[]): Promise<void> {
  for (const { collection, indexes } of declarations) {
    if (indexes.length === 0) continue;
    const existing = new Set(
      (await db.collection(collection).listIndexes().toArray().catch(() => [])).map((index) => index.name as string),
    );
    for (const index of indexes) {
      if (existing.has(index.name)) continue;
      await db.collection(collection).createIndexes([index]);
    }
  }
}

/** True when the error is a unique-index violation (E11000). */
export function isDuplicateKey(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  // FerretDB 1.24 (SQLite) refuses an update that breaks a unique index with code 1 and SQLite's words.
  return code === 11000 || (code === 1 && typeof message === 'string' && message.includes('UNIQUE constraint failed'));
}

/**
 * Inserts a document; false when one with the same unique key is there already (a racing writer
 * came first, or an event is replayed): the unique index decides who wins, without a read first.
 */
export async function insertIfAbsent<T extends Document>(collection: Collection<T>, document: OptionalUnlessRequiredId<T>): Promise<boolean> {
  try {
    await collection.insertOne(document);
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

/**
 * `insertIfAbsent` for many documents in one command: each is inserted unless one with the same
 * unique key is there already; says which were inserted, in the order given.
 */
export async function insertManyIfAbsent<T extends Document>(collection: Collection<T>, documents: OptionalUnlessRequiredId<T>[]): Promise<boolean[]> {
  if (documents.length === 0) return [];
  try {
    await collection.insertMany(documents, { ordered: false });
    return documents.map(() => true);
  } catch (error) {
    const reported = (error as { writeErrors?: unknown }).writeErrors;
    const failures = (Array.isArray(reported) ? reported : reported ? [reported] : []) as { code?: unknown; index?: unknown }[];
    if (failures.length === 0 || !failures.every((f) => f.code === 11000 && typeof f.index === 'number')) throw error;
    const skipped = new Set(failures.map((f) => f.index as number));
    return documents.map((_, i) => !skipped.has(i));
  }
}

/**
 * Documents by id, as one filter: a lone id is an `_id` equality, the only filter the embedded
 * database (FerretDB 1.24 on SQLite) answers without reading and converting the whole collection;
 * a `$in` of one id would read every document. Several ids stay one `$in` (one command).
 */
export function byIds(ids: readonly string[]): { _id: string } | { _id: { $in: string[] } } {
  return ids.length === 1 ? { _id: ids[0]! } : { _id: { $in: [...ids] } };
}

/**
 * A page of at most `limit` rows (the caller asks one more than it shows) of `filter` past `after`,
 * and the total of the whole list. A first page with room to spare is the whole list, so it is
 * not counted again: a count reads every document of the collection in the embedded database.
 * `count` replaces the count where the caller keeps the total.
 */
export async function pageOf<T extends Document>(
  collection: Collection<T>,
  filter: Filter<T>,
  after: Filter<T> | null,
  sort: Sort,
  limit: number,
  options: FindOptions = {},
  count: () => Promise<number> = () => collection.countDocuments(filter),
): Promise<{ rows: T[]; total: number }> {
  if (limit === 0) return { rows: [], total: await count() };
  const rows = (await collection.find(after ? ({ $and: [filter, after] } as Filter<T>) : filter, options).sort(sort).limit(limit).toArray()) as T[];
  const total = !after && rows.length < limit ? rows.length : await count();
  return { rows, total };
}
