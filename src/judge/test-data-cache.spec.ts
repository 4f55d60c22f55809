import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { SandboxConfig } from '../config/sandbox.config.js';
import type { TestDataStore } from '../persistence/test-data/test-data.store.js';
import { TestDataMissingError } from '../persistence/test-data/test-data-missing.error.js';
import { TestDataCache } from './test-data-cache.js';

const sha = (data: string): string => createHash('sha256').update(data).digest('hex');

/** A store holding `files` (hash → bytes), counting downloads; `corrupt` serves other bytes. */
function store(files: Record<string, string>, corrupt = false) {
  const downloads: string[] = [];
  const s = {
    openReadStream: async (hash: string) => {
      if (!(hash in files)) throw new TestDataMissingError(hash);
      downloads.push(hash);
      return Readable.from([Buffer.from(corrupt ? 'tampered' : files[hash]!)]);
    },
  } as unknown as TestDataStore;
  return { s, downloads };
}

async function cacheWith(testStore: TestDataStore): Promise<TestDataCache> {
  const cache = new TestDataCache(testStore, {
    workDir: mkdtempSync(join(tmpdir(), 'cache-spec-')),
    diskCache: { testDataBytes: 1 << 30 },
  } as SandboxConfig);
  await cache.onModuleInit();
  return cache;
}

describe('TestDataCache', () => {
  const data = '1 2\n';
  const hash = sha(data);

  it('downloads a file once, read-only, then serves it from disk; concurrent requests share one download', async () => {
    const { s, downloads } = store({ [hash]: data });
    const cache = await cacheWith(s);
    const [a, b] = await Promise.all([cache.fetch(hash), cache.fetch(hash)]);
    expect(readFileSync(a.path, 'utf8')).toBe(data);
    expect(statSync(a.path).mode & 0o777).toBe(0o444);
    expect([a.hit, b.hit].sort()).toEqual([false, true]);
    expect((await cache.fetch(hash)).hit).toBe(true);
    expect(downloads).toEqual([hash]);
  });

  it('refuses bytes that do not match their hash, and caches nothing', async () => {
    const { s } = store({ [hash]: data }, true);
    const cache = await cacheWith(s);
    await expect(cache.fetch(hash)).rejects.toThrow(/is corrupt in the store/);
    const { s: good } = store({ [hash]: data });
    // A later good download works (nothing half-written was left under the hash).
    expect(readFileSync((await (await cacheWith(good)).fetch(hash)).path, 'utf8')).toBe(data);
  });

  it('reports a missing file as TestDataMissingError; refuses a name that is not a SHA-256', async () => {
    const cache = await cacheWith(store({}).s);
    await expect(cache.fetch(sha('absent'))).rejects.toBeInstanceOf(TestDataMissingError);
    await expect(cache.fetch('../../etc/passwd')).rejects.toThrow(/not a SHA-256/);
  });
});
