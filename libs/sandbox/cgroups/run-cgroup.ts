import type { SlotCgroup } from './slot-cgroup.js';

/** Limits a run's cgroup enforces on the whole process tree. */
export interface CgroupLimits {
  /** Memory (RAM, and swap where accounted) in bytes. */
  memoryBytes: number;
  /** Tasks (processes and threads) at once. */
  maxProcesses: number;
}

/** What the kernel measured for a run's cgroup. */
export interface CgroupUsage {
  /** CPU time of all tasks, user + system, in nanoseconds. */
  cpuTimeNs: bigint;
  /** Peak memory charged, in bytes. */
  memoryPeakBytes: number;
  /** True when the kernel OOM-killed a task or refused memory at the limit. */
  memoryLimitHit: boolean;
  /** True when the kernel OOM-killed a task of the run. */
  oomKilled: boolean;
}

/**
 * One run's cgroup (a directory per controller on v1, one on v2).
 * Created empty by a `CgroupDriver`; the launcher joins it through `procsFiles`.
 */
export interface RunCgroup {
  /** The `cgroup.procs` files the launcher writes its pid to before executing bubblewrap. */
  readonly procsFiles: string[];
  /** Reads counters; cheap enough to call on a timer. */
  usage(): CgroupUsage;
  /** CPU time only, in nanoseconds (the time-limit timer's hot read). */
  cpuTimeNs(): bigint;
  /**
   * SIGKILLs every task in the cgroup but `sparePid` until none other is left; gives up after
   * `timeoutMs`. The sandbox spares its launcher, which reaps the rest and then exits.
   */
  killAll(sparePid?: number, timeoutMs?: number): Promise<void>;
  /** Kills what is left and removes the cgroup directories. */
  destroy(): Promise<void>;
}

/** Creates run cgroups under the worker's own subtree; one implementation per cgroup version. */
export interface CgroupDriver {
  readonly version: 1 | 2;
  /** Human-readable location, for logs, e.g. `v1 memory,cpuacct,pids at /sys/fs/cgroup/<c>/verdict`. */
  readonly description: string;
  create(name: string, limits: CgroupLimits): RunCgroup;
  /**
   * A slot's resident cgroup (slot-cgroup.ts), named like a run cgroup, or null when this driver
   * cannot reset a cgroup's counters per run (v2 here: its memory peak cannot be reset before
   * Linux 6.12), so test runs keep the per-run path.
   */
  createSlot(name: string, limits: CgroupLimits): SlotCgroup | null;
  /**
   * Kills the tasks of, and removes, run cgroups left by workers that died (their names start
   * with `w<pid>-` and `isAlive(pid)` is false).
   * @returns the cgroup directories removed.
   */
  removeStale(isAlive: (pid: number) => boolean): Promise<string[]>;
  /**
   * Reclaims the page cache still charged to removed run cgroups under the worker's parent (v1:
   * `memory.force_empty` of the parent; v2: `memory.reclaim`). A run that first reads a page of a
   * shared file (a toolchain, /usr) is charged for it, and the page keeps the run's cgroup alive
   * as a "dying" cgroup after its removal; the kernel has 65535 memory cgroup ids for live and
   * dying ones together, and reclaims those pages only under memory pressure, so an idle host
   * would run out of them (found by an outside review: every cgroup creation on the host then
   * fails). Reclaiming frees the pages (clean cache; runs write no disk files) and the dying
   * cgroups with them; live runs lose only clean cache. Never throws (errors are returned).
   * @returns null, or why the kernel refused.
   */
  releaseDeadCharges(): Promise<string | null>;
}

/** Matches a run cgroup's name and captures its worker's pid (libs/sandbox/sandbox.ts names them `w<pid>-s<slot>-<n>`). */
export const RUN_CGROUP_NAME = /^w(\d+)-/;
