/**
 * Resource limits of one run of a submission on one test case.
 * Time limits are per test case; memory and output limits are per run.
 */
export interface JudgeLimits {
  /** CPU time of the whole process tree, in milliseconds. Exceeding it gives Time Limit Exceeded. */
  cpuTimeMs: number;
  /** Wall-clock time, in milliseconds; ends programs that sleep or block. Exceeding it gives Time Limit Exceeded. */
  wallTimeMs: number;
  /** Memory of the whole process tree (cgroup), in KiB. Exceeding it gives Memory Limit Exceeded. */
  memoryKiB: number;
  /** Bytes the program may write to stdout, in KiB. Exceeding it gives Output Limit Exceeded. */
  outputKiB: number;
}

/**
 * The limits one run of a submission actually got in the sandbox: the submission's limits after its
 * language's time multiplier (CPU and wall time) and extra memory for the runtime (libs/judging
 * `effectiveLimitsOf`). The output limit is not scaled.
 */
export interface EffectiveLimits {
  /** CPU time per test case, ms: `limits.cpuTimeMs` × the language's time multiplier. */
  cpuTimeMs: number;
  /** Wall-clock time per test case, ms: `limits.wallTimeMs` × the time multiplier. */
  wallTimeMs: number;
  /** Memory of the run's cgroup, KiB: `limits.memoryKiB` + the language's extra memory. */
  memoryKiB: number;
  /** stdout (and any file written), KiB: `limits.outputKiB`. */
  outputKiB: number;
}
