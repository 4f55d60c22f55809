import type { Verdict } from './verdict.js';

/** The outcome of running a submission on one test case, as stored and as published. */
export interface TestResult {
  /** 1-based number of the test case, in judging order. */
  test: number;
  verdict: Verdict;
  /** CPU time of the whole process tree, ms. */
  cpuTimeMs: number;
  /** Wall-clock time of the run, ms. */
  wallTimeMs: number;
  /** Peak memory of the whole process tree, KiB. */
  memoryKiB: number;
  /** Exit code when the program exited, else null. */
  exitCode: number | null;
  /** Signal name (e.g. `SIGSEGV`) when the program was killed by a signal, else null. */
  signal: string | null;
  /** First bytes of stdout (UTF-8, invalid sequences replaced), bounded by the judge's preview size (OUTPUT_PREVIEW_BYTES). */
  stdout: string;
  /** First bytes of stderr, bounded likewise. */
  stderr: string;
  /**
   * Size of the run's whole stdout as the judge read it, bytes (the preview is its first bytes). A run
   * stopped for Output Limit Exceeded wrote more than the output limit; the count stops just past it.
   * Always sent by the API and in events; absent only on results stored before the field existed.
   */
  stdoutBytes?: number;
  /** Size of the run's stderr as the judge read it, bytes (the judge keeps at most 64 KiB or the preview size, the larger). Absent likewise. */
  stderrBytes?: number;
  /** Whether `stdout` is shorter than the output (`stdoutBytes` > the preview's bytes). Absent likewise. */
  stdoutTruncated?: boolean;
  /** Whether `stderr` is shorter than the run's stderr. Absent likewise. */
  stderrTruncated?: boolean;
  /** Why the checker decided as it did, e.g. `token 3: expected "5", got "6"` (a custom validator's judgemessage.txt). */
  checkerMessage: string | null;
  /** Test group the test case belongs to, e.g. `sample` or `secret/group1` (submissions against a problem), else absent or null. */
  group?: string | null;
  /** Name of the test case in its problem, e.g. `secret/group1/03-max` (submissions against a problem), else absent or null. */
  name?: string | null;
}
