/**
 * Verdicts a judge gives, with the abbreviations contest systems use
 * (ICPC, DOMjudge, Codeforces): the wire value is the abbreviation.
 */
export enum Verdict {
  Accepted = 'AC',
  WrongAnswer = 'WA',
  TimeLimitExceeded = 'TLE',
  MemoryLimitExceeded = 'MLE',
  OutputLimitExceeded = 'OLE',
  RuntimeError = 'RE',
  CompilationError = 'CE',
  InternalError = 'IE',
}

/** Human-readable name of each verdict, for logs and UIs. */
export const VERDICT_NAMES: Readonly<Record<Verdict, string>> = {
  [Verdict.Accepted]: 'Accepted',
  [Verdict.WrongAnswer]: 'Wrong Answer',
  [Verdict.TimeLimitExceeded]: 'Time Limit Exceeded',
  [Verdict.MemoryLimitExceeded]: 'Memory Limit Exceeded',
  [Verdict.OutputLimitExceeded]: 'Output Limit Exceeded',
  [Verdict.RuntimeError]: 'Runtime Error',
  [Verdict.CompilationError]: 'Compilation Error',
  [Verdict.InternalError]: 'Internal Error',
};
