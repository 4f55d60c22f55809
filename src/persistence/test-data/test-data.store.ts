import type { Readable } from 'node:stream';

/** A file of test data as stored: its SHA-256 (lowercase hex) and size. */
export interface StoredTestFile {
  hash: string;
  sizeBytes: number;
}

/** Injection token of the process's `TestDataStore`. */
export const TEST_DATA_STORE = Symbol('TEST_DATA_STORE');

/** A SHA-256 digest as the store names files: 64 lowercase hex digits. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Content-addressed storage of test data (inputs, answers), keyed by SHA-256. Storing the same
 * bytes twice stores them once. A file becomes visible under its hash only once it is complete,
 * so a reader never sees a partial file. Implementation: MongoTestDataStore.
 *
 * Every method throws DependencyUnavailableError when the backing store is unreachable.
 */
export interface TestDataStore {
  /**
   * Stores the file at host path `path` (read as a stream, never whole in memory) unless a file
   * with `hash` is already stored.
   * @param hash the file's SHA-256, computed by the caller while writing it.
   * @returns whether it was uploaded (false: it was already there).
   */
  putFile(path: string, hash: string, sizeBytes: number): Promise<boolean>;
  /** Stores `data` (small files, e.g. test cases given inline as JSON). */
  putBuffer(data: Buffer): Promise<StoredTestFile>;
  /** The hashes among `hashes` that are not stored. */
  missing(hashes: readonly string[]): Promise<string[]>;
  /** Size of the stored file, or null when there is none. */
  stat(hash: string): Promise<StoredTestFile | null>;
  /**
   * The file's bytes as a stream.
   * @throws TestDataMissingError when no file has this hash.
   */
  openReadStream(hash: string): Promise<Readable>;
  /** Deletes the file (every copy of it). Deleting a missing file is not an error. */
  delete(hash: string): Promise<void>;
  /**
   * Stores `data` for an inline test case of a submission (like `putBuffer`) and stamps the file
   * as used inline now (`inlineUsedAt`), even when it was stored already: the test data collector
   * (src/retention) considers only files so stamped, and none used within its grace period.
   */
  putInline(data: Buffer): Promise<StoredTestFile>;
  /**
   * Stamps the stored files among `hashes` as used inline now, as `putInline` does, without their
   * bytes: one write for all of them (and one read when some are not stored).
   * @returns the hashes among `hashes` whose files are stored, now stamped; store the others with `putInline`.
   */
  stampInline(hashes: readonly string[]): Promise<Set<string>>;
  /**
   * Hashes of files stamped as used inline last before `usedBefore`, in hash order after `afterHash`
   * (null: from the start), at most `limit`: the collector's candidates.
   */
  inlineCandidates(usedBefore: Date, afterHash: string | null, limit: number): Promise<string[]>;
  /** The hashes among `hashes` whose files are stamped as used inline (a problem's delete leaves them to the collector). */
  inlineUsed(hashes: readonly string[]): Promise<Set<string>>;
  /**
   * Deletes the file of `hash` if its inline stamp is still before `usedBefore` (no submission
   * stored it again meanwhile). @returns whether it was deleted.
   */
  deleteInlineUnusedSince(hash: string, usedBefore: Date): Promise<boolean>;
}
