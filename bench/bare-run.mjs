// A program run without any sandbox, as `child_process.spawn` starts it: the baseline the
// sandbox's overhead and the machine's own throughput limit are measured against.
import { spawn } from 'node:child_process';

/**
 * Runs `argv` in `cwd` with `stdin` and waits for it to close.
 * @param {string[]} argv
 * @param {{ stdin?: string, cwd?: string }} [options]
 * @returns {Promise<{ ms: number, code: number | null, stdout: string, stderr: string }>} wall time from spawn to close, ms
 */
export function runBare(argv, { stdin = '', cwd } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.stdin.on('error', () => undefined); // a program may exit before reading its input
    child.stdin.end(stdin);
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, code, stdout, stderr }));
  });
}
