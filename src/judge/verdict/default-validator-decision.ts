import { Verdict } from '../../../libs/contracts/index.js';
import { defaultOutputValidator, type DefaultValidatorOptions, parseValidatorFlags } from '../../../libs/judging/index.js';
import type { CheckerData } from '../../persistence/problems/problem-records.js';
import type { TestDecision } from './test-decision.js';

/** The default output validator's options for one test, or the Internal Error its bad flags give. */
export type DefaultValidatorSetup = { ok: true; options: DefaultValidatorOptions } | { ok: false; decision: TestDecision };

/**
 * The ICPC default output validator's options for a test: the problem's checker settings, then
 * its flags, then the test group's (`validatorArgs`), later flags over earlier ones.
 * Flags the validator does not know (or a tolerance without a number) are the package's
 * mistake, found only when judging: Internal Error, as a judge system reports a broken validator.
 * @param checker the problem's checker; null for inline test cases (no flags).
 */
export function defaultValidatorSetup(checker: CheckerData | null, groupArgs: readonly string[]): DefaultValidatorSetup {
  const base: DefaultValidatorOptions = checker
    ? {
        caseSensitive: checker.caseSensitive,
        spaceChangeSensitive: checker.spaceChangeSensitive,
        ...(checker.floatAbsoluteTolerance !== null ? { floatAbsoluteTolerance: checker.floatAbsoluteTolerance } : {}),
        ...(checker.floatRelativeTolerance !== null ? { floatRelativeTolerance: checker.floatRelativeTolerance } : {}),
      }
    : {};
  const flags = parseValidatorFlags([...(checker?.args ?? []), ...groupArgs], base);
  if (flags.errors.length > 0) {
    const message = `bad output validator flags: ${flags.errors.join('; ')}`;
    return { ok: false, decision: { verdict: Verdict.InternalError, checkerMessage: message, judgeMessage: null } };
  }
  return { ok: true, options: flags.options };
}

/**
 * The default output validator's verdict on a clean run's `output` (bytes, as the answer): Accepted, or Wrong Answer
 * with the first difference. On a sample or inline test case (`reveal`) the submitter sees that
 * difference; on a secret test case only the verdict and the test's number: even a message that
 * never quotes the answer (`token 3 is wrong`, `the answer has more tokens`) would let a
 * submitter find a hidden answer token by token. The full message is the judge message, kept for
 * the problem's setters and operators.
 */
export function defaultValidatorDecision(output: Buffer, answer: Buffer, options: DefaultValidatorOptions, reveal: boolean): TestDecision {
  const outcome = defaultOutputValidator(output, answer, options);
  if (outcome.accepted) return { verdict: Verdict.Accepted, checkerMessage: null, judgeMessage: null };
  return { verdict: Verdict.WrongAnswer, checkerMessage: reveal ? outcome.message : null, judgeMessage: outcome.message };
}
