import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { toCursorPage, type CursorPage, type PageRequest } from '../../src/common/cursor-page.js';
import { DuplicateSlugError } from '../../src/persistence/problems/duplicate-slug.error.js';
import { fileHashesOf, type ProblemData, type StoredProblem } from '../../src/persistence/problems/problem-records.js';
import type { ProblemsRepository } from '../../src/persistence/problems/problems.repository.js';
import type { StoredTestFile, TestDataStore } from '../../src/persistence/test-data/test-data.store.js';
import { TestDataMissingError } from '../../src/persistence/test-data/test-data-missing.error.js';

/** SHA-256 of `data`, lowercase hex (how the test data store names files). */
export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * An in-memory TestDataStore for unit tests: files by SHA-256. `uploads` counts the files actually
 * written (a file already stored is not written again), `failPutAfter` makes the n+1-th upload throw,
 * `downloads` counts the files read back (`openReadStream`).
 */
export class MemoryTestDataStore implements TestDataStore {
  readonly files = new Map<string, Buffer>();
  uploads = 0;
  downloads = 0;
  failPutAfter = Number.POSITIVE_INFINITY;

  /** Stores `text` directly (not counted as an upload). @returns its hash. */
  put(text: string): string {
    const hash = sha256(text);
    this.files.set(hash, Buffer.from(text));
    return hash;
  }

  async putFile(path: string, hash: string, sizeBytes: number): Promise<boolean> {
    if (this.files.has(hash)) return false;
    const data = await readFile(path);
    if (sha256(data) !== hash || data.length !== sizeBytes)
      throw new Error(`putFile(${path}): the file does not have hash ${hash} and ${sizeBytes} bytes`);
    this.store(hash, data);
    return true;
  }

  async putBuffer(data: Buffer): Promise<StoredTestFile> {
    const hash = sha256(data);
    if (!this.files.has(hash)) this.store(hash, Buffer.from(data));
    return { hash, sizeBytes: data.length };
  }

  async missing(hashes: readonly string[]): Promise<string[]> {
    return hashes.filter((h) => !this.files.has(h));
  }

  async stat(hash: string): Promise<StoredTestFile | null> {
    const data = this.files.get(hash);
    return data ? { hash, sizeBytes: data.length } : null;
  }

  async openReadStream(hash: string): Promise<Readable> {
    const data = this.files.get(hash);
    if (!data) throw new TestDataMissingError(hash);
    this.downloads++;
    return Readable.from([data]);
  }

  async delete(hash: string): Promise<void> {
    this.files.delete(hash);
    this.inlineUsedAt.delete(hash);
  }

  /** When each file was last stored for an inline test case (putInline). */
  readonly inlineUsedAt = new Map<string, Date>();

  async putInline(data: Buffer): Promise<StoredTestFile> {
    const stored = await this.putBuffer(data);
    this.inlineUsedAt.set(stored.hash, new Date());
    return stored;
  }

  /** How many times `stampInline` was called. */
  stampCalls = 0;

  async stampInline(hashes: readonly string[]): Promise<Set<string>> {
    this.stampCalls++;
    const stored = new Set(hashes.filter((hash) => this.files.has(hash)));
    for (const hash of stored) this.inlineUsedAt.set(hash, new Date());
    return stored;
  }

  async inlineCandidates(usedBefore: Date, afterHash: string | null, limit: number): Promise<string[]> {
    return [...this.inlineUsedAt]
      .filter(([h, at]) => at < usedBefore && (afterHash === null || h > afterHash))
      .map(([h]) => h)
      .sort()
      .slice(0, limit);
  }

  async inlineUsed(hashes: readonly string[]): Promise<Set<string>> {
    return new Set(hashes.filter((h) => this.inlineUsedAt.has(h)));
  }

  async deleteInlineUnusedSince(hash: string, usedBefore: Date): Promise<boolean> {
    const at = this.inlineUsedAt.get(hash);
    if (!at || at >= usedBefore) return false;
    await this.delete(hash);
    return true;
  }

  private store(hash: string, data: Buffer): void {
    if (this.uploads >= this.failPutAfter) throw new Error('the store failed (as the test asked)');
    this.uploads++;
    this.files.set(hash, data);
  }
}

/**
 * An in-memory ProblemsRepository for unit tests (the methods the API's problem services use), with
 * the real one's rules: unique slugs (DuplicateSlugError), `revision` + 1 per replace, ids that grow
 * with creation (24 hex digits), newest first listing.
 */
export class MemoryProblemsRepository {
  readonly problems = new Map<string, StoredProblem>();
  private next = 0x6650_0000;

  /** This fake where a ProblemsRepository is expected. */
  asRepository(): ProblemsRepository {
    return this as unknown as ProblemsRepository;
  }

  async create(data: ProblemData): Promise<StoredProblem> {
    this.checkSlug(data.slug);
    const now = new Date();
    const id = (this.next++).toString(16).padStart(24, '0');
    const stored: StoredProblem = {
      ...structuredClone(data),
      id,
      revision: 1,
      testCount: countTests(data),
      createdAt: now,
      updatedAt: now,
    };
    this.problems.set(id, stored);
    return structuredClone(stored);
  }

  async find(id: string): Promise<StoredProblem | null> {
    const problem = this.problems.get(id);
    return problem ? structuredClone(problem) : null;
  }

  async list(page: PageRequest): Promise<CursorPage<StoredProblem>> {
    const rows = [...this.problems.values()]
      .filter((p) => !page.beforeId || p.id < page.beforeId)
      .sort((a, b) => (a.id < b.id ? 1 : -1))
      .slice(0, page.limit + 1);
    return toCursorPage(
      rows,
      page,
      (p) => p.id,
      (p) => structuredClone(p),
    );
  }

  async replace(id: string, data: ProblemData): Promise<StoredProblem | null> {
    const before = this.problems.get(id);
    if (!before) return null;
    this.checkSlug(data.slug, id);
    const stored: StoredProblem = {
      ...structuredClone(data),
      id,
      revision: before.revision + 1,
      testCount: countTests(data),
      createdAt: before.createdAt,
      updatedAt: new Date(),
    };
    this.problems.set(id, stored);
    return structuredClone(stored);
  }

  async remove(id: string): Promise<boolean> {
    return this.problems.delete(id);
  }

  async hashesInUse(hashes: readonly string[], exceptId?: string): Promise<Set<string>> {
    const used = new Set<string>();
    for (const p of this.problems.values()) {
      if (p.id === exceptId) continue;
      for (const h of fileHashesOf(p.groups)) if (hashes.includes(h)) used.add(h);
    }
    return used;
  }

  async hashesOwnedBy(hashes: readonly string[], ownerKeyId: string): Promise<Set<string>> {
    const owned = new Set<string>();
    for (const p of this.problems.values()) {
      if ((p.ownerKeyId ?? null) !== ownerKeyId) continue;
      for (const h of fileHashesOf(p.groups)) if (hashes.includes(h)) owned.add(h);
    }
    return owned;
  }

  private checkSlug(slug: string, exceptId?: string): void {
    for (const p of this.problems.values()) if (p.slug === slug && p.id !== exceptId) throw new DuplicateSlugError(slug);
  }
}

function countTests(data: ProblemData): number {
  return data.groups.reduce((n, g) => n + g.testCases.length, 0);
}
