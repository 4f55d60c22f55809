import { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { ProblemsRepository } from '../persistence/problems/problems.repository.js';
import type { TestDataStore } from '../persistence/test-data/test-data.store.js';

/**
 * The test data files one problem write (create, replace, import) stores, so that the write
 * can make sure they are all there once the problem document is saved, and remove the ones it
 * added if it fails. Order of a write: files first (by hash), the problem document last, then
 * `confirm()`; on failure `discard()`.
 */
export class TestDataWriter {
  private readonly logger = new Logger('TestData');
  /** How to store each file again, by hash (the bytes are still at hand: memory or a temp file). */
  private readonly sources = new Map<string, () => Promise<unknown>>();
  /** Hashes this write uploaded (not already stored). */
  private readonly added = new Set<string>();

  constructor(
    private readonly store: TestDataStore,
    private readonly problems: ProblemsRepository,
  ) {}

  /** Stores a file from a host path (a temp file of an import). */
  async putFile(path: string, hash: string, sizeBytes: number): Promise<void> {
    const put = async () => {
      if (await this.store.putFile(path, hash, sizeBytes)) this.added.add(hash);
    };
    this.sources.set(hash, put);
    await put();
  }

  /** Stores bytes given inline. @returns the hash and size. */
  async putBuffer(data: Buffer): Promise<{ hash: string; sizeBytes: number }> {
    const hash = createHash('sha256').update(data).digest('hex');
    const put = async () => {
      if (await this.store.stat(hash)) return;
      await this.store.putBuffer(data);
      this.added.add(hash);
    };
    this.sources.set(hash, put);
    await put();
    return { hash, sizeBytes: data.length };
  }

  /**
   * After the problem document is saved: stores again any file that vanished meanwhile (a
   * concurrent delete of another problem collected it as unused before this document existed).
   */
  async confirm(): Promise<void> {
    const missing = await this.store.missing([...this.sources.keys()]);
    for (const hash of missing) {
      this.logger.warn({ hash }, 'test data file vanished while its problem was saved; storing it again');
      await this.sources.get(hash)!();
    }
  }

  /** The write failed: removes the files it added that no problem uses. Never throws. */
  async discard(): Promise<void> {
    try {
      await collectUnusedTestData(this.store, this.problems, [...this.added]);
    } catch (err) {
      this.logger.error({ err, files: this.added.size }, 'could not remove the test data of a failed problem write; they stay as orphans');
    }
  }
}

/**
 * Deletes the files among `hashes` that no problem (other than `exceptProblemId`) uses and no inline
 * test case stored (putInline): those are the inline test data collector's to delete.
 * @returns how many were deleted.
 */
export async function collectUnusedTestData(
  store: TestDataStore,
  problems: ProblemsRepository,
  hashes: readonly string[],
  exceptProblemId?: string,
): Promise<number> {
  if (hashes.length === 0) return 0;
  const inUse = await problems.hashesInUse(hashes, exceptProblemId);
  // Files inline test cases stored too are left to the inline test data collector (src/retention).
  const inline = await store.inlineUsed(hashes.filter((h) => !inUse.has(h)));
  let deleted = 0;
  for (const hash of hashes) {
    if (inUse.has(hash) || inline.has(hash)) continue;
    await store.delete(hash);
    deleted++;
  }
  return deleted;
}
