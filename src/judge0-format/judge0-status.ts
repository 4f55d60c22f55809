import { constants } from 'node:os';
import { SubmissionStatus, Verdict, type SubmissionView, type TestResult } from '../../libs/contracts/index.js';

/**
 * Judge0 CE's submission statuses, ids 1–14, with Judge0's own descriptions (its `GET /statuses`;
 * 14 was added in Judge0 1.13). The one list: `GET /statuses`, the mapping below and docs/judge0.md
 * use these.
 */
export const JUDGE0_STATUSES = [
  { id: 1, description: 'In Queue' },
  { id: 2, description: 'Processing' },
  { id: 3, description: 'Accepted' },
  { id: 4, description: 'Wrong Answer' },
  { id: 5, description: 'Time Limit Exceeded' },
  { id: 6, description: 'Compilation Error' },
  { id: 7, description: 'Runtime Error (SIGSEGV)' },
  { id: 8, description: 'Runtime Error (SIGXFSZ)' },
  { id: 9, description: 'Runtime Error (SIGFPE)' },
  { id: 10, description: 'Runtime Error (SIGABRT)' },
  { id: 11, description: 'Runtime Error (NZEC)' },
  { id: 12, description: 'Runtime Error (Other)' },
  { id: 13, description: 'Internal Error' },
  { id: 14, description: 'Exec Format Error' },
] as const;

/** A Judge0 status as Judge0 sends it: `{ id, description }`. */
export type Judge0Status = (typeof JUDGE0_STATUSES)[number];

/** The status with Judge0 id `id` (1..14). */
function status(id: Judge0Status['id']): Judge0Status {
  return JUDGE0_STATUSES[id - 1]!;
}

/** Judge0's runtime-error statuses by the signal that ended the program (isolate's `SG` status); any other signal is 12. */
const RUNTIME_ERROR_BY_SIGNAL: Readonly<Record<string, Judge0Status['id']>> = {
  SIGSEGV: 7,
  SIGXFSZ: 8,
  SIGFPE: 9,
  SIGABRT: 10,
};

/**
 * The Judge0 status of a program that did not end cleanly, as Judge0 decides it from isolate's
 * report: a fatal signal gives 7–10 by signal (12 for any other), a non-zero exit code 11 (NZEC).
 */
function runtimeErrorStatus(test: TestResult | undefined): Judge0Status {
  if (test?.signal) return status(RUNTIME_ERROR_BY_SIGNAL[test.signal] ?? 12);
  if (test?.exitCode !== null && test?.exitCode !== undefined && test.exitCode !== 0) return status(11);
  return status(12);
}

/** The test whose result decided the verdict: the last one run (judging stops at the first rejected test). */
export function decidingTest(view: SubmissionView): TestResult | undefined {
  return view.tests.at(-1);
}

/**
 * The Judge0 status of a Verdict submission.
 * - queued → 1 In Queue; compiling or running → 2 Processing;
 * - AC 3, WA 4, TLE 5, CE 6, IE 13; RE 7–12 by signal or exit code (Judge0's rule);
 * - MLE, which Judge0 does not have: the status Judge0 itself gives such a program, i.e. the runtime
 *   error of how it ended (killed by the cgroup's SIGKILL → 12, a runtime's own out-of-memory exit
 *   such as Java's OutOfMemoryError → 11); the precise verdict is in the `verdict` field;
 * - OLE, which Judge0 does not have either: 8 Runtime Error (SIGXFSZ), what Judge0 reports when a
 *   program writes more than max_file_size.
 */
export function judge0StatusOf(view: SubmissionView): Judge0Status {
  if (view.status === SubmissionStatus.Queued) return status(1);
  if (view.status !== SubmissionStatus.Finished || view.verdict === null) return status(2);
  switch (view.verdict) {
    case Verdict.Accepted:
      return status(3);
    case Verdict.WrongAnswer:
      return status(4);
    case Verdict.TimeLimitExceeded:
      return status(5);
    case Verdict.CompilationError:
      return status(6);
    case Verdict.OutputLimitExceeded:
      return status(8);
    case Verdict.RuntimeError:
    case Verdict.MemoryLimitExceeded:
      return runtimeErrorStatus(decidingTest(view));
    case Verdict.InternalError:
      return status(13);
  }
}

/** The number of signal `name` (e.g. `SIGSEGV` → 11) on this host, as Judge0's `exit_signal` gives it; null when unknown. */
export function signalNumber(name: string | null): number | null {
  if (!name) return null;
  return (constants.signals as Record<string, number | undefined>)[name] ?? null;
}
