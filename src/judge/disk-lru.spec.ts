import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DiskLru } from './disk-lru.js';
import { scanEntries } from './disk-usage.js';

/** An LRU over a budget of `budget` bytes recording what it removes. */
function lru(budget: number) {
  const removed: string[] = [];
  const cache = new DiskLru('spec', budget, async (key) => {
    removed.push(key);
  });
  return { cache, removed };
}

/** Leases `key`, records it with `bytes`, and releases the lease. */
async function use(cache: DiskLru, key: string, bytes: number): Promise<void> {
  const lease = await cache.lease(key);
  await cache.record(key, bytes);
  lease.release();
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('DiskLru', () => {
  it('evicts least recently used first once a record pushes the total over the budget', async () => {
    const { cache, removed } = lru(100);
    await use(cache, 'a', 40);
    await use(cache, 'b', 40);
    // Using a again makes b the least recently used.
    (await cache.lease('a')).release();
    expect(removed).toEqual([]);
    await use(cache, 'c', 40);
    expect(removed).toEqual(['b']);
    expect(cache.keys()).toEqual(['a', 'c']);
    expect(cache.totalBytes).toBe(80);
  });

  it('keeps the total within the budget when nothing is in use', async () => {
    const { cache } = lru(1000);
    for (let i = 0; i < 50; i++) await use(cache, `k${i}`, 97);
    expect(cache.totalBytes).toBeLessThanOrEqual(1000);
    expect(cache.keys()).toEqual(['k40', 'k41', 'k42', 'k43', 'k44', 'k45', 'k46', 'k47', 'k48', 'k49']);
  });

  it('never evicts an entry in use; evicts it after its last lease is released', async () => {
    const { cache, removed } = lru(100);
    const held = await cache.lease('old');
    const second = await cache.lease('old');
    await cache.record('old', 60);
    await use(cache, 'new', 60);
    // old is the least recently used but held: new (unleased) goes instead.
    expect(removed).toEqual(['new']);
    expect(cache.has('old')).toBe(true);
    held.release();
    held.release(); // idempotent: the second lease still holds it
    await cache.evict();
    expect(cache.has('old')).toBe(true);
    const other = await cache.lease('x');
    await cache.record('x', 60);
    expect(removed).toEqual(['new']);
    second.release();
    await cache.evict();
    expect(removed).toEqual(['new', 'old']);
    other.release();
    expect(cache.keys()).toEqual(['x']);
  });

  it('an entry larger than the whole budget stays while used, and is dropped when released', async () => {
    const { cache, removed } = lru(100);
    await use(cache, 'small', 10);
    const lease = await cache.lease('huge');
    await cache.record('huge', 500);
    expect(cache.has('huge')).toBe(true);
    expect(removed).toEqual(['small']);
    expect(cache.totalBytes).toBe(500);
    lease.release();
    await cache.evict();
    expect(removed).toEqual(['small', 'huge']);
    expect(cache.totalBytes).toBe(0);
  });

  it('forgets a lease whose fetch failed (nothing recorded, nothing removed)', async () => {
    const { cache, removed } = lru(100);
    (await cache.lease('failed')).release();
    await cache.evict();
    expect(cache.keys()).toEqual([]);
    expect(removed).toEqual([]);
  });

  it('a new lease waits for a removal of its key under way', async () => {
    let finish!: () => void;
    const events: string[] = [];
    const cache = new DiskLru('spec', 10, (key) => {
      events.push(`remove ${key}`);
      return new Promise<void>((resolve) => (finish = resolve)).then(() => void events.push(`removed ${key}`));
    });
    await use(cache, 'a', 20).catch(() => undefined);
    const eviction = cache.evict();
    const leased = cache.lease('a').then(() => events.push('leased a'));
    await new Promise((r) => setTimeout(r, 10));
    expect(events).toEqual(['remove a']);
    finish();
    await Promise.all([eviction, leased]);
    expect(events).toEqual(['remove a', 'removed a', 'leased a']);
    expect(cache.has('a')).toBe(false);
  });

  it('restores order and sizes from a scan of the disk (mtime = last use) and evicts down to the budget at load', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'disk-lru-spec-'));
    dirs.push(dir);
    const entry = (name: string, bytes: number, mtimeS: number) => {
      mkdirSync(join(dir, name, 'sub'), { recursive: true });
      writeFileSync(join(dir, name, 'data'), Buffer.alloc(bytes));
      writeFileSync(join(dir, name, 'sub', 'more'), Buffer.alloc(1));
      utimesSync(join(dir, name), mtimeS, mtimeS);
    };
    entry('old', 50, 1000);
    entry('newest', 50, 3000);
    entry('mid', 50, 2000);
    mkdirSync(join(dir, '.tmp-1-x'));
    const scanned = await scanEntries(dir, (name) => (name.startsWith('.') ? null : name));
    expect(scanned.map((s) => [s.key, s.bytes]).sort()).toEqual([
      ['mid', 51],
      ['newest', 51],
      ['old', 51],
    ]);
    const { cache, removed } = lru(110);
    await cache.load(scanned);
    expect(removed).toEqual(['old']);
    expect(cache.keys()).toEqual(['mid', 'newest']);
    await use(cache, 'next', 10);
    expect(removed).toEqual(['old', 'mid']);
  });
});
