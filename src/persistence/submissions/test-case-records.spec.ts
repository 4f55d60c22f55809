import { describe, expect, it } from 'vitest';
import { isTestCaseRef, testCaseHashesOf } from './submission-records.js';
import { storedTestCaseOf, testCaseRecordOf } from './test-case-records.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

describe('inline test case records', () => {
  it('a test case by hash is stored with only its hashes and sizes, and read back the same', () => {
    const ref = { inputHash: A, inputBytes: 10, answerHash: B, answerBytes: 3 };
    const record = testCaseRecordOf(ref);
    expect(record).toEqual(ref);
    expect(record).not.toHaveProperty('input');
    expect(storedTestCaseOf(record)).toEqual(ref);
    expect(isTestCaseRef(storedTestCaseOf(record))).toBe(true);
  });

  it('no expected output: answerHash null (or absent in the document)', () => {
    expect(storedTestCaseOf({ inputHash: A, inputBytes: 1 })).toEqual({ inputHash: A, inputBytes: 1, answerHash: null, answerBytes: 0 });
  });

  it('an older document holds text: read as text, missing fields as empty input and no expected output', () => {
    expect(storedTestCaseOf({ input: '1 2\n', expectedOutput: '3\n' })).toEqual({ input: '1 2\n', expectedOutput: '3\n' });
    expect(storedTestCaseOf({})).toEqual({ input: '', expectedOutput: null });
    expect(testCaseRecordOf({ input: 'x', expectedOutput: null })).toEqual({ input: 'x', expectedOutput: null });
  });

  it('fileHashes: the distinct hashes of the test cases by hash, none for text', () => {
    expect(
      testCaseHashesOf([
        { inputHash: A, inputBytes: 1, answerHash: B, answerBytes: 1 },
        { inputHash: B, inputBytes: 1, answerHash: null, answerBytes: 0 },
        { input: 'x', expectedOutput: 'y' },
      ]),
    ).toEqual([A, B]);
  });
});
