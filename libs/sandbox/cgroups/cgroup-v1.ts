import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmdirSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { logCleanupFailure } from '../remove-tree.js';
import { killProcsUntilEmpty } from './kill-procs.js';
import type { RunBaseline, SlotCgroup } from './slot-cgroup.js';
import { RUN_CGROUP_NAME, type CgroupDriver, type CgroupLimits, type CgroupUsage, type RunCgroup } from './run-cgroup.js';

/** Controllers the v1 driver needs, each a separate hierarchy on v1. */
export const V1_CONTROLLERS = ['memory', 'cpuacct', 'pids'] as const;
type V1Controller = (typeof V1_CONTROLLERS)[number];

/**
 * cgroup v1 driver: one directory per controller (memory, cpuacct, pids) under
 * `<mount>/<controller>/<worker's own cgroup>/<parentName>/`.
 * Counters: cpuacct.usage (ns), memory.max_usage_in_bytes, memory.failcnt and the
 * `oom_kill` line of memory.oom_control (Linux ≥ 4.13).
 */
export class CgroupV1Driver implements CgroupDriver {
  readonly version = 1 as const;
  readonly description: string;

  /** @param parents directory of the worker's parent cgroup per controller (created if missing). */
  constructor(private readonly parents: Record<V1Controller, string>) {
    for (const dir of Object.values(parents)) mkdirSync(dir, { recursive: true });
    this.description = `v1 ${V1_CONTROLLERS.map((c) => parents[c]).join(', ')}`;
  }

  create(name: string, limits: CgroupLimits): RunCgroup {
    const dirs = {} as Record<V1Controller, string>;
    for (const c of V1_CONTROLLERS) {
      dirs[c] = join(this.parents[c], name);
      mkdirSync(dirs[c]);
    }
    const mem = dirs.memory;
    writeFileSync(join(mem, 'memory.limit_in_bytes'), String(limits.memoryBytes));
    // With swap accounting on, also forbid swapping past the limit (memsw must be ≥ limit, so set after).
    if (existsSync(join(mem, 'memory.memsw.limit_in_bytes'))) {
      writeFileSync(join(mem, 'memory.memsw.limit_in_bytes'), String(limits.memoryBytes));
    }
    writeFileSync(join(dirs.pids, 'pids.max'), String(limits.maxProcesses));
    return new CgroupV1Run(dirs);
  }

  createSlot(name: string, limits: CgroupLimits): SlotCgroup {
    const run = this.create(name, limits);
    return new CgroupV1Slot(
      Object.fromEntries(V1_CONTROLLERS.map((c) => [c, join(this.parents[c], name)])) as Record<V1Controller, string>,
      run,
      limits.memoryBytes,
    );
  }

  async releaseDeadCharges(): Promise<string | null> {
    try {
      await writeFile(join(this.parents.memory, 'memory.force_empty'), '0');
      return null;
    } catch (err) {
      return (err as Error).message;
    }
  }

  async removeStale(isAlive: (pid: number) => boolean): Promise<string[]> {
    const removed: string[] = [];
    // pids first: it holds every task of a run, so once it is empty the others are too.
    for (const c of ['pids', 'memory', 'cpuacct'] as const) {
      for (const name of readdirSync(this.parents[c])) {
        const pid = Number(RUN_CGROUP_NAME.exec(name)?.[1]);
        if (!pid || isAlive(pid)) continue;
        const dir = join(this.parents[c], name);
        try {
          await killProcsUntilEmpty(join(dir, 'cgroup.procs'), 2000);
          await removeCgroupDir(dir);
          removed.push(dir);
        } catch (err) {
          // Logged, never fatal: a stale cgroup that stays costs nothing but its name.
          logCleanupFailure({ path: dir, error: (err as Error).message, quarantinedAt: null });
        }
      }
    }
    return removed;
  }
}

class CgroupV1Run implements RunCgroup {
  readonly procsFiles: string[];

  constructor(private readonly dirs: Record<V1Controller, string>) {
    this.procsFiles = V1_CONTROLLERS.map((c) => join(dirs[c], 'cgroup.procs'));
  }

  cpuTimeNs(): bigint {
    return BigInt(readFileSync(join(this.dirs.cpuacct, 'cpuacct.usage'), 'utf8').trim());
  }

  usage(): CgroupUsage {
    const mem = this.dirs.memory;
    const oomControl = readFileSync(join(mem, 'memory.oom_control'), 'utf8');
    const oomKills = Number(/^oom_kill (\d+)$/m.exec(oomControl)?.[1] ?? 0);
    const failcnt = Number(readFileSync(join(mem, 'memory.failcnt'), 'utf8'));
    return {
      cpuTimeNs: this.cpuTimeNs(),
      memoryPeakBytes: Number(readFileSync(join(mem, 'memory.max_usage_in_bytes'), 'utf8')),
      memoryLimitHit: oomKills > 0 || failcnt > 0,
      oomKilled: oomKills > 0,
    };
  }

  async killAll(sparePid?: number, timeoutMs = 2000): Promise<void> {
    // The pids hierarchy holds every task of the run; the others hold the same tasks.
    await killProcsUntilEmpty(join(this.dirs.pids, 'cgroup.procs'), timeoutMs, sparePid);
  }

  async destroy(): Promise<void> {
    await this.killAll();
    for (const dir of Object.values(this.dirs)) await removeCgroupDir(dir);
  }
}

/** Page cache (bytes) earlier runs may leave charged to a slot cgroup before prepareRun reclaims it. */
const SLOT_CACHE_SLACK_BYTES = 4 * 1024 * 1024;

/**
 * A slot's resident cgroup on v1. The files written or read on every run stay open (a run's
 * reset and reads are a dozen syscalls, not three per file).
 */
class CgroupV1Slot implements SlotCgroup {
  readonly procsFiles: string[];
  private readonly fds: Record<string, number> = {};
  private readonly buf = Buffer.alloc(4096);
  private residentBytes = 0;
  private readonly memsw: boolean;

  constructor(
    private readonly dirs: Record<V1Controller, string>,
    private readonly run: RunCgroup,
    private limitBytes: number,
  ) {
    this.procsFiles = run.procsFiles;
    this.memsw = existsSync(join(dirs.memory, 'memory.memsw.limit_in_bytes'));
  }

  private fd(controller: V1Controller, file: string): number {
    const key = `${controller}/${file}`;
    this.fds[key] ??= openSync(join(this.dirs[controller], file), 'r+');
    return this.fds[key];
  }

  private write(controller: V1Controller, file: string, value: string): void {
    writeSync(this.fd(controller, file), value, 0);
  }

  private read(controller: V1Controller, file: string): string {
    const n = readSync(this.fd(controller, file), this.buf, 0, this.buf.length, 0);
    return this.buf.toString('latin1', 0, n);
  }

  private setLimit(bytes: number): void {
    // memsw.limit must stay ≥ limit: raise it first, lower it last.
    const raising = bytes > this.limitBytes;
    if (this.memsw && raising) this.write('memory', 'memory.memsw.limit_in_bytes', String(bytes));
    this.write('memory', 'memory.limit_in_bytes', String(bytes));
    if (this.memsw && !raising) this.write('memory', 'memory.memsw.limit_in_bytes', String(bytes));
    this.limitBytes = bytes;
  }

  chargedBytes(): number {
    return Number(this.read('memory', 'memory.usage_in_bytes'));
  }

  setResidentBytes(bytes: number): void {
    this.residentBytes = bytes;
  }

  prepareRun(memoryBytes: number, maxProcesses: number): RunBaseline {
    this.write('cpuacct', 'cpuacct.usage', '0');
    let charged = this.chargedBytes();
    if (charged > this.residentBytes + SLOT_CACHE_SLACK_BYTES) {
      this.write('memory', 'memory.force_empty', '0');
      charged = this.chargedBytes();
    }
    this.setLimit(charged + memoryBytes);
    this.write('memory', 'memory.max_usage_in_bytes', '0');
    this.write('memory', 'memory.failcnt', '0');
    this.write('pids', 'pids.max', String(maxProcesses));
    return { chargedBytes: charged, oomKills: this.oomKills() };
  }

  private oomKills(): number {
    return Number(/^oom_kill (\d+)$/m.exec(this.read('memory', 'memory.oom_control'))?.[1] ?? 0);
  }

  usage(baseline: RunBaseline): CgroupUsage {
    const oomKilled = this.oomKills() > baseline.oomKills;
    const failcnt = Number(this.read('memory', 'memory.failcnt'));
    return {
      cpuTimeNs: this.cpuTimeNs(),
      memoryPeakBytes: Math.max(0, Number(this.read('memory', 'memory.max_usage_in_bytes')) - baseline.chargedBytes),
      memoryLimitHit: oomKilled || failcnt > 0,
      oomKilled,
    };
  }

  cpuTimeNs(): bigint {
    return BigInt(this.read('cpuacct', 'cpuacct.usage').trim());
  }

  pids(): number[] {
    return this.read('pids', 'cgroup.procs').split('\n').filter(Boolean).map(Number);
  }

  async killAll(spare?: ReadonlySet<number>, timeoutMs = 2000): Promise<void> {
    await killProcsUntilEmpty(join(this.dirs.pids, 'cgroup.procs'), timeoutMs, spare);
  }

  async destroy(): Promise<void> {
    for (const fd of Object.values(this.fds)) closeSync(fd);
    for (const key of Object.keys(this.fds)) delete this.fds[key];
    await this.run.destroy();
  }
}

/**
 * Removes a cgroup and any child cgroups in it (children first: a cgroup with children is busy).
 * rmdir of a cgroup fails with EBUSY while a dying task is still accounted; retry briefly.
 */
export async function removeCgroupDir(dir: string): Promise<void> {
  let children: string[];
  try {
    children = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  for (const child of children) {
    await killProcsUntilEmpty(join(dir, child, 'cgroup.procs'), 2000);
    await removeCgroupDir(join(dir, child));
  }
  for (let attempt = 0; ; attempt++) {
    try {
      rmdirSync(dir);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return;
      if (attempt >= 200) throw err;
      await sleep(5);
    }
  }
}
