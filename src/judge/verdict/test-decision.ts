import type { Verdict } from '../../../libs/contracts/index.js';
import type { ValidatorScore } from '../checkers/custom-validator.runner.js';

/** The verdict of one test case and what its checker said, split by who may read it. */
export interface TestDecision {
  verdict: Verdict;
  /**
   * Shown to the submitter (the result's `checkerMessage`, in views and events): never quotes a
   * secret test case's answer (see `PlannedTest.reveal`). Null when there is nothing to say.
   */
  checkerMessage: string | null;
  /**
   * The checker's full message (the default validator's unhidden message, a custom validator's
   * judgemessage.txt), stored with the result for operators and never shown; null when none.
   */
  judgeMessage: string | null;
  /** What a custom output validator said of the test's score (score.txt, score_multiplier.txt), if anything. */
  score?: ValidatorScore;
}

/** A verdict the run decided on its own (limits, crash): no checker ran, nothing to say. */
export function runOnlyDecision(verdict: Verdict): TestDecision {
  return { verdict, checkerMessage: null, judgeMessage: null };
}
