import type { Redis } from 'ioredis';
import type { Viewer } from '@lg/platform';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** Whom a limit counts: an API key (apart from its owner), the signed-in user, or the address of an anonymous caller. */
export const callerKey = (viewer: Pick<Viewer, 'id' | 'apiKey'> | null | undefined, address: string | undefined): string => {
  if (viewer?.apiKey) return `key:${viewer.apiKey.id}`;
  return viewer ? `user:${viewer.id}` : `ip:${address ?? 'unknown'}`;
};

/**
 * A per-minute allowance per caller. Counters live in Redis when there is one, so that every
 * gateway instance spends from the same allowance; a Redis outage falls back to this process.
 */
export function perMinuteLimiter(options: { name: string; points: number; redis: Redis | undefined }): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ points: options.points, duration: 60 });
  return options.redis
    ? new RateLimiterRedis({ storeClient: options.redis, keyPrefix: `learning-graph:${options.name}`, points: options.points, duration: 60, insuranceLimiter: memory })
    : memory;
}

/** Whole seconds until a refused caller may try again (at least 1). */
export const retryAfterSeconds = (refusal: RateLimiterRes): number => Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));

export { RateLimiterRes };
