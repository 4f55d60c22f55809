import { describe, expect, it } from 'vitest';
import { acceptedRunLimitMs, derivedTimeLimitMs, normalizedCpuTimeMs, TIME_LIMIT_STEP_MS } from './time-limit.js';

describe("verification's time-limit rule", () => {
  it("runs accepted submissions with the package's limit, or the server maximum when it gave none", () => {
    expect(acceptedRunLimitMs(1500, 10_000)).toBe(1500);
    expect(acceptedRunLimitMs(null, 10_000)).toBe(10_000);
  });

  it("counts an accepted run's CPU time divided by its language's time multiplier", () => {
    expect(normalizedCpuTimeMs(300, 1)).toBe(300);
    expect(normalizedCpuTimeMs(300, 2)).toBe(150);
  });

  it('derives slowest accepted × the time multiplier, rounded up to 100 ms', () => {
    expect(TIME_LIMIT_STEP_MS).toBe(100);
    expect(derivedTimeLimitMs(120, 5, 2000, 10_000)).toBe(600); // legacy default multiplier 5
    expect(derivedTimeLimitMs(121, 2, 2000, 10_000)).toBe(300); // 242 ms, ac_to_time_limit 2
    expect(derivedTimeLimitMs(150, 2, 2000, 10_000)).toBe(300); // exactly a step stays
  });

  it('never derives less than one step nor more than the server maximum', () => {
    expect(derivedTimeLimitMs(0, 5, 2000, 10_000)).toBe(100);
    expect(derivedTimeLimitMs(3, 2, 2000, 10_000)).toBe(100);
    expect(derivedTimeLimitMs(4000, 5, 2000, 10_000)).toBe(10_000);
  });

  it("falls back to the problem's stored limit, rounded the same way, when no accepted run was accepted", () => {
    expect(derivedTimeLimitMs(null, 5, 2000, 10_000)).toBe(2000);
    expect(derivedTimeLimitMs(null, 5, 1234, 10_000)).toBe(1300);
    expect(derivedTimeLimitMs(null, 5, 20_000, 10_000)).toBe(10_000);
  });
});
