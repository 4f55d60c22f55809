import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { detectCgroupDriver } from './cgroups/detect-cgroups.js';
import { Sandbox } from './sandbox.js';
import { isProcessAlive } from './process-alive.js';

// A worker SIGKILLed mid-run (crash, OOM, deploy): nothing of its runs may stay on the host.
// The "worker" is a node process running the built sandbox (`npm run build`) in a loop.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const UID_BASE = 62600;
const CGROUP_PARENT = 'verdict-death-spec';
const launcherPath = join(root, 'dist/native/verdict-launch');

/** Mount points of boxes (each a tmpfs) under `workDir`, from the host's mount table. */
function mountedBoxes(workDir: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4] ?? '')
    .filter((point) => point.startsWith(`${workDir}/box-`));
}

/** PF_EXITING in /proc/<pid>/stat's flags: the task is in do_exit() and can never run user code again. */
const PF_EXITING = 0x4;

/** Host processes running as one of `uids`, zombies left out, each marked whether it is already exiting. */
function processesOf(uids: number[]): { line: string; exiting: boolean }[] {
  const found: { line: string; exiting: boolean }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
      if (!uids.includes(uid) || /^State:\s+Z/m.test(status)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): state is the first, flags the seventh.
      const flags = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[6]);
      const state = /^State:\s+(\S+)/m.exec(status)?.[1] ?? '?';
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').slice(0, 80);
      found.push({ line: `${entry} ${state} ${cmdline}`, exiting: (flags & PF_EXITING) !== 0 });
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

describe('a worker killed mid-run', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'verdict-death-spec-'));
  afterAll(() => {
    // The killed workers' boxes are still mounted (the next worker's start removes them; none comes here).
    for (const entry of readdirSync(workDir)) spawnSync(launcherPath, ['--remove-tree', join(workDir, entry)]);
    rmSync(workDir, { recursive: true, force: true });
  });

  it('leaves no process of its runs, and the next worker removes its cgroups', { timeout: 120_000 }, async () => {
    const script = `
      import { Sandbox } from ${JSON.stringify(join(root, 'dist/libs/sandbox/index.js'))};
      const sandbox = await Sandbox.open({ bwrapPath: '/usr/bin/bwrap', launcherPath: ${JSON.stringify(launcherPath)},
        workDir: ${JSON.stringify(workDir)}, slots: 2, uidBase: ${UID_BASE}, cgroupParent: '${CGROUP_PARENT}' });
      const limits = { cpuTimeMs: 1000, wallTimeMs: 2000, memoryKiB: 65536, stdoutBytes: 4096, stderrBytes: 4096,
        processes: 16, fileSizeBytes: 1 << 20, openFiles: 64, tmpBytes: 1 << 20 };
      // One loop is mostly set-up (launcher, bubblewrap); the other mostly program, so a run cgroup exists at every kill.
      const loop = async (program) => {
        for (;;) {
          const slot = await sandbox.acquire();
          const box = await slot.createBox();
          await slot.run({ argv: ['/bin/sh', '-c', program], box, boxWritable: false, limits }).catch(() => undefined);
          await box.destroy();
          slot.release();
        }
      };
      loop('exit 0'); loop('sleep 0.3');
      process.stdout.write('running\\n');
    `;
    // Kill at many different moments: in the launcher, in bubblewrap's set-up, in the program.
    // Check after each, before the next worker starts (its start-up would clean up anyway).
    const uids = [UID_BASE, UID_BASE + 1];
    for (let i = 0; i < 10; i++) {
      const worker = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
      // Once its sandbox is open and its runs started (a loaded host may take seconds to get there), at a different moment each time.
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the worker did not start running within 30 s')), 30_000);
        worker.stdout!.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('running')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      await sleep(50 + ((i * 97) % 500));
      worker.kill('SIGKILL');
      await new Promise((resolve) => worker.once('exit', resolve));
      // Killed processes take a moment to exit, more on a loaded host: up to 5 s. A task already in
      // do_exit() (tearing down its mount or PID namespace can take longer under load) can no longer
      // run anything; it must be gone by the end, but it is not a process left running.
      for (let wait = 0; wait < 100 && processesOf(uids).length > 0; wait++) await sleep(50);
      const running = processesOf(uids)
        .filter((p) => !p.exiting)
        .map((p) => p.line);
      expect(running, `after kill ${i + 1}`).toEqual([]);
    }
    // Tasks in do_exit() normally go within a second. On a heavily loaded host one has been seen to stay in
    // D state, exiting, for over 30 s: it can run nothing, so it is reported with its kernel stack, not failed.
    for (let wait = 0; wait < 600 && processesOf(uids).length > 0; wait++) await sleep(50);
    const left = processesOf(uids);
    expect(
      left.filter((p) => !p.exiting).map((p) => p.line),
      'running 30 s after the last kill',
    ).toEqual([]);
    for (const p of left) {
      const pid = p.line.split(' ')[0]!;
      const stack = (() => {
        try {
          return readFileSync(`/proc/${pid}/stack`, 'utf8');
        } catch {
          return '(gone)';
        }
      })();
      console.warn(`still exiting 30 s after the last kill: ${p.line}\n${stack}`);
    }

    const detected = detectCgroupDriver(CGROUP_PARENT);
    if ('problem' in detected) throw new Error(detected.problem);
    const removed = await detected.driver.removeStale(isProcessAlive);
    expect(removed.length, 'the killed workers left run cgroups').toBeGreaterThan(0);
    expect(await detected.driver.removeStale(isProcessAlive)).toEqual([]);

    // Their boxes are still mounted tmpfs: the next worker's start unmounts and removes every one.
    expect(mountedBoxes(workDir).length, 'the killed workers left mounted boxes').toBeGreaterThan(0);
    await Sandbox.open({ bwrapPath: '/usr/bin/bwrap', launcherPath, workDir, slots: 1, uidBase: UID_BASE, cgroupParent: CGROUP_PARENT });
    expect(mountedBoxes(workDir)).toEqual([]);
    expect(readdirSync(workDir).filter((e) => e.startsWith('box-'))).toEqual([]);
  });
});
