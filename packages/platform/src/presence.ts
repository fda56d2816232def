import type { Redis } from 'ioredis';

/**
 * Who is online now, from live connections: each signed-in WebSocket is a connection key kept
 * alive by its gateway's heartbeat; a user is online while one of their connections has not
 * expired. Never the source of truth: losing it only shows people offline for a moment.
 * Transitions (first connection, last one gone) are answered once, so that exactly one process
 * announces each of them.
 */
export interface PresenceStore {
  /** Keeps `connection` of `userId` alive until `ttlMs` from now; true when the user was offline before. */
  touch(userId: string, connection: string, ttlMs: number): Promise<boolean>;
  /** Ends one connection; true when it was the user's last one (they are offline now). */
  leave(userId: string, connection: string): Promise<boolean>;
  /** Of these users, who is online now. */
  online(userIds: readonly string[]): Promise<Set<string>>;
  /** Users whose every connection expired (their gateway died): each claimed by one caller only. */
  sweep(): Promise<string[]>;
}

/** In one process (the embedded default): a map, with the same expiry rules. */
export function memoryPresence(now: () => number = Date.now): PresenceStore {
  const users = new Map<string, Map<string, number>>();
  const live = (userId: string) => [...(users.get(userId)?.values() ?? [])].some((expiresAt) => expiresAt > now());
  return {
    async touch(userId, connection, ttlMs) {
      const was = live(userId);
      let connections = users.get(userId);
      if (!connections) users.set(userId, (connections = new Map()));
      connections.set(connection, now() + ttlMs);
      return !was;
    },
    async leave(userId, connection) {
      const connections = users.get(userId);
      if (!connections?.delete(connection)) return false;
      if (live(userId)) return false;
      users.delete(userId);
      return true;
    },
    async online(userIds) {
      return new Set(userIds.filter(live));
    },
    async sweep() {
      const gone: string[] = [];
      for (const userId of users.keys()) {
        if (!live(userId)) {
          users.delete(userId);
          gone.push(userId);
        }
      }
      return gone;
    },
  };
}

const userKey = (userId: string) => `presence:user:${userId}`;
const EXPIRY = 'presence:expiry';

// KEYS: the user's hash, the expiry set. ARGV: connection, its expiry, now, ttl, user.
// Whether the user had a live connection, then the connection's new expiry; the set keeps each
// user's latest expiry, for the sweep.
const TOUCH = `
local was = 0
for _, v in ipairs(redis.call('HVALS', KEYS[1])) do if tonumber(v) > tonumber(ARGV[3]) then was = 1 break end end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('ZADD', KEYS[2], 'GT', ARGV[2], ARGV[5])
if was == 1 then return 0 end
return 1`;

// KEYS: the user's hash, the expiry set. ARGV: connection, now, user. 1 when the user is offline now.
const LEAVE = `
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
for _, v in ipairs(redis.call('HVALS', KEYS[1])) do if tonumber(v) > tonumber(ARGV[2]) then return 0 end end
redis.call('DEL', KEYS[1])
return redis.call('ZREM', KEYS[2], ARGV[3])`;

// KEYS: the expiry set. ARGV: now, the key prefix. Claims users whose latest expiry passed and
// who have no live connection left (a later touch moved their score on), at most 200 a sweep.
const SWEEP = `
local gone = {}
for _, user in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 200)) do
  local alive = false
  for _, v in ipairs(redis.call('HVALS', ARGV[2] .. user)) do if tonumber(v) > tonumber(ARGV[1]) then alive = true break end end
  if not alive then
    redis.call('DEL', ARGV[2] .. user)
    redis.call('ZREM', KEYS[1], user)
    table.insert(gone, user)
  end
end
return gone`;

/** Shared by every gateway through Redis: one gateway's users are online on all of them. */
export function redisPresence(redis: Redis, now: () => number = Date.now): PresenceStore {
  return {
    async touch(userId, connection, ttlMs) {
      const at = now();
      return (await redis.eval(TOUCH, 2, userKey(userId), EXPIRY, connection, String(at + ttlMs), String(at), String(ttlMs), userId)) === 1;
    },
    async leave(userId, connection) {
      return (await redis.eval(LEAVE, 2, userKey(userId), EXPIRY, connection, String(now()), userId)) === 1;
    },
    async online(userIds) {
      if (userIds.length === 0) return new Set();
      const pipeline = redis.pipeline();
      for (const userId of userIds) pipeline.hvals(userKey(userId));
      const answers = (await pipeline.exec()) ?? [];
      const at = now();
      return new Set(userIds.filter((_, i) => {
        const [error, values] = answers[i] ?? [];
        return !error && (values as string[]).some((v) => Number(v) > at);
      }));
    },
    async sweep() {
      return (await redis.eval(SWEEP, 1, EXPIRY, String(now()), 'presence:user:')) as string[];
    },
  };
}
