import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRedisUrl } from '../redis/redis-url.js';
import { RedisThrottlerStorage } from './redis-throttler.storage.js';

// Needs a real Redis (REDIS_URL, set by `npm test` / scripts/with-services.mjs).
const url = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const prefix = `quota-spec-${process.pid}-${randomBytes(3).toString('hex')}`;
let first: Redis;
let second: Redis;

beforeAll(() => {
  first = new Redis(parseRedisUrl(url));
  second = new Redis(parseRedisUrl(url));
});

afterAll(async () => {
  const keys = await first.keys(`${prefix}:*`);
  if (keys.length > 0) await first.del(...keys);
  first.disconnect();
  second.disconnect();
});

const key = (): string => `k${randomBytes(4).toString('hex')}`;

describe('RedisThrottlerStorage', () => {
  it('lets `limit` hits through per window, refuses the next with the seconds until the window resets, and counts no refused hit', async () => {
    const storage = new RedisThrottlerStorage(first, prefix);
    const k = key();
    for (let i = 1; i <= 3; i++) {
      expect(await storage.increment(k, 60_000, 3, 0, 'x')).toMatchObject({ totalHits: i, isBlocked: false, timeToBlockExpire: 0 });
    }
    const refused = await storage.increment(k, 60_000, 3, 0, 'x');
    expect(refused.isBlocked).toBe(true);
    expect(refused.totalHits).toBe(3);
    expect(refused.timeToBlockExpire).toBeGreaterThanOrEqual(59);
    expect(refused.timeToBlockExpire).toBeLessThanOrEqual(60);
    expect(await first.get(`${prefix}:${k}`)).toBe('3');
  });

  it('writes only keys that expire: the window with it, the block with the block', async () => {
    const storage = new RedisThrottlerStorage(first, prefix);
    const k = key();
    await storage.increment(k, 5_000, 1, 0, 'x');
    const windowTtl = await first.pttl(`${prefix}:${k}`);
    expect(windowTtl).toBeGreaterThan(0);
    expect(windowTtl).toBeLessThanOrEqual(5_000);
    await storage.increment(k, 5_000, 1, 30_000, 'x');
    const blockTtl = await first.pttl(`${prefix}:${k}:block`);
    expect(blockTtl).toBeGreaterThan(25_000);
    expect(blockTtl).toBeLessThanOrEqual(30_000);
    const blocked = await storage.increment(k, 5_000, 1, 30_000, 'x');
    expect(blocked).toMatchObject({ isBlocked: true });
    expect(blocked.timeToBlockExpire).toBeGreaterThan(25);
  });

  it('starts a new window once the old one expired', async () => {
    const storage = new RedisThrottlerStorage(first, prefix);
    const k = key();
    expect((await storage.increment(k, 300, 1, 0, 'x')).isBlocked).toBe(false);
    expect((await storage.increment(k, 300, 1, 0, 'x')).isBlocked).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await storage.increment(k, 300, 1, 0, 'x')).toMatchObject({ isBlocked: false, totalHits: 1 });
  });

  it('counts a request for `cost` hits, refusing one that does not fit whole without counting it', async () => {
    const storage = new RedisThrottlerStorage(first, prefix);
    const k = key();
    expect(await storage.increment(k, 60_000, 5, 60_000, 'x', 3)).toMatchObject({ totalHits: 3, isBlocked: false });
    expect(await storage.increment(k, 60_000, 5, 0, 'x', 3)).toMatchObject({ totalHits: 3, isBlocked: true });
    expect(await storage.increment(k, 60_000, 5, 0, 'x', 2)).toMatchObject({ totalHits: 5, isBlocked: false });
    // A request costing more than the limit is refused and blocks nothing.
    const k2 = key();
    expect((await storage.increment(k2, 60_000, 2, 60_000, 'x', 3)).isBlocked).toBe(true);
    expect(await first.exists(`${prefix}:${k2}:block`)).toBe(0);
    expect((await storage.increment(k2, 60_000, 2, 60_000, 'x', 1)).isBlocked).toBe(false);
  });

  it('shares one count between connections (API processes) and never lets more than the limit through under concurrent hits', async () => {
    const a = new RedisThrottlerStorage(first, prefix);
    const b = new RedisThrottlerStorage(second, prefix);
    const k = key();
    const hits = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? a : b).increment(k, 60_000, 37, 0, 'x')));
    expect(hits.filter((h) => !h.isBlocked)).toHaveLength(37);
    expect(await first.get(`${prefix}:${k}`)).toBe('37');
  });

  it('throws when Redis is unreachable (the guard turns it into 503, or lets the request rate through)', async () => {
    const down = new Redis({ port: 1, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    await expect(new RedisThrottlerStorage(down, prefix).increment(key(), 1000, 1, 0, 'x')).rejects.toThrow();
    down.disconnect();
  });
});
