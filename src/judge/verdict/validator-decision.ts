import { Verdict } from '../../../libs/contracts/index.js';
import type { ValidatorOutcome } from '../checkers/custom-validator.runner.js';
import type { TestDecision } from './test-decision.js';

/**
 * A test's decision with a custom output validator's (or interactor's) messages, as the problem
 * package format means them: judgemessage.txt is for judges, teammessage.txt for the team.
 * Samples and inline test cases (`reveal`) show the judge message; secret test cases show only
 * the team message (or, for the validator's own Internal Error, what failed, without its output)
 * and keep the judge message for operators.
 * Carries the validator's score files (`score`) when it wrote any.
 * @param verdict the test's verdict (the validator's, or for an interactive test the one that wins).
 */
export function validatorDecision(verdict: Verdict, validator: ValidatorOutcome, reveal: boolean): TestDecision {
  // score.txt / score_multiplier.txt, only when it wrote one (scoring groups read them: test-score.ts).
  const score = validator.score ? { score: validator.score } : {};
  if (reveal) return { verdict, checkerMessage: validator.message, judgeMessage: validator.message, ...score };
  const shown = validator.verdict === Verdict.InternalError ? validator.failure : validator.teamMessage?.trim() || null;
  return { verdict, checkerMessage: shown, judgeMessage: validator.message, ...score };
}
