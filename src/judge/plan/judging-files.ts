import { readFile } from 'node:fs/promises';
import type { StdinSource } from '../../../libs/sandbox/index.js';
import type { FetchedFile, TestDataCache } from '../test-data-cache.js';
import type { PlannedTest, TestDataRef } from './judge-plan.js';

/** A test data file in the worker's cache: its host path, and whether it was there already. */
export interface CachedFile {
  path: string;
  hit: boolean;
}

/**
 * The test data files of one judging: each fetched into the worker's cache at most once per
 * judging (the first fetch of a hash is shared by every later use), counted for the judging's
 * `test data` log line. Each file stays leased in the cache (never evicted) until `release()`,
 * which the judging calls when it ends.
 */
export class JudgingFiles {
  private readonly fetched = new Map<string, Promise<FetchedFile>>();

  constructor(private readonly cache: Pick<TestDataCache, 'fetch' | 'dirOf'>) {}

  /**
   * The cached file of `hash`, fetching it on first use.
   * @throws TestDataMissingError when the store has no such file.
   */
  file(hash: string): Promise<CachedFile> {
    let pending = this.fetched.get(hash);
    if (!pending) {
      pending = this.cache.fetch(hash);
      this.fetched.set(hash, pending);
    }
    return pending;
  }

  /** Host directory holding the file of `hash` as `data` (what a custom validator gets mounted). */
  dirOf(hash: string): string {
    return this.cache.dirOf(hash);
  }

  /** Starts fetching `test`'s files in the background (an error shows when the test itself asks for them). */
  prefetch(test: PlannedTest): void {
    for (const ref of [test.input, test.answer]) {
      if (ref && 'hash' in ref) this.file(ref.hash).catch(() => undefined);
    }
  }

  /** stdin of a run: inline text, or the cached file for the sandbox to open (never read into memory). */
  async stdinOf(ref: TestDataRef): Promise<StdinSource> {
    if ('data' in ref) return { data: ref.data };
    return { file: (await this.file(ref.hash)).path };
  }

  /**
   * The text of `ref` in memory (an answer for the default validator: the output it is compared
   * with is bounded by the output limit, and an answer of 64 MiB or more is fine too).
   */
  async bytes(ref: TestDataRef): Promise<Buffer> {
    return 'data' in ref ? Buffer.from(ref.data, 'utf8') : readFile((await this.file(ref.hash)).path);
  }

  /**
   * Ends the leases on every file of this judging; call once, when the judging ends. Does not
   * wait: a prefetch still under way releases its file when it settles.
   */
  release(): void {
    for (const pending of this.fetched.values())
      pending.then(
        (f) => f.lease.release(),
        () => undefined,
      );
  }

  /** Files used so far. */
  get count(): number {
    return this.fetched.size;
  }

  /** How many of the files were on disk already (hits) and downloaded (misses); failed fetches count as neither. */
  async cacheCounts(): Promise<{ cacheHits: number; cacheMisses: number }> {
    let cacheHits = 0;
    let cacheMisses = 0;
    for (const pending of this.fetched.values()) {
      const got = await pending.catch(() => null);
      if (got?.hit) cacheHits++;
      else if (got) cacheMisses++;
    }
    return { cacheHits, cacheMisses };
  }
}
