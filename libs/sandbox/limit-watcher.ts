import { RunStatus } from './run-result.js';

/** Shortest wait between two reads of the CPU counter, ms. */
const MIN_CPU_CHECK_MS = 5;

/** What a LimitWatcher watches. */
export interface LimitWatcherOptions {
  /** Wall-clock limit, ms from `start()`. */
  wallTimeMs: number;
  /** CPU-time limit of the whole run, ns. */
  cpuTimeLimitNs: bigint;
  /** CPUs the run may use at once (the host's `availableParallelism()`): how fast its CPU time can grow. */
  parallelism: number;
  /** Reads the run's CPU time so far, ns (the run cgroup's counter). A throw ends CPU watching, silently. */
  readCpuTimeNs: () => bigint;
  /** Called once, with the first limit seen passed. */
  onLimit: (limit: RunStatus.WallTimeLimit | RunStatus.CpuTimeLimit) => void;
}

/**
 * Watches one run's wall-clock and CPU-time limits with timers, never a fixed poll:
 * - wall: one timer of `wallTimeMs`;
 * - CPU: the run's CPU time grows at most `parallelism` ns per ns of wall time, so it cannot pass
 *   the limit before `(limit − used) / parallelism`: the first read is after `cpuTimeMs / parallelism`,
 *   each next one that long after the last read (at least 5 ms apart). Passed means more than the
 *   limit (`used > cpuTimeLimitNs`).
 * `onLimit` fires at most once; then, or on `stop()`, both timers are cleared.
 */
export class LimitWatcher {
  private wallTimer: NodeJS.Timeout | undefined;
  private cpuTimer: NodeJS.Timeout | undefined;
  private done = false;

  constructor(private readonly options: LimitWatcherOptions) {}

  /** Starts both timers; call once, when the run starts. */
  start(): void {
    this.wallTimer = setTimeout(() => this.passed(RunStatus.WallTimeLimit), this.options.wallTimeMs);
    this.scheduleCpuCheck(this.options.cpuTimeLimitNs);
  }

  /** Clears both timers; nothing fires after it. */
  stop(): void {
    this.done = true;
    clearTimeout(this.wallTimer);
    clearTimeout(this.cpuTimer);
  }

  /** Schedules the next CPU read for the earliest moment `remainingNs` more CPU time can be used. */
  private scheduleCpuCheck(remainingNs: bigint): void {
    const waitMs = Number(remainingNs) / 1e6 / this.options.parallelism;
    this.cpuTimer = setTimeout(() => this.checkCpu(), Math.max(MIN_CPU_CHECK_MS, waitMs));
  }

  private checkCpu(): void {
    if (this.done) return;
    let used: bigint;
    try {
      used = this.options.readCpuTimeNs();
    } catch {
      return; // the cgroup is going away with the run; the end of the run decides
    }
    if (used > this.options.cpuTimeLimitNs) return this.passed(RunStatus.CpuTimeLimit);
    this.scheduleCpuCheck(this.options.cpuTimeLimitNs - used);
  }

  private passed(limit: RunStatus.WallTimeLimit | RunStatus.CpuTimeLimit): void {
    if (this.done) return;
    this.stop();
    this.options.onLimit(limit);
  }
}
