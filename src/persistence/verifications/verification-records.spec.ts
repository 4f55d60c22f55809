import { describe, expect, it } from 'vitest';
import { Verdict } from '../../../libs/contracts/index.js';
import { expectedVerdictsOf } from './verification-records.js';

describe('expectedVerdictsOf', () => {
  it("lets run_time_error hold the format's whole RTE: a crash, a memory limit or an output limit exceeded", () => {
    expect(expectedVerdictsOf('run_time_error')).toEqual([Verdict.RuntimeError, Verdict.MemoryLimitExceeded, Verdict.OutputLimitExceeded]);
    expect(expectedVerdictsOf('run_time_error')).not.toContain(Verdict.TimeLimitExceeded);
  });

  it('keeps the other folders to their one verdict, and knows no folder outside the format', () => {
    expect(expectedVerdictsOf('wrong_answer')).toEqual([Verdict.WrongAnswer]);
    expect(expectedVerdictsOf('time_limit_exceeded')).toEqual([Verdict.TimeLimitExceeded]);
    expect(expectedVerdictsOf('misc')).toBeNull();
  });
});

describe('expectedVerdictsOf partially_accepted', () => {
  it("expects Accepted with whatever score, as problemtools' verifyproblem does", () => {
    expect(expectedVerdictsOf('partially_accepted')).toEqual([Verdict.Accepted]);
  });
});
