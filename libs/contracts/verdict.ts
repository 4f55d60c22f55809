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
