import { Verdict } from '../../libs/contracts/index.js';
import { RunStatus, type RunResult } from '../../libs/sandbox/index.js';
import type { CheckerResult } from './checkers/checker-result.js';

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
  switch (run.status) {
    case RunStatus.CpuTimeLimit:
    case RunStatus.WallTimeLimit:
      return { verdict: Verdict.TimeLimitExceeded, checkerMessage: null };
    case RunStatus.MemoryLimit:
      return { verdict: Verdict.MemoryLimitExceeded, checkerMessage: null };
    case RunStatus.OutputLimit:
      return { verdict: Verdict.OutputLimitExceeded, checkerMessage: null };
    case RunStatus.Signaled:
      // RLIMIT_CPU's backstop signal: the CPU time limit, not a crash.
      if (run.signal === 'SIGXCPU') return { verdict: Verdict.TimeLimitExceeded, checkerMessage: null };
      return { verdict: Verdict.RuntimeError, checkerMessage: null };
    case RunStatus.Exited:
      break;
  }
  if (run.exitCode !== 0) {
    if (outOfMemory?.test(run.stderr.toString('utf8'))) return { verdict: Verdict.MemoryLimitExceeded, checkerMessage: null };
    return { verdict: Verdict.RuntimeError, checkerMessage: null };
  }
  if (!check) return { verdict: Verdict.Accepted, checkerMessage: null };
  const result = check();
  return { verdict: result.accepted ? Verdict.Accepted : Verdict.WrongAnswer, checkerMessage: result.message };
}
