import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Deletes KEYS[1] only while it still holds ARGV[1] (this holder's token), so an expired lease never frees a newer holder's. */
const RELEASE_LUA = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/** A held lease: release it when the work it guards is done. */
export interface RedisLease {
  /** Frees the lease if this holder still has it. @throws what ioredis throws when Redis is unreachable. */
  release(): Promise<void>;
}

/**
 * Takes the lease `key` for at most `ttlMs` (SET NX PX with a random token): mutual exclusion
 * across every process sharing the Redis, for work that must not run twice at once. The TTL bounds
 * how long a crashed holder blocks the next one.
 * @returns the lease, or null when another holder has it.
 * @throws what ioredis throws when Redis is unreachable (wrap in callDependency).
 */
export async function acquireRedisLease(redis: Redis, key: string, ttlMs: number): Promise<RedisLease | null> {
  const token = randomBytes(12).toString('hex');
  const taken = await redis.set(key, token, 'PX', ttlMs, 'NX');
  if (taken !== 'OK') return null;
  return {
    release: async () => {
      await redis.eval(RELEASE_LUA, 1, key, token);
    },
  };
}
