import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { TEST_DATA_STORE, type TestDataStore } from '../test-data/test-data.store.js';
import type { TestCaseData, TestCaseRef } from './submission-records.js';

/**
 * Puts a new submission's inline test cases into the test data store (TestDataStore.putInline:
 * identical bytes are stored once, across test cases and submissions, and shared with problems),
 * so the submission document holds only hashes and sizes: every result a worker appends rewrites
 * the whole document on FerretDB, which must stay small.
 */
@Injectable()
export class InlineTestData {
  constructor(@Inject(TEST_DATA_STORE) private readonly files: TestDataStore) {}

  /**
   * Stores each test case's input and expected output (UTF-8). The files already stored are found
   * and stamped by their hashes alone, in one write for all of them (TestDataStore.stampInline: a
   * POST used to wait for one write per file, in turn); only the others are written, one at a time
   * (the request is in memory already; no more than one more copy of a file at once).
   * @returns the test cases by hash, in order; `answerHash` null where `expectedOutput` is null.
   * @throws DependencyUnavailableError('MongoDB') when the store is unreachable: files stored
   *   before the failure stay, unreferenced, for the inline test data collector (src/retention).
   */
  async store(testCases: readonly TestCaseData[]): Promise<TestCaseRef[]> {
    /** Each distinct file's text, by its hash (SHA-256 of its UTF-8 bytes, as the store names files). */
    const texts = new Map<string, string>();
    const fileOf = (text: string): { hash: string; sizeBytes: number } => {
      const hash = createHash('sha256').update(text, 'utf8').digest('hex');
      texts.set(hash, text);
      return { hash, sizeBytes: Buffer.byteLength(text, 'utf8') };
    };
    const refs = testCases.map((tc): TestCaseRef => {
      const input = fileOf(tc.input);
      const answer = tc.expectedOutput === null ? null : fileOf(tc.expectedOutput);
      return { inputHash: input.hash, inputBytes: input.sizeBytes, answerHash: answer?.hash ?? null, answerBytes: answer?.sizeBytes ?? 0 };
    });
    const stored = await this.files.stampInline([...texts.keys()]);
    for (const [hash, text] of texts) if (!stored.has(hash)) await this.files.putInline(Buffer.from(text, 'utf8'));
    return refs;
  }
}
