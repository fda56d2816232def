import type { NextFunction, Request, Response } from 'express';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { bearerToken, type TokenVerifier } from '@lg/platform';

/**
 * Requests per minute per signed-in user, or per address when anonymous. Counters live in Redis
 * when there is one, so that every gateway instance counts together.
 */
export function rateLimit(options: { perMinute: number; redis: Redis | undefined; verifier: TokenVerifier }) {
  const limiter: RateLimiterAbstract = options.redis
    ? new RateLimiterRedis({ storeClient: options.redis, keyPrefix: 'learning-graph:rate', points: options.perMinute, duration: 60, insuranceLimiter: new RateLimiterMemory({ points: options.perMinute, duration: 60 }) })
    : new RateLimiterMemory({ points: options.perMinute, duration: 60 });

  const keyOf = async (req: Request): Promise<string> => {
    try {
      const token = bearerToken(req.headers.authorization);
      if (token) return `user:${(await options.verifier.verify(token)).id}`;
    } catch {
      // A bad token is refused later with UNAUTHENTICATED; it is counted against its address.
    }
    return `ip:${req.ip ?? 'unknown'}`;
  };

  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'OPTIONS') return next();
    try {
      await limiter.consume(await keyOf(req));
      next();
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) return next(error);
      const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      res.setHeader('Retry-After', String(seconds));
      res.status(429).json({ errors: [{ message: `Too many requests; try again in ${seconds} s.`, extensions: { code: 'RATE_LIMITED', retryAfterSeconds: seconds } }] });
    }
  };
}
