import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunStatus, Sandbox, SMALL_RUN_LIMITS, type Box, type ConnectedRequest, type RunLimits, type SandboxSlot } from './index.js';

// A submission and its interactor connected by kernel pipes (SandboxSlot.runConnected), on the
// real sandbox: the edge cases of DOMjudge's runpipe tests and problemtools' interactive runner.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const UID_BASE = 64300;

const limits: RunLimits = { ...SMALL_RUN_LIMITS, wallTimeMs: 3000, memoryKiB: 128 * 1024, stderrBytes: 1 << 16, processes: 16 };

describe('connected runs (interactive problems)', () => {
  let workDir: string;
  let sandbox: Sandbox;
  let slot: SandboxSlot;
  let boxes: Box[];

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'verdict-connected-'));
    sandbox = await Sandbox.open({
      bwrapPath: '/usr/bin/bwrap',
      launcherPath: join(root, 'dist', 'native', 'verdict-launch'),
      workDir,
      slots: 1,
      uidBase: UID_BASE,
      cgroupParent: 'verdict-connected-spec',
    });
    slot = await sandbox.acquire();
    boxes = [await slot.createBox(), await slot.createBox()];
  });

  afterAll(async () => {
    for (const box of boxes ?? []) await box.destroy();
    slot?.release();
    rmSync(workDir, { recursive: true, force: true });
  });

  /** A shell script as a run of box `n`, with `over` on the limits. */
  const sh = (n: number, script: string, over: Partial<RunLimits> = {}): ConnectedRequest => ({
    argv: ['/bin/sh', '-c', script],
    box: boxes[n]!,
    boxWritable: false,
    limits: { ...limits, ...over },
  });
  /** The interactor gets the submission's wall limit plus a margin and a 64 MiB stdout bound, as the judge does. */
  const interactor = (script: string, over: Partial<RunLimits> = {}) =>
    sh(1, script, { wallTimeMs: limits.wallTimeMs + 1000, stdoutBytes: 64 << 20, ...over });

  it('carries a dialogue both ways; the submission sees EOF when the interactor exits', { timeout: 30_000 }, async () => {
    const runs = await slot.runConnected(
      sh(0, 'while read x; do echo $((x + 1)); done; echo "submission saw EOF" >&2'),
      interactor('i=0; while [ $i -lt 300 ]; do echo $i; read y; [ "$y" = $((i + 1)) ] || exit 43; i=$((i + 1)); done; exit 42'),
    );
    expect(runs.interactor.status, runs.interactor.stderr.toString()).toBe(RunStatus.Exited);
    expect(runs.interactor.exitCode).toBe(42);
    expect(runs.submission.status).toBe(RunStatus.Exited);
    expect(runs.submission.exitCode).toBe(0);
    expect(runs.submission.stderr.toString()).toBe('submission saw EOF\n');
    expect(runs.interactorExitedFirst).toBe(true);
    // Nothing passes through the worker: the pipes are not captured.
    expect(runs.submission.stdout.length).toBe(0);
    expect(runs.interactor.stdout.length).toBe(0);
  });

  it(
    'blocks a submission that floods an interactor that does not read, until its time limit (not Output Limit)',
    { timeout: 30_000 },
    async () => {
      const runs = await slot.runConnected(sh(0, 'exec /usr/bin/yes'), interactor('exec sleep 60'));
      expect(runs.submission.status).toBe(RunStatus.WallTimeLimit);
      // It was blocked on the full pipe, not spinning: little CPU time, and memory did not grow.
      expect(runs.submission.cpuTimeMs).toBeLessThan(500);
      expect(runs.submission.memoryKiB).toBeLessThan(16 * 1024);
    },
  );

  it('gives a submission that writes after the interactor exited a broken pipe at once', { timeout: 30_000 }, async () => {
    const runs = await slot.runConnected(sh(0, 'exec /usr/bin/yes'), interactor('exit 43'));
    expect(runs.interactorExitedFirst).toBe(true);
    expect(runs.interactor.exitCode).toBe(43);
    expect(runs.submission.status).toBe(RunStatus.Signaled);
    expect(runs.submission.signal).toBe('SIGPIPE');
    expect(runs.submission.wallTimeMs).toBeLessThan(limits.wallTimeMs / 2);
  });

  it('lets a submission that loops after the interactor accepted run into its time limit', { timeout: 30_000 }, async () => {
    const runs = await slot.runConnected(sh(0, 'while :; do :; done', { cpuTimeMs: 1000 }), interactor('exit 42'));
    expect(runs.interactorExitedFirst).toBe(true);
    // CPU time first on an idle host; on a loaded one the wall limit may come first. Either is TLE.
    expect([RunStatus.CpuTimeLimit, RunStatus.WallTimeLimit]).toContain(runs.submission.status);
  });

  it('ends both at their limits when neither writes (both wait to read)', { timeout: 30_000 }, async () => {
    const runs = await slot.runConnected(sh(0, 'read x; echo "$x"'), interactor('read y; exit 42'));
    expect(runs.submission.status).toBe(RunStatus.WallTimeLimit);
    // The submission's end closes its side: the interactor reads EOF and exits then, not at its own limit.
    expect(runs.interactor.status).toBe(RunStatus.Exited);
    expect(runs.interactorExitedFirst).toBe(false);
  });

  it('does not kill an interactor that writes after the submission closed its stdin and exited', { timeout: 30_000 }, async () => {
    const runs = await slot.runConnected(sh(0, 'exec 0<&-; exit 0'), interactor('sleep 0.3; head -c 200000 /dev/zero; exit 42'));
    expect(runs.submission.exitCode).toBe(0);
    expect(runs.interactor.status, runs.interactor.stderr.toString()).toBe(RunStatus.Exited);
    expect(runs.interactor.exitCode).toBe(42);
    expect(runs.interactorExitedFirst).toBe(false);
  });

  it('tells who exited first without a race: the interactor sees EOF only after the submission ended', { timeout: 60_000 }, async () => {
    for (let i = 0; i < 5; i++) {
      const runs = await slot.runConnected(sh(0, 'echo 5'), interactor('cat >/dev/null; exit 42'));
      expect(runs.interactor.exitCode).toBe(42);
      expect(runs.interactorExitedFirst).toBe(false);
    }
  });

  it(
    'gives each pipe a 1 MiB buffer: a megabyte less a little goes through while the other side does not read',
    { timeout: 30_000 },
    async () => {
      const runs = await slot.runConnected(
        sh(0, 'head -c 1000000 /dev/zero; echo done >&2'),
        interactor('sleep 1.5; cat >/dev/null; exit 42'),
      );
      expect(runs.submission.stderr.toString()).toBe('done\n');
      // With a 64 KiB pipe the submission would wait for the interactor's sleep.
      expect(runs.submission.wallTimeMs).toBeLessThan(1000);
      expect(runs.interactor.exitCode).toBe(42);
    },
  );

  it('leaves the program only stdin, stdout and stderr, and the worker no descriptor or FIFO', { timeout: 30_000 }, async () => {
    const before = readdirSync('/proc/self/fd').length;
    const runs = await slot.runConnected(
      sh(0, 'ls /proc/self/fd >&2; [ -p /dev/stdin ] && [ -p /dev/stdout ] && echo pipes >&2'),
      interactor('cat >/dev/null; exit 42'),
    );
    // ls's own descriptors are 0, 1, 2 and the one it reads the directory with.
    expect(runs.submission.stderr.toString().split('\n').filter(Boolean)).toEqual(['0', '1', '2', '3', 'pipes']);
    expect(readdirSync('/proc/self/fd').length).toBe(before);
    expect(readdirSync(workDir).filter((e) => e.startsWith('pipes-'))).toEqual([]);
  });

  it(
    'ends the interactor at once when the submission cannot start (its box alone exceeds the memory limit)',
    { timeout: 30_000 },
    async () => {
      const runs = await slot.runConnected(sh(0, 'exit 0', { memoryKiB: 1 }), interactor('cat >/dev/null; exit 42'));
      expect(runs.submission.status).toBe(RunStatus.MemoryLimit);
      expect(runs.interactor.exitCode).toBe(42);
      expect(runs.interactor.wallTimeMs).toBeLessThan(2000);
    },
  );

  it(
    'does not leave an interactor blocked on a full pipe to a submission that has ended (it would run out of wall time: Internal Error)',
    { timeout: 30_000 },
    async () => {
      // 2 MB is more than the 1 MiB pipe holds; the submission exits at once without reading.
      const runs = await slot.runConnected(sh(0, 'exit 0'), interactor('sleep 0.3; head -c 2000000 /dev/zero || exit 7; exit 42'));
      expect(runs.submission.exitCode).toBe(0);
      expect(runs.interactor.status, runs.interactor.stderr.toString()).toBe(RunStatus.Exited);
      expect(runs.interactor.exitCode).toBe(42);
      expect(runs.interactor.wallTimeMs).toBeLessThan(limits.wallTimeMs);
    },
  );

  it(
    'does not let a submission that shrank its stdin pipe to one page and stopped reading make the interactor run out of time',
    { timeout: 30_000 },
    async () => {
      // F_SETPIPE_SZ (1031) to 4096 bytes needs the buffered data to fit: read until it does.
      const shrink = [
        'import fcntl, os, time',
        'while True:',
        '    try:',
        '        fcntl.fcntl(0, 1031, 4096); break',
        '    except OSError:',
        '        os.read(0, 1 << 20)',
        'time.sleep(100)',
      ].join('\n');
      const runs = await slot.runConnected(
        { ...sh(0, ''), argv: ['/usr/bin/python3', '-c', shrink] },
        interactor('sleep 0.5; head -c 8192 /dev/zero; echo; read x; exit 43'),
      );
      // The submission's own time limit; the interactor then reads EOF and rejects.
      expect(runs.submission.status).toBe(RunStatus.WallTimeLimit);
      expect(runs.interactor.status, runs.interactor.stderr.toString()).toBe(RunStatus.Exited);
      expect(runs.interactor.exitCode).toBe(43);
    },
  );

  it('drops at most the interactor stdout bound written after the submission ended (then a broken pipe)', { timeout: 30_000 }, async () => {
    const runs = await slot.runConnected(
      sh(0, 'exit 0'),
      interactor('sleep 0.3; head -c 50000000 /dev/zero; echo "head=$?" >&2; exit 42', { stdoutBytes: 4 << 20 }),
    );
    expect(runs.interactor.stderr.toString()).toBe('head=141\n');
  });
});
