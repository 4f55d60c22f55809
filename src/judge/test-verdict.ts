import { Verdict } from '../../libs/contracts/index.js';
import { RunStatus, type RunResult } from '../../libs/sandbox/index.js';
import type { CheckerResult } from '../../libs/judging/checkers/checker-result.js';

/** The verdict of one test and the checker's message, if the checker ran. */
export interface TestVerdict {
  verdict: Verdict;
  checkerMessage: string | null;
}

/**
 * Decides a test's verdict from how the run ended, in the order judges use: limits first
 * (time, memory, output: the program did not finish fairly), then crashes (signal, non-zero exit,
 * or the runtime's own out-of-memory report, which is Memory Limit Exceeded), and only for a
 * clean exit the checker. With no expected output, a clean exit is Accepted.
 * @param outOfMemory the language's pattern for its runtime's out-of-memory message on stderr.
 * @param check runs the checker on stdout; called only for a clean exit with an expected output.
 */
export function testVerdict(
  run: RunResult,
  outOfMemory: RegExp | undefined,
  check: (() => CheckerResult) | null,
): TestVerdict {
  const verdict = runVerdict(run, outOfMemory);
  if (verdict) return { verdict, checkerMessage: null };
  if (!check) return { verdict: Verdict.Accepted, checkerMessage: null };
  const result = check();
  return { verdict: result.accepted ? Verdict.Accepted : Verdict.WrongAnswer, checkerMessage: result.message };
}

/**
 * The verdict that how the run ended decides on its own (limits, crashes, the runtime's
 * out-of-memory report), or null for a clean exit: then the checker decides.
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
      // No special case for SIGXCPU: RLIMIT_CPU's backstop fires only past the cgroup's CPU limit,
      // which the sandbox reports as CpuTimeLimit first; an "exit 152" must not pass for it.
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
