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
 * with the first difference. On a secret test case (`reveal` false) the submitter's message
 * never quotes the answer (the validator's `hideAnswer` wording, e.g. `token 3: "6" is wrong
 * (line 2)`); the full message, quoting it, is the judge message for operators.
 */
export function defaultValidatorDecision(output: Buffer, answer: Buffer, options: DefaultValidatorOptions, reveal: boolean): TestDecision {
  const shown = defaultOutputValidator(output, answer, options, { hideAnswer: !reveal });
  if (shown.accepted) return { verdict: Verdict.Accepted, checkerMessage: null, judgeMessage: null };
  const full = reveal ? shown.message : defaultOutputValidator(output, answer, options).message;
  return { verdict: Verdict.WrongAnswer, checkerMessage: shown.message, judgeMessage: full };
}
