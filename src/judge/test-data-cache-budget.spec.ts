import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryTestDataStore } from '../../test/support/problem-fakes.js';
import type { SandboxConfig } from '../config/sandbox.config.js';
import { treeBytes } from './disk-usage.js';
import { TestDataCache } from './test-data-cache.js';

const KiB = 1024;
const BUDGET = 64 * KiB;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A test data cache with a budget of `budget` bytes in `workDir`, started. */
async function started(store: MemoryTestDataStore, workDir: string, budget = BUDGET): Promise<TestDataCache> {
  const cache = new TestDataCache(store, { workDir, diskCache: { testDataBytes: budget } } as SandboxConfig);
  await cache.onModuleInit();
  return cache;
}

/** Stores `count` distinct files of `bytes` bytes each. @returns their hashes. */
function files(store: MemoryTestDataStore, count: number, bytes: number, tag: string): string[] {
  return Array.from({ length: count }, (_, i) => store.put(`${tag} ${i} `.padEnd(bytes, 'x')));
}

function workDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cache-budget-spec-'));
  dirs.push(dir);
  return dir;
}

describe('TestDataCache byte budget', () => {
  it('keeps the bytes on disk within the budget while 10x the budget is fetched through it', async () => {
    const store = new MemoryTestDataStore();
    const dir = workDir();
    const cache = await started(store, dir);
    const hashes = files(store, 40, 16 * KiB, 'fill');
    for (const hash of hashes) {
      const got = await cache.fetch(hash);
      expect(readFileSync(got.path).length).toBe(16 * KiB);
      got.lease.release();
      expect(await treeBytes(join(dir, 'testdata'))).toBeLessThanOrEqual(BUDGET);
    }
    await new Promise((r) => setTimeout(r, 10));
    expect(await treeBytes(join(dir, 'testdata'))).toBeLessThanOrEqual(BUDGET);
    expect(cache.totalBytes).toBe(BUDGET);
    // The most recently used stay cached (no download); the oldest were evicted.
    expect(existsSync(cache.dirOf(hashes.at(-1)!))).toBe(true);
    expect(existsSync(cache.dirOf(hashes[0]!))).toBe(false);
    const before = store.downloads;
    (await cache.fetch(hashes.at(-1)!)).lease.release();
    expect(store.downloads).toBe(before);
  });

  it('never deletes a file a judging holds, even when fetches beyond the budget follow; an over-budget file is dropped after use', async () => {
    const store = new MemoryTestDataStore();
    const dir = workDir();
    const cache = await started(store, dir);
    const [held] = files(store, 1, 32 * KiB, 'held');
    const [huge] = files(store, 1, 3 * BUDGET, 'huge');
    const heldFile = await cache.fetch(held!);
    for (const hash of files(store, 10, 16 * KiB, 'later')) (await cache.fetch(hash)).lease.release();
    expect(readFileSync(heldFile.path).length).toBe(32 * KiB);
    const hugeFile = await cache.fetch(huge!);
    expect(readFileSync(hugeFile.path).length).toBe(3 * BUDGET);
    hugeFile.lease.release();
    await new Promise((r) => setTimeout(r, 10));
    expect(existsSync(hugeFile.path)).toBe(false);
    expect(existsSync(heldFile.path)).toBe(true);
    heldFile.lease.release();
    expect(await treeBytes(join(dir, 'testdata'))).toBeLessThanOrEqual(BUDGET);
  });

  it('after a restart, knows the sizes and order on disk and evicts the least recently used first', async () => {
    const store = new MemoryTestDataStore();
    const dir = workDir();
    const first = await started(store, dir, 1 << 30);
    const hashes = files(store, 6, 16 * KiB, 'restart');
    for (const hash of hashes) {
      (await first.fetch(hash)).lease.release();
      await new Promise((r) => setTimeout(r, 15));
    }
    // Used again last: it must survive the restart's eviction.
    (await first.fetch(hashes[0]!)).lease.release();
    await new Promise((r) => setTimeout(r, 15));
    const second = await started(store, dir);
    expect(second.totalBytes).toBe(BUDGET);
    expect(hashes.map((h) => existsSync(second.dirOf(h)))).toEqual([true, false, false, true, true, true]);
  });

  it("counts a file another worker sharing the directory cached after this one's start", async () => {
    const store = new MemoryTestDataStore();
    const dir = workDir();
    const ours = await started(store, dir);
    const theirs = await started(store, dir);
    const [hash] = files(store, 1, 16 * KiB, 'shared');
    (await theirs.fetch(hash!)).lease.release();
    const got = await ours.fetch(hash!);
    expect([got.hit, ours.totalBytes]).toEqual([true, 16 * KiB]);
    got.lease.release();
  });
});
