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
