import { SubmissionStatus, type Verdict } from '../../../libs/contracts/index.js';

/** The full name of each verdict, as the page shows it. */
const VERDICT_NAMES: Record<Verdict, string> = {
  AC: 'Accepted',
  WA: 'Wrong Answer',
  TLE: 'Time Limit Exceeded',
  MLE: 'Memory Limit Exceeded',
  OLE: 'Output Limit Exceeded',
  RE: 'Runtime Error',
  CE: 'Compilation Error',
  IE: 'Internal Error',
};

/** `Accepted`, `Wrong Answer`, ... for a verdict's wire value. */
export function verdictName(verdict: Verdict): string {
  return VERDICT_NAMES[verdict] ?? verdict;
}

/** What a submission without a verdict yet is doing, in words. */
export function statusName(status: SubmissionStatus): string {
  switch (status) {
    case SubmissionStatus.Queued:
      return 'Queued';
    case SubmissionStatus.Compiling:
      return 'Compiling';
    case SubmissionStatus.Running:
      return 'Running';
    case SubmissionStatus.Finished:
      return 'Finished';
  }
}
