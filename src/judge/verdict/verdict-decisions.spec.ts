import { describe, expect, it } from 'vitest';
import { CheckerKind, Verdict } from '../../../libs/contracts/index.js';
import { RunStatus, type RunResult } from '../../../libs/sandbox/index.js';
import type { ValidatorOutcome } from '../checkers/custom-validator.runner.js';
import { DEFAULT_CHECKER, type CheckerData } from '../../persistence/problems/problem-records.js';
import { defaultValidatorDecision, defaultValidatorSetup } from './default-validator-decision.js';
import { interactiveDecision } from './interactive-decision.js';
import { validatorDecision } from './validator-decision.js';

const checker = (over: Partial<CheckerData> = {}): CheckerData => ({ ...DEFAULT_CHECKER, ...over });

const outcome = (over: Partial<ValidatorOutcome>): ValidatorOutcome => ({
  verdict: Verdict.Accepted,
  message: null,
  teamMessage: null,
  score: null,
  failure: null,
  ...over,
});

describe('defaultValidatorSetup', () => {
  it('applies the problem settings, then its flags, then the group flags', () => {
    expect(defaultValidatorSetup(checker({ caseSensitive: true, floatAbsoluteTolerance: 0.5 }), [])).toEqual({
      ok: true,
      options: { caseSensitive: true, spaceChangeSensitive: false, floatAbsoluteTolerance: 0.5 },
    });
    const setup = defaultValidatorSetup(checker({ args: ['float_tolerance 1e-3'] }), [
      'float_relative_tolerance 1e-6',
      'space_change_sensitive',
    ]);
    expect(setup).toEqual({
      ok: true,
      options: { caseSensitive: false, spaceChangeSensitive: true, floatAbsoluteTolerance: 1e-3, floatRelativeTolerance: 1e-6 },
    });
    expect(defaultValidatorSetup(null, [])).toEqual({ ok: true, options: {} });
  });

  it('makes bad flags an Internal Error naming them (the package is broken, not the submission)', () => {
    const setup = defaultValidatorSetup(checker({ args: ['float_tolerance x'] }), ['ignore_case']);
    expect(setup.ok).toBe(false);
    if (setup.ok) return;
    expect(setup.decision.verdict).toBe(Verdict.InternalError);
    expect(setup.decision.checkerMessage).toMatch(/^bad output validator flags: /);
    expect(setup.decision.checkerMessage).toContain('float_tolerance needs a non-negative number after it, not "x"');
    expect(setup.decision.checkerMessage).toContain('unknown default output validator flag "ignore_case"');
  });
});

describe('defaultValidatorDecision', () => {
  it('accepts with no message', () => {
    expect(defaultValidatorDecision(Buffer.from('3\n'), Buffer.from('3'), {}, false)).toEqual({
      verdict: Verdict.Accepted,
      checkerMessage: null,
      judgeMessage: null,
    });
  });

  it('on a sample quotes the answer to the submitter', () => {
    const d = defaultValidatorDecision(Buffer.from('1 6\n'), Buffer.from('1 5\n'), {}, true);
    expect(d.verdict).toBe(Verdict.WrongAnswer);
    expect(d.checkerMessage).toBe('token 2: expected "5", got "6" (line 1)');
    expect(d.judgeMessage).toBe(d.checkerMessage);
  });

  it('on a secret test tells the submitter only the verdict (not even which token), and keeps the full message for operators', () => {
    const d = defaultValidatorDecision(Buffer.from('1 6\n'), Buffer.from('1 5\n'), {}, false);
    expect(d.verdict).toBe(Verdict.WrongAnswer);
    expect(d.checkerMessage).toBeNull();
    expect(d.judgeMessage).toBe('token 2: expected "5", got "6" (line 1)');
    const short = defaultValidatorDecision(Buffer.from('1\n'), Buffer.from('1 secret-token\n'), {}, false);
    expect(short.checkerMessage).toBeNull();
    expect(short.judgeMessage).toContain('secret-token');
  });
});

describe('validatorDecision (custom output validator messages)', () => {
  const rejected = outcome({ verdict: Verdict.WrongAnswer, message: 'expected 5 (the answer)', teamMessage: ' too small \n' });

  it('shows a sample the judge message', () => {
    expect(validatorDecision(Verdict.WrongAnswer, rejected, true)).toEqual({
      verdict: Verdict.WrongAnswer,
      checkerMessage: 'expected 5 (the answer)',
      judgeMessage: 'expected 5 (the answer)',
    });
  });

  it('shows a secret test only the team message (trimmed), keeping the judge message for operators', () => {
    expect(validatorDecision(Verdict.WrongAnswer, rejected, false)).toEqual({
      verdict: Verdict.WrongAnswer,
      checkerMessage: 'too small',
      judgeMessage: 'expected 5 (the answer)',
    });
    expect(
      validatorDecision(Verdict.WrongAnswer, outcome({ verdict: Verdict.WrongAnswer, message: 'the answer is 5' }), false).checkerMessage,
    ).toBeNull();
  });

  it("shows a secret test's validator failure without the validator's output", () => {
    const failed = outcome({
      verdict: Verdict.InternalError,
      message: 'the output validator exited with code 1 (expected 42 or 43)\njudgemessage: answer was 5',
      failure: 'the output validator exited with code 1 (expected 42 or 43)',
      teamMessage: 'team text',
    });
    expect(validatorDecision(Verdict.InternalError, failed, false)).toEqual({
      verdict: Verdict.InternalError,
      checkerMessage: 'the output validator exited with code 1 (expected 42 or 43)',
      judgeMessage: failed.message,
    });
  });
});

describe('interactiveDecision (problemtools and DOMjudge)', () => {
  const wa = outcome({ verdict: Verdict.WrongAnswer, message: 'judge: wrong guess', teamMessage: 'wrong guess' });
  const ac = outcome({ verdict: Verdict.Accepted });
  const failed = outcome({
    verdict: Verdict.InternalError,
    message: 'the output validator was killed by SIGSEGV',
    failure: 'the output validator was killed by SIGSEGV',
  });
  const exited = { status: RunStatus.Exited, signal: null };
  const brokenPipe = { status: RunStatus.Signaled, signal: 'SIGPIPE' as const };
  const decide = (validator: ValidatorOutcome, validatorExitedFirst: boolean, submission: Verdict | null, run: object = exited) =>
    interactiveDecision({ run: run as RunResult, validator, validatorExitedFirst }, submission, false);

  it('makes an interactor that failed Internal Error, whatever the submission did and whoever exited first', () => {
    expect(decide(failed, true, null).verdict).toBe(Verdict.InternalError);
    expect(decide(failed, false, Verdict.TimeLimitExceeded).verdict).toBe(Verdict.InternalError);
    expect(decide(failed, false, Verdict.RuntimeError).verdict).toBe(Verdict.InternalError);
  });

  it("gives the interactor's Wrong Answer when it exited first, whatever the submission then did", () => {
    expect(decide(wa, true, Verdict.RuntimeError).verdict).toBe(Verdict.WrongAnswer);
    expect(decide(wa, true, Verdict.TimeLimitExceeded).verdict).toBe(Verdict.WrongAnswer);
    expect(decide(wa, true, null).checkerMessage).toBe('wrong guess');
  });

  it("else gives the submission's own verdict: a loop after the interactor accepted is TLE", () => {
    expect(decide(wa, false, Verdict.TimeLimitExceeded).verdict).toBe(Verdict.TimeLimitExceeded);
    expect(decide(ac, true, Verdict.TimeLimitExceeded).verdict).toBe(Verdict.TimeLimitExceeded);
    expect(decide(ac, true, Verdict.RuntimeError).verdict).toBe(Verdict.RuntimeError);
    expect(decide(ac, false, Verdict.MemoryLimitExceeded).verdict).toBe(Verdict.MemoryLimitExceeded);
  });

  it('lets the interactor decide when the submission died of a broken pipe', () => {
    expect(decide(ac, true, Verdict.RuntimeError, brokenPipe).verdict).toBe(Verdict.Accepted);
    expect(decide(wa, false, Verdict.RuntimeError, brokenPipe).verdict).toBe(Verdict.WrongAnswer);
  });

  it("else the interactor's verdict", () => {
    expect(interactiveDecision({ run: exited as RunResult, validator: wa, validatorExitedFirst: false }, null, true)).toEqual({
      verdict: Verdict.WrongAnswer,
      checkerMessage: 'judge: wrong guess',
      judgeMessage: 'judge: wrong guess',
    });
    expect(decide(ac, false, null).verdict).toBe(Verdict.Accepted);
  });
});
