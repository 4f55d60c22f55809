import { describe, expect, it } from 'vitest';
import { Verdict, type TestResult } from '../../../libs/contracts/index.js';
import { roundScore, testScore } from './test-score.js';

const judged = (verdict: Verdict, score?: { score: number | null; multiplier: number | null }) => ({
  result: { verdict } as TestResult,
  ...(score ? { score } : {}),
});

describe('testScore (2025-09 scoring test cases)', () => {
  it('a rejected test case scores 0; an accepted one its worth, score.txt, or score_multiplier.txt × worth', () => {
    expect(testScore(judged(Verdict.WrongAnswer, { score: 5, multiplier: null }), 10)).toEqual({ score: 0 });
    expect(testScore(judged(Verdict.Accepted), 10)).toEqual({ score: 10 });
    expect(testScore(judged(Verdict.Accepted, { score: 3.5, multiplier: null }), 10)).toEqual({ score: 3.5 });
    expect(testScore(judged(Verdict.Accepted, { score: null, multiplier: 0.25 }), 10)).toEqual({ score: 2.5 });
  });

  it('names the judge errors: both files, score above the worth or negative, multiplier outside [0, 1]', () => {
    expect(testScore(judged(Verdict.Accepted, { score: 1, multiplier: 0.5 }), 10)).toEqual({
      problem: 'the output validator wrote both score.txt and score_multiplier.txt',
    });
    expect(testScore(judged(Verdict.Accepted, { score: 11, multiplier: null }), 10)).toEqual({
      problem: "the output validator's score.txt 11 is outside [0, 10], the test case's maximum score",
    });
    expect(testScore(judged(Verdict.Accepted, { score: null, multiplier: 1.5 }), 10)).toEqual({
      problem: "the output validator's score_multiplier.txt 1.5 is outside [0, 1]",
    });
    expect(roundScore(100 / 3 + 100 / 3 + 100 / 3)).toBe(100);
  });

  it("makes a score file that is not one decimal number the validator's error, never full marks", () => {
    // The reader gives NaN for a file that is there but holds `nan`, `inf`, `0x5`, nothing or two numbers.
    expect(testScore(judged(Verdict.Accepted, { score: NaN, multiplier: null }), 10)).toEqual({
      problem: "the output validator's score.txt is not a decimal number",
    });
    expect(testScore(judged(Verdict.Accepted, { score: null, multiplier: NaN }), 10)).toEqual({
      problem: "the output validator's score_multiplier.txt is not a decimal number",
    });
    // A rejected test case scores 0 whatever its files say.
    expect(testScore(judged(Verdict.WrongAnswer, { score: NaN, multiplier: null }), 10)).toEqual({ score: 0 });
  });
});
