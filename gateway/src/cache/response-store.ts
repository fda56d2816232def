import { LRUCache } from 'lru-cache';

interface Entry { body: string; tags: string[] }

/** Many small answers cost their tag index more than their bytes say. */
const MAX_ENTRIES = 100_000;

/**
 * This gateway instance's cached responses, bounded by bytes and aged out after a TTL (the safety
 * net; evictions by tag are what keeps them true). A tag index maps each tag to the keys carrying it.
 *
 * A response computed while an eviction of one of its tags went by may hold what came before the
 * write, so it is not kept: every eviction is stamped with a local clock, and `set` compares the
 * stamps of the entry's tags with the clock when its request started.
 */
export class ResponseStore {
  private readonly entries: LRUCache<string, Entry>;
  private readonly byTag = new Map<string, Set<string>>();
  private readonly evictedAt: LRUCache<string, number>;
  private clock = 0;
  /** Stamps forgotten before their time are taken as evicting everything up to them. */
  private floor = 0;

  constructor(options: { maxBytes: number; ttlMs: number; longestRequestMs: number }) {
    this.entries = new LRUCache<string, Entry>({
      max: MAX_ENTRIES,
      maxSize: options.maxBytes,
      sizeCalculation: (entry, key) => entry.body.length + key.length + 64 * entry.tags.length,
      ttl: options.ttlMs,
      dispose: (entry, key) => this.unindex(key, entry.tags),
    });
    this.evictedAt = new LRUCache<string, number>({
      max: 200_000,
      ttl: options.longestRequestMs,
      dispose: (stamp, _tag, reason) => {
        if (reason === 'evict') this.floor = Math.max(this.floor, stamp);
      },
    });
  }

  /** Read when a request starts; pass to `set`. */
  now(): number {
    return this.clock;
  }

  get(key: string): string | undefined {
    return this.entries.get(key)?.body;
  }

  /** Keeps `body` unless one of its tags was evicted after `startedAt`. */
  set(key: string, body: string, tags: Iterable<string>, startedAt: number): boolean {
    const list = [...tags];
    if (this.floor > startedAt || list.some((tag) => (this.evictedAt.get(tag) ?? 0) > startedAt)) return false;
    this.entries.set(key, { body, tags: list });
    // A body too big for the cache is refused without a trace; index only what is kept.
    if (!this.entries.has(key)) return false;
    for (const tag of list) {
      let keys = this.byTag.get(tag);
      if (!keys) this.byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    return true;
  }

  /** Drops every entry carrying any of `tags`; entries being computed now will not be kept. */
  evict(tags: Iterable<string>): number {
    this.clock += 1;
    let dropped = 0;
    for (const tag of tags) {
      this.evictedAt.set(tag, this.clock);
      const keys = this.byTag.get(tag);
      if (!keys) continue;
      for (const key of [...keys]) if (this.entries.delete(key)) dropped += 1;
    }
    return dropped;
  }

  clear(): void {
    this.clock += 1;
    this.floor = this.clock;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private unindex(key: string, tags: string[]): void {
    for (const tag of tags) {
      const keys = this.byTag.get(tag);
      if (!keys) continue;
      keys.delete(key);
      if (keys.size === 0) this.byTag.delete(tag);
    }
  }
}
