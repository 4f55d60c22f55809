import { Verdict } from '../../../libs/contracts/index.js';
import { RunStatus } from '../../../libs/sandbox/index.js';
import type { InteractiveOutcome } from '../checkers/custom-validator.runner.js';
import type { TestDecision } from './test-decision.js';
import { validatorDecision } from './validator-decision.js';

/**
 * The verdict of an interactive test, by the rules of problemtools (Kattis' reference judge) and
 * DOMjudge, in this order:
 * 1. an interactor that failed (crashed, ran out of a limit, exited with neither 42 nor 43) is the
 *    judge's error, Internal Error, whatever the submission did;
 * 2. the interactor's Wrong Answer when it exited first: the submission may then fail only
 *    because its input ended or its output was no longer read;
 * 3. the submission's own verdict (time limit first, then a crash or the memory limit), so a
 *    submission that loops after the interactor accepted is Time Limit Exceeded, not Accepted;
 * 4. else the interactor's verdict.
 * A submission killed by SIGPIPE (it wrote after the interactor stopped reading) has no verdict of
 * its own: the interactor decides, as in problemtools' interactive runner.
 * Messages follow `validatorDecision` (what a submitter may see of a secret test).
 * @param submissionVerdict `runVerdict` of the submission's run (null: a clean exit).
 */
export function interactiveDecision(
  outcome: Pick<InteractiveOutcome, 'run' | 'validator' | 'validatorExitedFirst'>,
  submissionVerdict: Verdict | null,
  reveal: boolean,
): TestDecision {
  const { validator, run } = outcome;
  if (validator.verdict === Verdict.InternalError) return validatorDecision(Verdict.InternalError, validator, reveal);
  if (outcome.validatorExitedFirst && validator.verdict === Verdict.WrongAnswer)
    return validatorDecision(Verdict.WrongAnswer, validator, reveal);
  const brokenPipe = run.status === RunStatus.Signaled && run.signal === 'SIGPIPE';
  if (submissionVerdict && !brokenPipe) return validatorDecision(submissionVerdict, validator, reveal);
  return validatorDecision(validator.verdict, validator, reveal);
}
