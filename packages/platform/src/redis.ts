import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * Redis is optional: absent in the embedded default, where everything runs in one process. It is
 * never the source of truth, so losing it is logged, not fatal: ioredis keeps reconnecting.
 */
export function createRedis(url: string | undefined, logger?: Logger): Redis | undefined {
  if (!url) return undefined;
  return watch(new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false }), logger);
}

/** Logs a connection's loss once, and its return. */
export function watch(redis: Redis, logger?: Logger): Redis {
  let down = false;
  redis.on('error', (error: Error) => {
    if (!down) logger?.warn({ err: error }, 'Redis unavailable; wake-ups fall back to polling until it returns');
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger?.info('Redis is back');
    down = false;
  });
  return redis;
}
