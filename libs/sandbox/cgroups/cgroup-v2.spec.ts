import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CgroupV2Driver } from './cgroup-v2.js';

// This machine has cgroup v1 controllers only, so the v2 driver is checked against a directory
// laid out like cgroup2fs: what it writes and how it reads the kernel's counter files.
describe('CgroupV2Driver on a cgroup2-shaped directory', () => {
  let root: string;
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('enables the controllers, sets the limits and reads CPU, peak memory and OOM kills', async () => {
    root = mkdtempSync(join(tmpdir(), 'cg2-'));
    const parent = join(root, 'verdict');
    mkdirSync(parent);
    writeFileSync(join(parent, 'cgroup.subtree_control'), '');
    const driver = new CgroupV2Driver(parent);
    expect(readFileSync(join(parent, 'cgroup.subtree_control'), 'utf8')).toBe('+memory +pids +cpu');

    const cg = driver.create('run-3', { memoryBytes: 64 * 1024 * 1024, maxProcesses: 10 });
    const run = join(parent, 'run-3');
    expect(readFileSync(join(run, 'memory.max'), 'utf8')).toBe(String(64 * 1024 * 1024));
    expect(readFileSync(join(run, 'pids.max'), 'utf8')).toBe('10');
    expect(cg.procsFiles).toEqual([join(run, 'cgroup.procs')]);

    writeFileSync(join(run, 'cpu.stat'), 'usage_usec 1234567\nuser_usec 1000000\nsystem_usec 234567\n');
    writeFileSync(join(run, 'memory.current'), '1048576\n');
    writeFileSync(join(run, 'memory.events'), 'low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n');
    writeFileSync(join(run, 'cgroup.procs'), '');
    expect(cg.cpuTimeNs()).toBe(1_234_567_000n);
    const usage = cg.usage();
    expect(usage).toMatchObject({ cpuTimeNs: 1_234_567_000n, memoryLimitHit: true, oomKilled: true });
    // No memory.peak (Linux < 5.19): the peak is sampled from memory.current.
    expect(usage.memoryPeakBytes).toBe(1048576);
  });
});
