import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';

/**
 * One hit, atomically: KEYS[1] counts the window's hits (expires with the window), KEYS[2] marks a
 * block (expires with it). ARGV: window ms, limit, block ms (0: refused until the window ends), cost.
 * A refused hit does not count. Returns {hits, window ms left, blocked 0|1, block ms left}.
 */
const HIT_LUA = `
local blockLeft = redis.call('PTTL', KEYS[2])
if blockLeft > 0 then
  local held = tonumber(redis.call('GET', KEYS[1]) or '0')
  local left = redis.call('PTTL', KEYS[1])
  if left < 0 then left = 0 end
  return {held, left, 1, blockLeft}
end
local cost = tonumber(ARGV[4])
local hits = redis.call('INCRBY', KEYS[1], cost)
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
if hits > tonumber(ARGV[2]) then
  hits = redis.call('DECRBY', KEYS[1], cost)
  local blockMs = tonumber(ARGV[3])
  if blockMs > 0 and cost <= tonumber(ARGV[2]) then
    redis.call('SET', KEYS[2], '1', 'PX', blockMs)
  else
    blockMs = left
  end
  return {hits, left, 1, blockMs}
end
return {hits, left, 0, 0}
`;

/** What one counted hit found, the @nestjs/throttler record (times in whole seconds, rounded up). */
export interface QuotaHit {
  /** Hits counted in the current window, this one included when it was let through. */
  totalHits: number;
  /** Seconds until the window's count resets. */
  timeToExpire: number;
  /** Whether this hit was refused. */
  isBlocked: boolean;
  /** Seconds until a refused caller may try again (0 when not refused): the Retry-After. */
  timeToBlockExpire: number;
}

/**
 * @nestjs/throttler storage in Redis, shared by every API process on the same Redis: a fixed window
 * per key (`INCRBY` + `PEXPIRE` in one Lua script, so concurrent hits from several processes never
 * race), plus an optional block after the limit is passed. Every key it writes expires (with the
 * window or the block), so Redis holds nothing unbounded. Keys are `<prefix>:<key>` and
 * `<prefix>:<key>:block`.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  /**
   * @param redis a fail-fast command connection (REDIS_CLIENT).
   * @param prefix namespace of the keys, e.g. `verdict:quota`.
   */
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /**
   * Counts one hit of `key` (`cost` hits: a Judge0 batch counts each submission), or refuses it.
   * @param ttl window length, ms (> 0).
   * @param limit most hits a window lets through.
   * @param blockDuration how long a caller over the limit is refused, ms; 0: until the window ends. A
   *   single request costing more than `limit` is refused until the window ends and blocks nothing.
   * @param _throttlerName unused: the name is part of `key`.
   * @param cost hits this request counts for (a positive integer; default 1).
   * @throws what ioredis throws when Redis is unreachable (the caller maps it to 503).
   */
  async increment(key: string, ttl: number, limit: number, blockDuration: number, _throttlerName: string, cost = 1): Promise<QuotaHit> {
    const fullKey = `${this.prefix}:${key}`;
    const reply = (await this.redis.eval(
      HIT_LUA,
      2,
      fullKey,
      `${fullKey}:block`,
      String(Math.max(1, Math.ceil(ttl))),
      String(limit),
      String(Math.max(0, Math.ceil(blockDuration))),
      String(Math.max(1, Math.floor(cost))),
    )) as [number, number, number, number];
    const [hits, windowLeftMs, blocked, blockLeftMs] = reply.map(Number);
    return {
      totalHits: hits,
      timeToExpire: Math.ceil(windowLeftMs / 1000),
      isBlocked: blocked === 1,
      timeToBlockExpire: blocked === 1 ? Math.max(1, Math.ceil(blockLeftMs / 1000)) : 0,
    };
  }
}
