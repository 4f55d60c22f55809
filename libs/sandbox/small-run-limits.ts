import type { RunLimits } from './run-request.js';

/**
 * Limits of a short run of the worker's own fixed programs (the sandbox's smoke test at start, the
 * speed benchmark): 2 s of CPU time, 5 s of wall time, 64 MiB of memory, 4 KiB of output, 8 tasks,
 * 1 MiB files, 64 open files and a 1 MiB /tmp. Tests start from them too, overriding what they probe.
 */
export const SMALL_RUN_LIMITS: Readonly<RunLimits> = {
  cpuTimeMs: 2000,
  wallTimeMs: 5000,
  memoryKiB: 64 * 1024,
  stdoutBytes: 4096,
  stderrBytes: 4096,
  processes: 8,
  fileSizeBytes: 1 << 20,
  openFiles: 64,
  tmpBytes: 1 << 20,
};
