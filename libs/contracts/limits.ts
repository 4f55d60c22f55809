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
