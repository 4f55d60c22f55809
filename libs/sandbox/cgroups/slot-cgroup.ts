import type { CgroupUsage } from './run-cgroup.js';

/** What `SlotCgroup.prepareRun` measured before a run, to subtract after it. */
export interface RunBaseline {
  /** Bytes charged to the cgroup when the run started (the resident's tasks, cache kept from earlier runs). */
  chargedBytes: number;
  /** The cgroup's OOM kills before the run. */
  oomKills: number;
}

/**
 * The cgroup of a slot's resident (docs/resident-sandbox.md): joined once when the resident
 * starts, holding its tasks and every run forked from it; reset and read per run, never moved
 * into, so a run pays no `cgroup.procs` write (and no cgroup v1 RCU wait).
 */
export interface SlotCgroup {
  /** The `cgroup.procs` files the launcher joins when it starts the resident. */
  readonly procsFiles: string[];
  /**
   * Before a run: CPU time counter to 0, memory peak and fail count reset, the memory limit set to
   * what is charged now plus `memoryBytes`, the task limit to `maxProcesses`. Page cache earlier
   * runs left charged beyond `residentBytes` + 4 MiB is reclaimed first, so it cannot lend a run memory.
   * @throws Error when a cgroup file cannot be written (the slot's resident is then given up).
   */
  prepareRun(memoryBytes: number, maxProcesses: number): RunBaseline;
  /** After a run: its CPU time, its peak over the baseline, and whether it hit the memory limit. */
  usage(baseline: RunBaseline): CgroupUsage;
  /** CPU time since `prepareRun`, ns (the time-limit timer's hot read). */
  cpuTimeNs(): bigint;
  /** Tasks (thread group ids) in the cgroup now. */
  pids(): number[];
  /** Bytes charged now (after the resident started: its own `residentBytes`). */
  chargedBytes(): number;
  /** Sets the bytes the resident's own tasks take (prepareRun's reclaim threshold). */
  setResidentBytes(bytes: number): void;
  /** SIGKILLs every task but `spare` until none other is left, giving up after `timeoutMs`. */
  killAll(spare?: ReadonlySet<number>, timeoutMs?: number): Promise<void>;
  /** Kills everything in it and removes it. */
  destroy(): Promise<void>;
}
