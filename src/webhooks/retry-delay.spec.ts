import { describe, expect, it } from 'vitest';
import { nextAttemptDelayMs, retryAfterMs, retryDelayMs } from './retry-delay.js';

const schedule = { baseMs: 1000, maxMs: 60_000 };

describe('retryDelayMs', () => {
  it('doubles its ceiling per failure, from the base up to the cap', () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => retryDelayMs(n, schedule, () => 0.999999));
    expect(ceilings).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
  });

  it('draws each delay between half its ceiling and the ceiling (equal jitter)', () => {
    expect([1, 2, 3, 7].map((n) => retryDelayMs(n, schedule, () => 0))).toEqual([500, 1000, 2000, 30000]);
    expect(retryDelayMs(3, schedule, () => 0.5)).toBe(3000);
    for (let i = 0; i < 200; i++) {
      const delay = retryDelayMs(4, schedule);
      expect(delay).toBeGreaterThanOrEqual(4000);
      expect(delay).toBeLessThanOrEqual(8000);
    }
  });

  it('never overflows for huge failure counts and treats 0 as the first failure', () => {
    expect(retryDelayMs(10_000, schedule, () => 0.999999)).toBe(60000);
    expect(retryDelayMs(0, schedule, () => 0)).toBe(500);
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');

  it('reads delay-seconds and HTTP-dates, ms; nothing else', () => {
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
    expect(retryAfterMs('Tue, 01 Dec 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Tue, 01 Dec 2026 11:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs(undefined, now)).toBeNull();
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs('-5', now)).toBeNull();
    expect(retryAfterMs('1.5', now)).toBeNull();
  });

  it('waits for the longer of the schedule and the receiver, never beyond the cap', () => {
    expect(nextAttemptDelayMs(1, schedule, null, () => 0)).toBe(500);
    expect(nextAttemptDelayMs(1, schedule, 10_000, () => 0)).toBe(10_000);
    expect(nextAttemptDelayMs(3, schedule, 100, () => 0)).toBe(2000);
    expect(nextAttemptDelayMs(1, schedule, 3_600_000, () => 0)).toBe(60_000);
  });
});
