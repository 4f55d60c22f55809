import { isTestCaseRef, type StoredTestCase } from './submission-records.js';
import type { TestCaseRecord } from './submission.schema.js';

/**
 * The record of an inline test case: only its shape's fields (hashes and sizes, or text), so a
 * document never mixes the two.
 */
export function testCaseRecordOf(testCase: StoredTestCase): TestCaseRecord {
  if (isTestCaseRef(testCase)) {
    return {
      inputHash: testCase.inputHash,
      inputBytes: testCase.inputBytes,
      answerHash: testCase.answerHash,
      answerBytes: testCase.answerBytes,
    };
  }
  return { input: testCase.input, expectedOutput: testCase.expectedOutput };
}

/**
 * An inline test case as read from a document, in whichever shape it was stored: by hash when it
 * has `inputHash` (a missing `answerHash` means no expected output), else as text (a missing
 * `input` is the empty input, a missing `expectedOutput` none).
 */
export function storedTestCaseOf(row: TestCaseRecord): StoredTestCase {
  if (typeof row.inputHash === 'string') {
    return {
      inputHash: row.inputHash,
      inputBytes: row.inputBytes ?? 0,
      answerHash: row.answerHash ?? null,
      answerBytes: row.answerBytes ?? 0,
    };
  }
  return { input: row.input ?? '', expectedOutput: row.expectedOutput ?? null };
}
