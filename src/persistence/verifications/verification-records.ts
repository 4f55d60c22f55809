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

/**
 * One thing input validation found wrong: a test case an input validator rejected (or, in
 * `data/invalid_input/`, one no validator rejected), or a validator that does not build or that
 * failed to operate (any exit but 42 and 43, a crash, a limit): the package's fault, never the judge's.
 */
export interface InputValidationProblem {
  /** The test case's name (`secret/03-max`, `invalid_input/neg`), or null for a validator that does not build. */
  testCase: string | null;
  /** The input validator's path in the package, or null when no single validator is at fault. */
  validator: string | null;
  problem: string;
  /** The validator's stderr (at most 2 KiB, trimmed), or null. */
  stderr: string | null;
}

/** What input validation found over a problem's test data (problem package format, "Input Validators"). */
export interface InputValidationReport {
  /** True when every test case of sample and secret was accepted by every validator, and every invalid input rejected by one. */
  ok: boolean;
  /** The validators run, by path in the package. */
  validators: string[];
  /** Test cases of sample and secret that every validator ran on. */
  testCasesChecked: number;
  /** Test cases of `data/invalid_input/` run. */
  invalidInputsChecked: number;
  /** What went wrong, in test data order (at most 50; `ok` counts them all). */
  problems: InputValidationProblem[];
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
  /** True: only the input validators run (the verification an import of a package with input validators queues). */
  inputOnly: boolean;
  entries: VerificationEntry[];
  /** The input validators' findings; null until they ran, or when the problem has none. */
  inputValidation: InputValidationReport | null;
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
