import { Verdict } from '../../../libs/contracts/index.js';
import type { VerificationStatus } from './verification.schema.js';

/** One package submission in a verification report. */
export interface VerificationEntry {
  path: string;
  language: string | null;
  expected: string;
  expectedVerdicts: Verdict[];
  verdict: Verdict | null;
  ok: boolean | null;
  cpuTimeMs: number;
  testsRun: number;
  score: number | null;
  message: string | null;
}

/** A verification report as the API returns it. */
export interface VerificationView {
  id: string;
  problemId: string;
  problemRevision: number;
  status: VerificationStatus;
  timeLimitMs: number | null;
  timeLimitDerived: boolean;
  tleThresholdMs: number | null;
  timeLimitApplied: boolean;
  slowestAcceptedMs: number | null;
  entries: VerificationEntry[];
  ok: boolean | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/**
 * Verdicts each `submissions/<folder>/` allows (problem package format; `rejected` allows any
 * rejection, as BAPCtools and DOMjudge read it). Null: a folder Verdict does not know.
 */
export function expectedVerdictsOf(folder: string): Verdict[] | null {
  switch (folder) {
    case 'accepted':
      return [Verdict.Accepted];
    // Legacy and 2023-07 scoring packages (problemtools): accepted with a score, full or not.
    case 'partially_accepted':
      return [Verdict.Accepted];
    case 'wrong_answer':
      return [Verdict.WrongAnswer];
    case 'time_limit_exceeded':
      return [Verdict.TimeLimitExceeded];
    // The format's RTE: a crash, or a memory or output limit exceeded (problemtools' own examples/hello keeps
    // its over-the-memory-limit submission in run_time_error).
    case 'run_time_error':
    case 'runtime_error':
      return [Verdict.RuntimeError, Verdict.MemoryLimitExceeded, Verdict.OutputLimitExceeded];
    case 'memory_limit_exceeded':
      return [Verdict.MemoryLimitExceeded];
    case 'output_limit_exceeded':
      return [Verdict.OutputLimitExceeded];
    case 'compile_error':
      return [Verdict.CompilationError];
    case 'rejected':
      return [
        Verdict.WrongAnswer,
        Verdict.TimeLimitExceeded,
        Verdict.RuntimeError,
        Verdict.MemoryLimitExceeded,
        Verdict.OutputLimitExceeded,
      ];
    default:
      return null;
  }
}
