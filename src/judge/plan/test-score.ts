import { Verdict } from '../../../libs/contracts/index.js';
import type { JudgedTest } from './test-case.runner.js';

/** Slack when a score.txt is compared with a test case's worth (floating-point sums of points / cases). */
const SCORE_EPSILON = 1e-9;

/**
 * The score of one test case of a `sum` or `min` group (problem package format 2025-09, "Scoring
 * test cases"): 0 when rejected; else the output validator's score.txt, or its score_multiplier.txt
 * × `worth`, or `worth` when it wrote neither.
 * @param worth the test case's maximum score: the group's points / its test cases (sum), or its points (min).
 * @returns the score, or the judge error to report (a file that is not one decimal number, NaN from
 *   the reader; both files written; score.txt above `worth` or negative; a multiplier outside [0, 1]).
 */
export function testScore(judged: Pick<JudgedTest, 'result' | 'score'>, worth: number): { score: number } | { problem: string } {
  if (judged.result.verdict !== Verdict.Accepted) return { score: 0 };
  const files = judged.score;
  if (!files || (files.score === null && files.multiplier === null)) return { score: worth };
  if (files.score !== null && Number.isNaN(files.score)) return { problem: "the output validator's score.txt is not a decimal number" };
  if (files.multiplier !== null && Number.isNaN(files.multiplier)) {
    return { problem: "the output validator's score_multiplier.txt is not a decimal number" };
  }
  if (files.score !== null && files.multiplier !== null) {
    return { problem: 'the output validator wrote both score.txt and score_multiplier.txt' };
  }
  if (files.score !== null) {
    if (files.score < 0 || files.score > worth + SCORE_EPSILON) {
      return { problem: `the output validator's score.txt ${files.score} is outside [0, ${worth}], the test case's maximum score` };
    }
    return { score: files.score };
  }
  const m = files.multiplier!;
  if (m < 0 || m > 1) return { problem: `the output validator's score_multiplier.txt ${m} is outside [0, 1]` };
  return { score: m * worth };
}

/** `x` rounded to 6 decimals (sums of fractions of points, stored and shown). */
export function roundScore(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
