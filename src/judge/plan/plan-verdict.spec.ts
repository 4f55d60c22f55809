import { describe, expect, it } from 'vitest';
import { Verdict, type GroupResult, type TestResult } from '../../../libs/contracts/index.js';
import type { PlannedGroup } from './judge-plan.js';
import { planVerdict } from './plan-verdict.js';

const group = (name: string, extra: Partial<PlannedGroup> = {}): PlannedGroup => ({
  name,
  points: name === 'sample' ? 0 : 50,
  sample: name === 'sample',
  first: 0,
  count: 1,
  ...extra,
});
const test = (groupName: string, verdict: Verdict): TestResult => ({ group: groupName, verdict }) as TestResult;
const result = (name: string, verdict: Verdict | null): GroupResult => ({ name, verdict, points: 50, score: 0, testCount: 1, passed: 0 });

describe('planVerdict', () => {
  const results = [test('sample', Verdict.Accepted), test('secret/a', Verdict.Accepted), test('secret/b', Verdict.WrongAnswer)];
  const groups = [result('sample', Verdict.Accepted), result('secret/a', Verdict.Accepted), result('secret/b', Verdict.WrongAnswer)];

  it('is the first rejected test, else Accepted, without accept_if_any_accepted', () => {
    const plan = { groups: [group('sample'), group('secret/a'), group('secret/b')] };
    expect(planVerdict(plan, results, groups)).toBe(Verdict.WrongAnswer);
    expect(planVerdict(plan, results.slice(0, 2), groups.slice(0, 2))).toBe(Verdict.Accepted);
  });

  it("accepts when any part of secret is accepted under accept_if_any_accepted (problemtools' examples/oddecho)", () => {
    const plan = {
      groups: [group('sample'), group('secret/a', { acceptIfAnyAccepted: true }), group('secret/b', { acceptIfAnyAccepted: true })],
    };
    expect(planVerdict(plan, results, groups)).toBe(Verdict.Accepted);
  });

  it('is still the first rejection when no part of secret is accepted, or when a sample is rejected', () => {
    const plan = {
      groups: [group('sample'), group('secret/a', { acceptIfAnyAccepted: true }), group('secret/b', { acceptIfAnyAccepted: true })],
    };
    const none = [test('sample', Verdict.Accepted), test('secret/a', Verdict.TimeLimitExceeded), test('secret/b', Verdict.WrongAnswer)];
    expect(
      planVerdict(plan, none, [
        result('sample', Verdict.Accepted),
        result('secret/a', Verdict.TimeLimitExceeded),
        result('secret/b', Verdict.WrongAnswer),
      ]),
    ).toBe(Verdict.TimeLimitExceeded);
    const badSample = [test('sample', Verdict.RuntimeError), ...results.slice(1)];
    expect(planVerdict(plan, badSample, [result('sample', Verdict.RuntimeError), ...groups.slice(1)])).toBe(Verdict.RuntimeError);
  });

  it('counts a single accepted test case right in secret as a part', () => {
    const plan = { groups: [group('secret', { acceptIfAnyAccepted: true, count: 2 })] };
    const rs = [test('secret', Verdict.Accepted), test('secret', Verdict.WrongAnswer)];
    expect(planVerdict(plan, rs, [result('secret', Verdict.WrongAnswer)])).toBe(Verdict.Accepted);
  });

  it("leaves the samples out under the root's ignore_sample: oddecho's partially accepted sol.py is AC (50)", () => {
    const plan = {
      groups: [
        group('sample', { ignoreInVerdict: true }),
        group('secret/a', { acceptIfAnyAccepted: true }),
        group('secret/b', { acceptIfAnyAccepted: true }),
      ],
    };
    const rs = [test('sample', Verdict.WrongAnswer), test('secret/a', Verdict.Accepted), test('secret/b', Verdict.RuntimeError)];
    const gs = [result('sample', Verdict.WrongAnswer), result('secret/a', Verdict.Accepted), result('secret/b', Verdict.RuntimeError)];
    expect(planVerdict(plan, rs, gs)).toBe(Verdict.Accepted);
    // Without accept_if_any_accepted the first rejection in secret decides; the sample's WA still does not.
    expect(planVerdict({ groups: [group('sample', { ignoreInVerdict: true }), group('secret/a'), group('secret/b')] }, rs, gs)).toBe(
      Verdict.RuntimeError,
    );
  });
});
