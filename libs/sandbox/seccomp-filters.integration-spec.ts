import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileInto } from './host-compiled-fixture.js';
import { runLauncherCommand } from './launcher-command.js';
import { RunStatus, Sandbox, type Box, type RunLimits, type SandboxSlot } from './index.js';

// The seccomp filters compiled once per worker (issue 12): Sandbox.open exports them with
// `verdict-launch --export-seccomp`, every run hands one to bubblewrap with `--seccomp-bpf`.
// What the filters deny is tested by the hostile suite (test/hostile) and the sandbox specs, which
// all run through this path. The real sandbox: bubblewrap, the launcher from `npm run build`, cgroups. Runs as root.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const launcherPath = join(root, 'dist', 'native', 'verdict-launch');
const UID_BASE = 64300;
const LAUNCH_FAILED = 125;

const limits: RunLimits = {
  cpuTimeMs: 2000,
  wallTimeMs: 5000,
  memoryKiB: 64 * 1024,
  stdoutBytes: 1 << 16,
  stderrBytes: 1 << 16,
  processes: 8,
  fileSizeBytes: 1 << 20,
  openFiles: 64,
  tmpBytes: 1 << 20,
};

describe('the seccomp filters of a worker (compiled at Sandbox.open, handed to every run)', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'verdict-seccomp-spec-'));
  // Files only the test makes: the filter copies it tampers with, and a script that prints what bubblewrap would be handed.
  const scratch = mkdtempSync(join(tmpdir(), 'verdict-seccomp-scratch-'));
  const dumpScript = join(scratch, 'dump-seccomp-fd');
  let sandbox: Sandbox;
  let slot: SandboxSlot;
  let box: Box;
  let filters: { writableBox: string; readOnlyBox: string };

  /** Runs the launcher as the worker does, but with a script in bubblewrap's place: its stdout is the filter bubblewrap would read from `--seccomp FD`. */
  function launchWithFilter(filter: string): { status: number | null; stdout: Buffer; stderr: string } {
    const result = spawnSync(
      launcherPath,
      ['--uid', String(slot.uid), '--gid', String(slot.uid), '--seccomp-bpf', filter, '--', dumpScript],
      {
        env: {},
      },
    );
    return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString() };
  }

  beforeAll(async () => {
    chmodSync(scratch, 0o755);
    // The launcher passes `--seccomp FD` to bubblewrap first: $1 is `--seccomp`, $2 the descriptor.
    writeFileSync(dumpScript, '#!/bin/sh\nexec /bin/cat <&"$2"\n', { mode: 0o755 });
    sandbox = await Sandbox.open({
      bwrapPath: '/usr/bin/bwrap',
      launcherPath,
      workDir,
      slots: 1,
      uidBase: UID_BASE,
      cgroupParent: 'verdict-seccomp-spec',
    });
    slot = await sandbox.acquire();
    box = await slot.createBox();
    filters = {
      writableBox: join(workDir, `seccomp-${process.pid}-writable-box.bpf`),
      readOnlyBox: join(workDir, `seccomp-${process.pid}-read-only-box.bpf`),
    };
  });
  afterAll(async () => {
    await box?.destroy();
    slot?.release();
    rmSync(workDir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  it('are two BPF programs in the work directory, each a regular file owned by root with mode 0600', () => {
    expect(
      readdirSync(workDir)
        .filter((e) => e.startsWith('seccomp-'))
        .sort(),
    ).toEqual([filters.readOnlyBox, filters.writableBox].map((p) => p.slice(workDir.length + 1)).sort());
    for (const path of [filters.writableBox, filters.readOnlyBox]) {
      const st = lstatSync(path);
      expect(st.isFile()).toBe(true);
      expect(st.uid).toBe(0);
      expect(st.mode & 0o7777).toBe(0o600);
      expect(st.size % 8, 'a BPF program is a whole number of 8-byte instructions').toBe(0);
    }
    // The test runs' filter has the rules on locks and watches on top of the other's.
    expect(lstatSync(filters.readOnlyBox).size).toBeGreaterThan(lstatSync(filters.writableBox).size);
  });

  it('are the bytes libseccomp compiles on every export, and bubblewrap is handed exactly those bytes', async () => {
    const again = join(scratch, 'again.bpf');
    await runLauncherCommand(launcherPath, ['--export-seccomp', '--test-run', again]);
    expect(readFileSync(again).equals(readFileSync(filters.readOnlyBox))).toBe(true);
    for (const path of [filters.writableBox, filters.readOnlyBox]) {
      const run = launchWithFilter(path);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout.equals(readFileSync(path))).toBe(true);
    }
  });

  it('a test run gets the filter with the lock rules, a compilation the one without', async () => {
    // Prints whether flock(2) on /dev/null works.
    compileInto(
      box,
      'flock-probe',
      `
      #include <errno.h>
      #include <fcntl.h>
      #include <stdio.h>
      #include <sys/file.h>
      int main(void) { int fd = open("/dev/null", O_RDONLY);
        if (flock(fd, LOCK_SH) == 0) { puts("flock: ok"); return 0; }
        puts(errno == ENOLCK ? "flock: ENOLCK" : "flock: other error"); return 0; }`,
    );
    const testRun = await slot.run({ argv: ['/box/flock-probe'], box, boxWritable: false, limits });
    expect(testRun.status).toBe(RunStatus.Exited);
    expect(testRun.stdout.toString()).toBe('flock: ENOLCK\n');
    const compileRun = await slot.run({ argv: ['/box/flock-probe'], box, boxWritable: true, limits });
    expect(compileRun.stdout.toString()).toBe('flock: ok\n');
  });

  it('the launcher refuses a filter that anyone but root could have written or swapped, or that is no BPF program', () => {
    const cases: [string, (path: string) => void][] = [
      ['owned by the slot', (p) => chownSync(p, slot.uid, slot.uid)],
      ['readable by others', (p) => chmodSync(p, 0o644)],
      ['writable by its group', (p) => chmodSync(p, 0o620)],
      ['empty', (p) => writeFileSync(p, '')],
      ['ragged', (p) => writeFileSync(p, Buffer.alloc(13))],
    ];
    for (const [what, spoil] of cases) {
      const path = join(scratch, `spoilt-${what.replace(/\W/g, '-')}.bpf`);
      copyFileSync(filters.readOnlyBox, path);
      chmodSync(path, 0o600);
      spoil(path);
      const run = launchWithFilter(path);
      expect(run.status, what).toBe(LAUNCH_FAILED);
      expect(run.stderr, what).toMatch(/^verdict-launch: --seccomp-bpf: /);
      expect(run.stdout.length, what).toBe(0);
    }
    const link = join(scratch, 'link.bpf');
    symlinkSync(filters.readOnlyBox, link);
    const viaLink = launchWithFilter(link);
    expect(viaLink.status).toBe(LAUNCH_FAILED);
    expect(viaLink.stderr).toMatch(/^verdict-launch: .*link\.bpf: Too many levels of symbolic links/);
  });

  it("cannot be read or written by a slot's uid on the host, nor seen by a run", async () => {
    const before = readFileSync(filters.readOnlyBox);
    for (const path of [filters.writableBox, filters.readOnlyBox]) {
      const read = spawnSync('/bin/cat', [path], { uid: slot.uid, gid: slot.uid, env: {} });
      expect(read.status).not.toBe(0);
      expect(read.stderr.toString()).toMatch(/Permission denied/);
      const write = spawnSync('/bin/sh', ['-c', 'printf x >> "$0"', path], { uid: slot.uid, gid: slot.uid, env: {} });
      expect(write.status).not.toBe(0);
    }
    expect(readFileSync(filters.readOnlyBox).equals(before)).toBe(true);
    const run = await slot.run({
      argv: ['/bin/sh', '-c', 'cat "$0" || ls "$1"', filters.readOnlyBox, workDir],
      box,
      boxWritable: false,
      limits,
    });
    expect(run.status).toBe(RunStatus.Exited);
    expect(run.exitCode).not.toBe(0);
    expect(run.stdout.length).toBe(0);
    expect(run.stderr.toString()).toMatch(/No such file or directory/);
  });
});
