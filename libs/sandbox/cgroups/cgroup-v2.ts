import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { removeCgroupDir } from './cgroup-v1.js';
import { logCleanupFailure } from '../remove-tree.js';
import { killProcsUntilEmpty } from './kill-procs.js';
import { RUN_CGROUP_NAME, type CgroupDriver, type CgroupLimits, type CgroupUsage, type RunCgroup } from './run-cgroup.js';

/** Controllers the v2 driver enables for run cgroups. */
export const V2_CONTROLLERS = ['memory', 'pids', 'cpu'] as const;

/**
 * cgroup v2 driver: run cgroups under `<parent>/` where `parent` is a child of the
 * worker's own cgroup with memory, pids and cpu enabled in `cgroup.subtree_control`.
 * Counters: cpu.stat usage_usec, memory.peak (Linux ≥ 5.19), memory.events oom_kill and max.
 * Kill: cgroup.kill (Linux ≥ 5.14), else SIGKILL per pid.
 */
export class CgroupV2Driver implements CgroupDriver {
  readonly version = 2 as const;
  readonly description: string;

  constructor(private readonly parent: string) {
    mkdirSync(parent, { recursive: true });
    const control = join(parent, 'cgroup.subtree_control');
    writeFileSync(control, V2_CONTROLLERS.map((c) => `+${c}`).join(' '));
    this.description = `v2 ${parent}`;
  }

  createSlot(): null {
    return null;
  }

  create(name: string, limits: CgroupLimits): RunCgroup {
    const dir = join(this.parent, name);
    mkdirSync(dir);
    writeFileSync(join(dir, 'memory.max'), String(limits.memoryBytes));
    if (existsSync(join(dir, 'memory.swap.max'))) writeFileSync(join(dir, 'memory.swap.max'), '0');
    writeFileSync(join(dir, 'pids.max'), String(limits.maxProcesses));
    return new CgroupV2Run(dir);
  }

  async releaseDeadCharges(): Promise<string | null> {
    try {
      // More than any parent holds: the kernel reclaims what it can, then says EAGAIN.
      await writeFile(join(this.parent, 'memory.reclaim'), String(2 ** 50));
      return null;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return code === 'EAGAIN' ? null : (err as Error).message;
    }
  }

  async removeStale(isAlive: (pid: number) => boolean): Promise<string[]> {
    const removed: string[] = [];
    for (const name of readdirSync(this.parent)) {
      const pid = Number(RUN_CGROUP_NAME.exec(name)?.[1]);
      if (!pid || isAlive(pid)) continue;
      try {
        const run = new CgroupV2Run(join(this.parent, name));
        await run.destroy();
        removed.push(join(this.parent, name));
      } catch (err) {
        // Logged, never fatal: a stale cgroup that stays costs nothing but its name.
        logCleanupFailure({ path: join(this.parent, name), error: (err as Error).message, quarantinedAt: null });
      }
    }
    return removed;
  }
}

class CgroupV2Run implements RunCgroup {
  readonly procsFiles: string[];
  private readonly hasPeak: boolean;
  private sampledPeak = 0;

  constructor(private readonly dir: string) {
    this.procsFiles = [join(dir, 'cgroup.procs')];
    this.hasPeak = existsSync(join(dir, 'memory.peak'));
  }

  cpuTimeNs(): bigint {
    const stat = readFileSync(join(this.dir, 'cpu.stat'), 'utf8');
    const usec = /^usage_usec (\d+)$/m.exec(stat)?.[1] ?? '0';
    if (!this.hasPeak) this.samplePeak();
    return BigInt(usec) * 1000n;
  }

  private samplePeak(): void {
    const current = Number(readFileSync(join(this.dir, 'memory.current'), 'utf8'));
    if (current > this.sampledPeak) this.sampledPeak = current;
  }

  usage(): CgroupUsage {
    const events = readFileSync(join(this.dir, 'memory.events'), 'utf8');
    const oomKills = Number(/^oom_kill (\d+)$/m.exec(events)?.[1] ?? 0);
    const maxHits = Number(/^max (\d+)$/m.exec(events)?.[1] ?? 0);
    if (!this.hasPeak) this.samplePeak();
    return {
      cpuTimeNs: this.cpuTimeNs(),
      memoryPeakBytes: this.hasPeak ? Number(readFileSync(join(this.dir, 'memory.peak'), 'utf8')) : this.sampledPeak,
      memoryLimitHit: oomKills > 0 || maxHits > 0,
      oomKilled: oomKills > 0,
    };
  }

  async killAll(sparePid?: number, timeoutMs = 2000): Promise<void> {
    const killFile = join(this.dir, 'cgroup.kill');
    // cgroup.kill cannot spare a pid; use it only when nothing is to be spared.
    if (sparePid === undefined && existsSync(killFile)) {
      try {
        writeFileSync(killFile, '1');
      } catch {
        // fall back to per-pid kills below
      }
    }
    await killProcsUntilEmpty(this.procsFiles[0], timeoutMs, sparePid);
  }

  async destroy(): Promise<void> {
    await this.killAll();
    await removeCgroupDir(this.dir);
  }
}
