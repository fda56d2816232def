import type { NextFunction, Request, Response } from 'express';
import type { Redis } from 'ioredis';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { callerKey, perMinuteLimiter, RateLimiterRes, retryAfterSeconds } from './callers.ts';
import { requestToken, type Credentials } from './request-token.ts';

/** Requests per minute per signed-in user, per API key (its own allowance), or per address when anonymous. */
export function rateLimit(options: { perMinute: number; keysPerMinute: number; redis: Redis | undefined; credentials: Credentials }) {
  const limiter = perMinuteLimiter({ name: 'rate', points: options.perMinute, redis: options.redis });
  const keyLimiter = perMinuteLimiter({ name: 'rate-api-key', points: options.keysPerMinute, redis: options.redis });

  const counterOf = async (req: Request): Promise<[RateLimiterAbstract, string]> => {
    try {
      const { verified } = await requestToken(req, options.credentials);
      if (verified) return [verified.viewer.apiKey ? keyLimiter : limiter, callerKey(verified.viewer, req.ip)];
    } catch {
      // A bad token or key is refused later with UNAUTHENTICATED; it is counted against its address.
    }
    return [limiter, callerKey(undefined, req.ip)];
  };

  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'OPTIONS') return next();
    try {
      const [counter, caller] = await counterOf(req);
      await counter.consume(caller);
      next();
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) return next(error);
      const seconds = retryAfterSeconds(error);
      res.setHeader('Retry-After', String(seconds));
      res.status(429).json({ errors: [{ message: `Too many requests; try again in ${seconds} s.`, extensions: { code: 'RATE_LIMITED', retryAfterSeconds: seconds } }] });
    }
  };
}

/**
 * Requests per minute per address, for paths whose clients send no bearer token (`<video>`,
 * `<img>`, hls.js and tus fetch signed URLs): 429 with Retry-After, as plain text.
 */
export function addressRateLimit(options: { name: string; perMinute: number; redis: Redis | undefined }) {
  const limiter = perMinuteLimiter({ name: options.name, points: options.perMinute, redis: options.redis });
  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'OPTIONS') return next();
    try {
      await limiter.consume(callerKey(undefined, req.ip));
      next();
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) return next(error);
      const seconds = retryAfterSeconds(error);
      res.status(429).set({ 'Retry-After': String(seconds), 'Cache-Control': 'no-store' }).type('text/plain').send(`Too many requests; try again in ${seconds} s.\n`);
    }
  };
}
