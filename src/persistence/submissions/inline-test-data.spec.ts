import { describe, expect, it } from 'vitest';
import { MemoryTestDataStore, sha256 } from '../../../test/support/problem-fakes.js';
import { InlineTestData } from './inline-test-data.js';

describe('InlineTestData', () => {
  it('stores each distinct file once, writes only the ones not stored yet, and stamps every one as used inline', async () => {
    const store = new MemoryTestDataStore();
    const known = store.put('3\n');
    const refs = await new InlineTestData(store).store([
      { input: '1 2\n', expectedOutput: '3\n' },
      { input: '1 2\n', expectedOutput: null },
      { input: 'é\n', expectedOutput: '3\n' },
    ]);
    expect(refs).toEqual([
      { inputHash: sha256('1 2\n'), inputBytes: 4, answerHash: known, answerBytes: 2 },
      { inputHash: sha256('1 2\n'), inputBytes: 4, answerHash: null, answerBytes: 0 },
      { inputHash: sha256('é\n'), inputBytes: 3, answerHash: known, answerBytes: 2 },
    ]);
    expect(store.uploads).toBe(2);
    expect(store.files.get(sha256('é\n'))?.toString('utf8')).toBe('é\n');
    expect([...store.inlineUsedAt.keys()].sort()).toEqual([sha256('1 2\n'), sha256('é\n'), known].sort());
  });

  it('finds and stamps the stored files in one call, whatever their number', async () => {
    const store = new MemoryTestDataStore();
    for (let i = 0; i < 20; i++) store.put(`file ${i}`);
    const cases = Array.from({ length: 10 }, (_, i) => ({ input: `file ${2 * i}`, expectedOutput: `file ${2 * i + 1}` }));
    await new InlineTestData(store).store(cases);
    expect(store.stampCalls).toBe(1);
    expect(store.inlineUsedAt.size).toBe(20);
    expect(store.uploads).toBe(0);
  });
});
