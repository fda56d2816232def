import { HeaderMap } from '@apollo/server';
import type { Redis } from 'ioredis';
import { GraphQLError } from 'graphql';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { perMinuteLimiter, RateLimiterRes, retryAfterSeconds } from '../callers.ts';

/**
 * Each caller's per-minute allowance of estimated cost: a few expensive operations use it up as
 * surely as many cheap ones. Shared through Redis between gateway instances when there is one.
 */
export class CostBudget {
  private readonly limiter: RateLimiterAbstract;

  constructor(readonly perMinute: number, redis: Redis | undefined, name = 'cost') {
    this.limiter = perMinuteLimiter({ name, points: perMinute, redis });
  }

  /**
   * Spends `cost` from the caller's allowance and answers how much they have spent this minute,
   * or throws RATE_LIMITED (HTTP 429, Retry-After).
   */
  async spend(callerKey: string, cost: number): Promise<number> {
    if (cost <= 0) return 0;
    try {
      return (await this.limiter.consume(callerKey, Math.ceil(cost))).consumedPoints;
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const seconds = retryAfterSeconds(error);
      throw new GraphQLError(
        `Your operations' estimated cost is over your budget of ${this.perMinute} a minute; try again in ${seconds} s.`,
        { extensions: { code: 'RATE_LIMITED', retryAfterSeconds: seconds, cost, http: { status: 429, headers: new HeaderMap([['retry-after', String(seconds)]]) } } },
      );
    }
  }
}
