import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileInto } from './host-compiled-fixture.js';
import { RunStatus, Sandbox, type Box, type RunLimits, type SandboxSlot } from './index.js';

// The real sandbox with SandboxOptions.resident on (docs/resident-sandbox.md): bubblewrap, the
// launcher and verdict-resident from `npm run build`, cgroup v1. Runs as root.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const UID_BASE = 61500;

const limits: RunLimits = {
  cpuTimeMs: 2000,
  wallTimeMs: 4000,
  memoryKiB: 128 * 1024,
  stdoutBytes: 1 << 16,
  stderrBytes: 1 << 12,
  processes: 16,
  fileSizeBytes: 1 << 20,
  openFiles: 64,
  tmpBytes: 1 << 20,
};

describe('Sandbox test runs through the resident (real)', () => {
  let sandbox: Sandbox;
  let slot: SandboxSlot;
  let box: Box;
  const workDir = mkdtempSync(join(tmpdir(), 'verdict-resident-spec-'));

  beforeAll(async () => {
    sandbox = await Sandbox.open({
      bwrapPath: '/usr/bin/bwrap',
      launcherPath: join(root, 'dist', 'native', 'verdict-launch'),
      workDir,
      slots: 1,
      uidBase: UID_BASE,
      cgroupParent: 'verdict-resident-spec',
      resident: true,
    });
    slot = await sandbox.acquire();
    box = await slot.createBox();
    compileInto(
      box,
      'sum',
      `#include <stdio.h>\nint main(void) { long a, b; if (scanf("%ld %ld", &a, &b) != 2) return 3; printf("%ld\\n", a + b); return 0; }`,
    );
    compileInto(box, 'busy', `int main(void) { for (volatile unsigned long i = 0;; i++) {} }`);
    compileInto(box, 'segv', `#include <signal.h>\nint main(void) { raise(SIGSEGV); return 0; }`);
    compileInto(
      box,
      'eat',
      `#include <stdlib.h>\n#include <string.h>\nint main(int c, char **v) { size_t n = (size_t)atol(v[1]) << 20; char *volatile p = malloc(n); if (!p) return 4; memset(p, 1, n); for (size_t i = 0; i < n; i += 4096) if (p[i] != 1) return 5; return 0; }`,
    );
    compileInto(
      box,
      'spew',
      `#include <stdio.h>\nint main(void) { for (;;) fputs("yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\\n", stdout); }`,
    );
  });

  afterAll(async () => {
    await box?.destroy();
    slot?.release();
    rmSync(workDir, { recursive: true, force: true });
  });

  const run = (argv: string[], stdin = '', over: Partial<RunLimits> = {}) =>
    slot.runTest({ argv, box, boxWritable: false, limits: { ...limits, ...over }, stdin: { data: stdin } });

  it('runs a program with its stdin in one resident, run after run', async () => {
    const before = sandbox.residentStats!;
    for (let i = 0; i < 5; i++) {
      const result = await run(['/box/sum'], `${i} 40\n`);
      expect(result.status).toBe(RunStatus.Exited);
      expect(result.exitCode).toBe(0);
      expect(result.stdout.toString()).toBe(`${i + 40}\n`);
    }
    const after = sandbox.residentStats!;
    expect(after.runs - before.runs).toBe(5);
    expect(after.fallbacks).toBe(before.fallbacks);
    expect(after.started - before.started).toBeLessThanOrEqual(1);
  });

  it('reports exit codes and signals as the per-run path does', async () => {
    const exited = await run(['/bin/sh', '-c', 'echo oops >&2; exit 7']);
    expect([exited.status, exited.exitCode, exited.stderr.toString()]).toEqual([RunStatus.Exited, 7, 'oops\n']);
    const signaled = await run(['/box/segv']);
    expect([signaled.status, signaled.signal, signaled.exitCode]).toEqual([RunStatus.Signaled, 'SIGSEGV', null]);
  });

  it('ends runs at the CPU, wall, memory and output limits', async () => {
    const cpu = await run(['/box/busy'], '', { cpuTimeMs: 300 });
    expect(cpu.status).toBe(RunStatus.CpuTimeLimit);
    expect(cpu.cpuTimeMs).toBeGreaterThan(300);
    const wall = await run(['/bin/sleep', '10'], '', { wallTimeMs: 300 });
    expect(wall.status).toBe(RunStatus.WallTimeLimit);
    const memory = await run(['/box/eat', '100'], '', { memoryKiB: 64 * 1024 });
    expect(memory.status).toBe(RunStatus.MemoryLimit);
    const fits = await run(['/box/eat', '30'], '', { memoryKiB: 64 * 1024 });
    expect(fits.status).toBe(RunStatus.Exited);
    expect(fits.memoryKiB).toBeGreaterThan(30 * 1024);
    expect(fits.memoryKiB).toBeLessThan(40 * 1024);
    const output = await run(['/box/spew'], '', { stdoutBytes: 1000 });
    expect(output.status).toBe(RunStatus.OutputLimit);
    expect(output.stdout.length).toBe(1000);
    expect(sandbox.residentStats!.fallbacks).toBe(0);
  });
});
