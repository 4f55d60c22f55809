/** How a run ended, decided by the sandbox from what it measured. */
export enum RunStatus {
  /** The program exited by itself; see `exitCode`. */
  Exited = 'exited',
  /** The program was killed by a signal it did not get from the sandbox (e.g. SIGSEGV); see `signal`. */
  Signaled = 'signaled',
  /** CPU time passed the limit. */
  CpuTimeLimit = 'cpu-time-limit',
  /** Wall-clock time passed the limit. */
  WallTimeLimit = 'wall-time-limit',
  /** The memory cgroup hit its limit and the run failed (OOM kill, or an allocation failure it died of). */
  MemoryLimit = 'memory-limit',
  /** stdout passed its byte limit. */
  OutputLimit = 'output-limit',
}

/** What one sandboxed run did, as measured by the kernel (cgroups) and the worker. */
export interface RunResult {
  status: RunStatus;
  /** Exit code when the program exited, else null. */
  exitCode: number | null;
  /** Signal name (e.g. `SIGSEGV`) when it died by a signal, else null. */
  signal: string | null;
  /** CPU time of the whole tree, ms (fractional). */
  cpuTimeMs: number;
  /** Wall-clock time, ms (fractional). */
  wallTimeMs: number;
  /** Peak memory of the whole tree, KiB. */
  memoryKiB: number;
  /** stdout, at most `limits.stdoutBytes`. */
  stdout: Buffer;
  /** stderr, at most `limits.stderrBytes`. */
  stderr: Buffer;
}
