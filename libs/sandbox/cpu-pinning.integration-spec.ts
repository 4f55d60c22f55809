import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowedCpus, RunStatus, Sandbox, SMALL_RUN_LIMITS, type Box, type RunLimits, type SandboxSlot } from './index.js';

// Each slot's runs are pinned to a CPU of their own and cannot move (the real sandbox).
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const UID_BASE = 64700;
const PYTHON = '/usr/bin/python3';

const limits: RunLimits = { ...SMALL_RUN_LIMITS, memoryKiB: 128 * 1024, processes: 16 };

/** Prints the CPUs the program may use, then tries to widen that to every CPU of the host. */
const PROBE = [
  'import os',
  'print(sorted(os.sched_getaffinity(0)))',
  'try:',
  '    os.sched_setaffinity(0, range(os.cpu_count()))',
  '    print("moved", sorted(os.sched_getaffinity(0)))',
  'except OSError as e:',
  '    print("refused", e.errno)',
].join('\n');

describe('CPU pinning', () => {
  const workDirs: string[] = [];
  let sandboxes: Sandbox[];
  const slots: SandboxSlot[] = [];
  const boxes: Box[] = [];

  beforeAll(async () => {
    // Each sandbox its own work directory (made 0711 by Sandbox.open, so the slots' uids reach their boxes).
    const open = (pinCpus: boolean, n: number) =>
      Sandbox.open({
        bwrapPath: '/usr/bin/bwrap',
        launcherPath: join(root, 'dist', 'native', 'verdict-launch'),
        workDir: workDirs[workDirs.push(mkdtempSync(join(tmpdir(), 'verdict-pinning-'))) - 1]!,
        slots: 2,
        uidBase: UID_BASE + 10 * n,
        cgroupParent: `verdict-pinning-spec-${n}`,
        pinCpus,
      });
    sandboxes = [await open(true, 0), await open(false, 1)];
    for (const sandbox of sandboxes) {
      for (let i = 0; i < 2; i++) {
        const slot = await sandbox.acquire();
        slots.push(slot);
        boxes.push(await slot.createBox());
      }
    }
  });

  afterAll(async () => {
    for (const box of boxes) await box.destroy();
    for (const slot of slots) slot.release();
    for (const dir of workDirs) rmSync(dir, { recursive: true, force: true });
  });

  const probe = async (i: number) => {
    const result = await slots[i]!.run({ argv: [PYTHON, '-c', PROBE], box: boxes[i]!, boxWritable: false, limits });
    expect(result.status, result.stderr.toString()).toBe(RunStatus.Exited);
    return result.stdout.toString().trim().split('\n');
  };

  it('runs each slot on its own CPU, and the run may not move off it', async () => {
    const cpus = allowedCpus();
    expect(cpus.length).toBeGreaterThanOrEqual(2); // the machines this suite runs on have two cores or more
    expect(sandboxes[0]!.slotCpus).toEqual(cpus.slice(0, 2));
    const seen = [await probe(0), await probe(1)];
    for (const [i, lines] of seen.entries()) {
      expect(lines[0]).toBe(`[${sandboxes[0]!.slotCpus![slots[i]!.index]}]`);
      expect(lines[1]).toBe('refused 1'); // EPERM
    }
    expect(seen[0]![0]).not.toBe(seen[1]![0]);
  });

  it('leaves runs unpinned when pinning is off', async () => {
    expect(sandboxes[1]!.slotCpus).toBeNull();
    const lines = await probe(2);
    expect(lines[0]).toBe(`[${allowedCpus().join(', ')}]`);
  });
});
