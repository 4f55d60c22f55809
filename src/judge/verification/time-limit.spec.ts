import { describe, expect, it } from 'vitest';
import { DEFAULT_TIME_LIMIT_RULES, LEGACY_TIME_LIMIT_RULES, type TimeLimitRules } from '../../persistence/problems/problem-records.js';
import { acceptedRunLimitMs, derivedTimeLimitMs, normalizedCpuTimeMs, tleThresholdMs } from './time-limit.js';

const modern = (over: Partial<TimeLimitRules> = {}): TimeLimitRules => ({ ...DEFAULT_TIME_LIMIT_RULES, ...over });
const legacy = (over: Partial<TimeLimitRules> = {}): TimeLimitRules => ({ ...LEGACY_TIME_LIMIT_RULES, ...over });

describe("verification's time-limit rules (problem package format, Problem timing)", () => {
  it('has the format defaults: 2 / 1.5 / 1 s, legacy 5 / 2 / whole seconds', () => {
    expect(DEFAULT_TIME_LIMIT_RULES).toEqual({ legacy: false, acToTimeLimit: 2, timeLimitToTle: 1.5, timeResolutionMs: 1000 });
    expect(LEGACY_TIME_LIMIT_RULES).toEqual({ legacy: true, acToTimeLimit: 5, timeLimitToTle: 2, timeResolutionMs: 1000 });
  });

  it('runs accepted submissions with the stated limit, or the server maximum when deriving', () => {
    expect(acceptedRunLimitMs(1500, 10_000)).toBe(1500);
    expect(acceptedRunLimitMs(null, 10_000)).toBe(10_000);
  });

  it("counts an accepted run's CPU time divided by its language's time multiplier", () => {
    expect(normalizedCpuTimeMs(300, 1)).toBe(300);
    expect(normalizedCpuTimeMs(300, 2)).toBe(150);
  });

  it('derives the smallest multiple of time_resolution ≥ slowest accepted × ac_to_time_limit', () => {
    expect(derivedTimeLimitMs(120, modern())).toBe(1000); // 240 ms → 1 s (default resolution)
    expect(derivedTimeLimitMs(600, modern())).toBe(2000); // 1200 ms → 2 s: rounded up, never to nearest
    expect(derivedTimeLimitMs(121, modern({ timeResolutionMs: 100 }))).toBe(300); // 242 ms → 300
    expect(derivedTimeLimitMs(150, modern({ timeResolutionMs: 100 }))).toBe(300); // exactly a multiple stays
    expect(derivedTimeLimitMs(0.15 * 1000, modern({ acToTimeLimit: 3, timeResolutionMs: 50 }))).toBe(450); // 0.15 × 3 is 0.45000000000000007 in binary
    expect(derivedTimeLimitMs(400, modern({ acToTimeLimit: 2.5, timeResolutionMs: 250 }))).toBe(1000);
  });

  it('never derives less than one time_resolution (problemtools: max(1, ceil(...)) × resolution)', () => {
    expect(derivedTimeLimitMs(0, modern())).toBe(1000);
    expect(derivedTimeLimitMs(3, modern({ timeResolutionMs: 100 }))).toBe(100);
  });

  it('legacy: ⌈slowest × time_multiplier⌉ whole seconds', () => {
    expect(derivedTimeLimitMs(120, legacy())).toBe(1000); // 0.6 s → 1 s
    expect(derivedTimeLimitMs(300, legacy())).toBe(2000); // 1.5 s → 2 s (problemtools' old round-to-nearest would give 2 too)
    expect(derivedTimeLimitMs(220, legacy())).toBe(2000); // 1.1 s → 2 s (round-to-nearest would give 1)
    expect(derivedTimeLimitMs(200, legacy({ acToTimeLimit: 3 }))).toBe(1000);
  });

  it('a time_limit_exceeded submission must run ≥ limit × time_limit_to_tle (legacy time_safety_margin), whole ms', () => {
    expect(tleThresholdMs(1000, modern())).toBe(1500);
    expect(tleThresholdMs(300, modern({ timeLimitToTle: 4 }))).toBe(1200);
    expect(tleThresholdMs(1000, legacy())).toBe(2000);
    expect(tleThresholdMs(333, modern({ timeLimitToTle: 1.5 }))).toBe(500); // 499.5 rounded up
    expect(tleThresholdMs(100, modern({ timeLimitToTle: 1.1 }))).toBe(110); // 110.00000000000001 in binary
  });
});
