import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { watch, type Logger } from '@lg/platform';

const CHANNEL = 'learning-graph:cache-evictions';
const MARK_PREFIX = 'learning-graph:cache-wrote:';
/** How long a writer's mark lives: far past the time any instance takes to hear of the write. */
const MARK_TTL_MS = 60_000;
/** A Redis that does not answer this fast is taken as "maybe written": the cache is bypassed. */
const REDIS_WAIT_MS = 150;

/** Where the log stood and when, as a user's mutation response left. */
export interface WriteMark { seq: number; at: number }

/**
 * Read-your-writes across instances: when a user's mutation answer leaves, the log's position and
 * the time are recorded (in Redis when there is one, always in this process), and every instance
 * bypasses its cache for that user until its own tail has processed the log that far and the
 * grace for evictions broadcast without an event (notifications marked read, assistant
 * conversations) has passed.
 */
export class WriteMarks {
  private readonly local = new Map<string, WriteMark>();

  constructor(private readonly redis: Redis | undefined, private readonly graceMs: number) {}

  async record(userId: string, mark: WriteMark): Promise<void> {
    this.local.set(userId, mark);
    if (this.local.size > 100_000) this.prune();
    await this.redis?.set(MARK_PREFIX + userId, `${mark.seq}:${mark.at}`, 'PX', MARK_TTL_MS).catch(() => undefined);
  }

  /** True while `userId` may have written something this instance's cache has not yet heard of. */
  async pending(userId: string, processedSeq: number, now = Date.now()): Promise<boolean> {
    const unseen = (mark: WriteMark | undefined) => mark !== undefined && (mark.seq > processedSeq || now < mark.at + this.graceMs);
    if (unseen(this.local.get(userId))) return true;
    if (!this.redis) return false;
    const stored = await Promise.race([
      this.redis.get(MARK_PREFIX + userId).catch(() => 'unknown'),
      new Promise<string>((resolve) => setTimeout(resolve, REDIS_WAIT_MS, 'unknown').unref()),
    ]);
    if (stored === 'unknown') return true;
    if (!stored) return false;
    const [seq, at] = stored.split(':').map(Number);
    return unseen({ seq: seq!, at: at! });
  }

  private prune(): void {
    const before = Date.now() - MARK_TTL_MS;
    for (const [user, mark] of this.local) if (mark.at < before) this.local.delete(user);
  }
}

/**
 * What a mutation touched, evicted on this instance directly and on the others through Redis
 * pub/sub: a complement to the log, which evicts every write that logs an event (nearly all of
 * them: votes, lesson progress, carts and wishlists too) and loses nothing. Only the writes that
 * log none (notifications marked read, assistant conversations, both seen by their user alone)
 * depend on it, and a lost message leaves those entries to their TTL.
 */
export function evictionChannel(redis: Redis | undefined, logger: Logger, evict: (tags: string[]) => void) {
  const origin = randomUUID();
  const subscriber = redis ? watch(redis.duplicate(), logger) : undefined;
  if (subscriber) {
    void subscriber.subscribe(CHANNEL).catch(() => undefined);
    subscriber.on('message', (_channel: string, message: string) => {
      try {
        const { from, tags } = JSON.parse(message) as { from: string; tags: string[] };
        if (from !== origin && Array.isArray(tags)) evict(tags);
      } catch {
        logger.warn('ignored a malformed cache eviction message');
      }
    });
  }
  return {
    publish(tags: string[]): void {
      evict(tags);
      redis?.publish(CHANNEL, JSON.stringify({ from: origin, tags })).catch(() => undefined);
    },
    close(): void {
      subscriber?.disconnect();
    },
  };
}
