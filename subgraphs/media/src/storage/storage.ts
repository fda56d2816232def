import type { Readable } from 'node:stream';

/** What a stored object is; `etag` changes whenever its bytes do. */
export interface StoredObject {
  size: number;
  modifiedAt: Date;
  etag: string;
}

/** Inclusive byte range, as HTTP Range has it. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where media bytes live. Keys are `/`-separated relative paths (`<assetId>/hls/v0/seg000.ts`),
 * checked by `checkKey`. Writes are whole objects, readers never see half of one.
 */
export interface MediaStorage {
  /** Stores a local file's bytes under `key`, replacing what was there. */
  putFile(key: string, path: string, contentType: string): Promise<void>;
  /** The object's bytes (a range of them); null when there is no such object. */
  get(key: string, range?: ByteRange): Promise<Readable | null>;
  stat(key: string): Promise<StoredObject | null>;
  delete(key: string): Promise<void>;
  /** Deletes every object whose key starts with `prefix` (a processing job's leftovers). */
  deletePrefix(prefix: string): Promise<void>;
  /** Keys under `prefix`, sorted (tests and repairs). */
  list(prefix: string): Promise<string[]>;
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Refuses keys that could leave the storage root or that no asset path produces. */
export function checkKey(key: string): string {
  const segments = key.split('/');
  if (key.length > 512 || segments.some((s) => !SEGMENT.test(s) || s === '..')) throw new Error(`Invalid storage key: ${JSON.stringify(key)}`);
  return key;
}
