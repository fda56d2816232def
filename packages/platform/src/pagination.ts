import { badInput } from './errors.ts';
import { isId } from './ids.ts';

export const MAX_PAGE_SIZE = 100;

export interface Edge<T> { cursor: string; node: T }
export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/** Cursors are opaque to clients: base64url of a JSON array of the sort key values. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** `field` names the argument the cursor came in (`after`, or `before` for a list paged backwards). */
export const invalidCursor = (field = 'after') => badInput('The cursor is not valid; use a cursor returned by this list.', field);

export function decodeCursor(cursor: string | null | undefined, arity: number, field = 'after'): unknown[] | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  try {
    if (cursor.length > 512) throw new Error('too long');
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== arity) throw new Error('shape');
    return value;
  } catch {
    throw invalidCursor(field);
  }
}

/** The cursor of a row in a list ordered by id alone. */
export const idCursor = (id: string): string => encodeCursor([id]);

/** The id an id-ordered list goes on from; undefined for the first page. */
export function afterId(cursor: string | null | undefined, field = 'after'): string | undefined {
  const key = decodeCursor(cursor, 1, field);
  if (!key) return undefined;
  if (typeof key[0] !== 'string' || !isId(key[0])) throw invalidCursor(field);
  return key[0];
}

/** The cursor of a row in a list ordered by a time, then id. */
export const timeIdCursor = (at: Date, id: string): string => encodeCursor([at.toISOString(), id]);

/** Where a list ordered by a time, then id, goes on from; undefined for the first page. */
export function afterTimeAndId(cursor: string | null | undefined, field = 'after'): { at: Date; id: string } | undefined {
  const key = decodeCursor(cursor, 2, field);
  if (!key) return undefined;
  const at = typeof key[0] === 'string' ? new Date(key[0]) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime()) || typeof key[1] !== 'string' || !isId(key[1])) throw invalidCursor(field);
  return { at, id: key[1] };
}

export function pageSize(first: number | null | undefined, fallback = 20): number {
  const size = first ?? fallback;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE)
    throw badInput(`Page size must be between 0 and ${MAX_PAGE_SIZE}.`, 'first');
  return size;
}

/**
 * Builds a connection from a page fetched with one extra row (limit + 1): the extra row only
 * tells whether another page exists.
 */
export function toConnection<T>(rows: T[], size: number, totalCount: number, keyOf: (row: T) => unknown[]): Connection<T> {
  return connectionOf(rows, size, totalCount, (row) => encodeCursor(keyOf(row)));
}

/** toConnection for rows whose cursors are made otherwise (a cursor that also names the list's order). */
export function connectionOf<T>(rows: T[], size: number, totalCount: number, cursorOf: (row: T) => string): Connection<T> {
  const edges = rows.slice(0, size).map((node) => ({ node, cursor: cursorOf(node) }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount,
  };
}
