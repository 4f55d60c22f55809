/** How a problem is scored: pass-fail (accepted or not) or scoring (points per test group). */
export enum ProblemType {
  PassFail = 'pass-fail',
  Scoring = 'scoring',
}
