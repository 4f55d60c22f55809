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
   * Stores each test case's input and expected output (UTF-8), one file at a time (the request
   * is in memory already; no more than one more copy of a file at once).
   * @returns the test cases by hash, in order; `answerHash` null where `expectedOutput` is null.
   * @throws DependencyUnavailableError('MongoDB') when the store is unreachable: files stored
   *   before the failure stay, unreferenced, for the inline test data collector (src/retention).
   */
  async store(testCases: readonly TestCaseData[]): Promise<TestCaseRef[]> {
    const refs: TestCaseRef[] = [];
    for (const tc of testCases) {
      const input = await this.put(tc.input);
      const answer = tc.expectedOutput === null ? null : await this.put(tc.expectedOutput);
      refs.push({
        inputHash: input.hash,
        inputBytes: input.sizeBytes,
        answerHash: answer?.hash ?? null,
        answerBytes: answer?.sizeBytes ?? 0,
      });
    }
    return refs;
  }

  private put(text: string): Promise<{ hash: string; sizeBytes: number }> {
    return this.files.putInline(Buffer.from(text, 'utf8'));
  }
}
