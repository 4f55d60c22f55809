import type { Verdict } from './verdict.js';

/**
 * The outcome of one test group of a problem. A group scores its points only when every one of
 * its test cases is accepted; judging a group stops at its first rejected test case.
 */
export interface GroupResult {
  /** Group name, e.g. `sample`, `secret` or `secret/group1`. */
  name: string;
  /** Accepted when every test case passed, else the verdict of the first rejected one; null when the group was not judged. */
  verdict: Verdict | null;
  /** Points this group is worth (0 for samples and pass-fail problems). */
  points: number;
  /** Points scored: `points` when accepted, else 0. */
  score: number;
  /** Test cases in the group. */
  testCount: number;
  /** Test cases accepted. */
  passed: number;
}
