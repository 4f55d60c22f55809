import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Box } from './box.js';

/**
 * For the sandbox's integration specs: compiles a trusted C fixture (ours, not a submission) with
 * the host's gcc into `box` as `name`, with `-O1` and `flags` before the source (read from stdin).
 * @throws Error with gcc's output when it does not compile.
 */
export function compileInto(box: Box, name: string, source: string, flags: readonly string[] = []): void {
  const dir = mkdtempSync(join(tmpdir(), 'verdict-fixture-'));
  try {
    execFileSync('gcc', ['-O1', ...flags, '-x', 'c', '-o', join(box.hostPath, name), '-'], { input: source, cwd: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
