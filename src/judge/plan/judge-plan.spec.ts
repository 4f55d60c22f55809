import { describe, expect, it } from 'vitest';
import { CheckerKind } from '../../../libs/contracts/index.js';
import { defaultValidatorSetup } from '../verdict/default-validator-decision.js';
import { inlinePlan } from './judge-plan.js';

const testCases = [{ input: '', expectedOutput: '3.1416\n' }];

describe('inlinePlan', () => {
  it('without checker options: the default validator without flags', () => {
    const plan = inlinePlan(testCases);
    expect(plan.checker).toBeNull();
    expect(defaultValidatorSetup(plan.checker, [])).toEqual({ ok: true, options: {} });
  });

  it("with them: a default checker the problems' path reads (defaultValidatorSetup)", () => {
    const plan = inlinePlan(testCases, {
      caseSensitive: true,
      spaceChangeSensitive: false,
      floatAbsoluteTolerance: 1e-3,
      floatRelativeTolerance: null,
    });
    expect(plan.checker).toMatchObject({ kind: CheckerKind.Default, caseSensitive: true, floatAbsoluteTolerance: 1e-3, args: [] });
    expect(defaultValidatorSetup(plan.checker, [])).toEqual({
      ok: true,
      options: { caseSensitive: true, spaceChangeSensitive: false, floatAbsoluteTolerance: 1e-3 },
    });
  });
});

describe('inlinePlan, test cases by hash or as text', () => {
  const HASH_IN = 'a'.repeat(64);
  const HASH_OUT = 'b'.repeat(64);

  it("test cases stored by hash are files of the test data store, like a problem's", () => {
    const plan = inlinePlan([
      { inputHash: HASH_IN, inputBytes: 4, answerHash: HASH_OUT, answerBytes: 2 },
      { inputHash: HASH_IN, inputBytes: 4, answerHash: null, answerBytes: 0 },
    ]);
    expect(plan.tests.map((t) => [t.number, t.input, t.answer, t.reveal])).toEqual([
      [1, { hash: HASH_IN }, { hash: HASH_OUT }, true],
      [2, { hash: HASH_IN }, null, true],
    ]);
    expect(plan.groups).toEqual([{ name: '', points: 0, sample: false, first: 0, count: 2 }]);
  });

  it('test cases stored as text (older documents) are passed as text', () => {
    const plan = inlinePlan([
      { input: '1 2\n', expectedOutput: '3\n' },
      { input: '', expectedOutput: null },
    ]);
    expect(plan.tests.map((t) => [t.input, t.answer])).toEqual([
      [{ data: '1 2\n' }, { data: '3\n' }],
      [{ data: '' }, null],
    ]);
  });
});
