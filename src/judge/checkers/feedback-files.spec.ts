import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFeedbackFile } from './feedback-files.js';

describe('readFeedbackFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'feedback-'));
  writeFileSync(join(dir, 'judgemessage.txt'), 'wrong sum on line 3\n');
  writeFileSync(join(dir, 'secret'), 'top secret');
  symlinkSync(join(dir, 'secret'), join(dir, 'teammessage.txt'));
  symlinkSync('/etc/passwd', join(dir, 'score.txt'));

  it('reads a regular file, bounded', async () => {
    expect(await readFeedbackFile(dir, 'judgemessage.txt', 1000)).toBe('wrong sum on line 3\n');
    expect(await readFeedbackFile(dir, 'judgemessage.txt', 5)).toBe('wrong');
  });

  it('never follows a symlink', async () => {
    expect(await readFeedbackFile(dir, 'teammessage.txt', 1000)).toBeNull();
    expect(await readFeedbackFile(dir, 'score.txt', 1000)).toBeNull();
  });

  it('returns null for a missing file and for a directory', async () => {
    expect(await readFeedbackFile(dir, 'nothing.txt', 1000)).toBeNull();
    expect(await readFeedbackFile(tmpdir(), '.', 1000)).toBeNull();
  });
});
