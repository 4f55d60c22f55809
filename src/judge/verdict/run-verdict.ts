import { Verdict } from '../../../libs/contracts/index.js';
import { RunStatus, type RunResult } from '../../../libs/sandbox/index.js';

/**
 * The verdict that how the run ended decides on its own, in the order judges use: limits first
 * (time, memory, output: the program did not finish fairly), then crashes (a signal, a non-zero
 * exit, or the runtime's own out-of-memory report, which is Memory Limit Exceeded).
 * @param outOfMemory the language's pattern for its runtime's out-of-memory message on stderr
 *   (`LanguageDefinition.outOfMemory`).
 * @returns the verdict, or null for a clean exit (status Exited, code 0): then the checker decides.
 */
export function runVerdict(run: RunResult, outOfMemory: RegExp | undefined): Verdict | null {
  switch (run.status) {
    case RunStatus.CpuTimeLimit:
    case RunStatus.WallTimeLimit:
      return Verdict.TimeLimitExceeded;
    case RunStatus.MemoryLimit:
      return Verdict.MemoryLimitExceeded;
    case RunStatus.OutputLimit:
      return Verdict.OutputLimitExceeded;
    case RunStatus.Signaled:
      // SIGXCPU (RLIMIT_CPU) never gets here: the sandbox reports it as CpuTimeLimit (run-outcome.ts).
      break;
    case RunStatus.Exited:
      if (run.exitCode === 0) return null;
      break;
  }
  // A crash or a failing exit. A runtime that reports running out of memory under its own cap
  // may exit (the JVM) or abort (V8: SIGABRT): either way that is Memory Limit Exceeded.
  if (outOfMemory?.test(run.stderr.toString('utf8'))) return Verdict.MemoryLimitExceeded;
  return Verdict.RuntimeError;
}
