import { Verdict } from '../../../libs/contracts/index.js';
import type { InteractiveOutcome } from '../checkers/custom-validator.runner.js';
import type { TestDecision } from './test-decision.js';
import { validatorDecision } from './validator-decision.js';

/**
 * The verdict of an interactive test, by the problem package format's rule: the interactor's
 * Wrong Answer if it exited first (the submission may then fail only because its input ended);
 * else the submission's own verdict (time limit, crash, ...) if it has one; else the
 * interactor's verdict (Accepted, Wrong Answer, or Internal Error when it failed).
 * Messages follow `validatorDecision` (what a submitter may see of a secret test).
 * @param submissionVerdict `runVerdict` of the submission's run (null: a clean exit).
 */
export function interactiveDecision(
  outcome: Pick<InteractiveOutcome, 'validator' | 'validatorExitedFirst'>,
  submissionVerdict: Verdict | null,
  reveal: boolean,
): TestDecision {
  const { validator } = outcome;
  if (outcome.validatorExitedFirst && validator.verdict === Verdict.WrongAnswer)
    return validatorDecision(Verdict.WrongAnswer, validator, reveal);
  if (submissionVerdict) return validatorDecision(submissionVerdict, validator, reveal);
  return validatorDecision(validator.verdict, validator, reveal);
}
