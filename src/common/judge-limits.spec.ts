import { describe, expect, it } from 'vitest';
import { limitsAboveMaxima, limitsAboveMaximaMessages, resolveLimits, type LimitBounds } from './judge-limits.js';

const settings = (defaultWallTimeMs: number): LimitBounds => ({
  defaults: { cpuTimeMs: 2000, wallTimeMs: defaultWallTimeMs, memoryKiB: 262144, outputKiB: 16384 },
  maxima: { cpuTimeMs: 10000, wallTimeMs: 30000, memoryKiB: 1048576, outputKiB: 65536 },
});

describe('resolveLimits', () => {
  it('fills every missing limit with its default; wall time 3 × CPU time', () => {
    expect(resolveLimits(undefined, settings(0))).toEqual({ cpuTimeMs: 2000, wallTimeMs: 6000, memoryKiB: 262144, outputKiB: 16384 });
  });

  it('derives the default wall time from the requested CPU time, capped at the maximum', () => {
    expect(resolveLimits({ cpuTimeMs: 1000 }, settings(0)).wallTimeMs).toBe(3000);
    expect(resolveLimits({ cpuTimeMs: 10000 }, settings(0)).wallTimeMs).toBe(30000);
    expect(resolveLimits({ cpuTimeMs: 9000 }, settings(0)).wallTimeMs).toBe(27000);
    expect(resolveLimits({ cpuTimeMs: 10000 }, { ...settings(0), maxima: { ...settings(0).maxima, wallTimeMs: 20000 } }).wallTimeMs).toBe(
      20000,
    );
  });

  it('uses DEFAULT_WALL_TIME_MS when set, and requested values as given', () => {
    expect(resolveLimits({ cpuTimeMs: 1000 }, settings(5000)).wallTimeMs).toBe(5000);
    expect(resolveLimits({ cpuTimeMs: 1000, wallTimeMs: 700, memoryKiB: 1, outputKiB: 2 }, settings(0))).toEqual({
      cpuTimeMs: 1000,
      wallTimeMs: 700,
      memoryKiB: 1,
      outputKiB: 2,
    });
  });
});

describe('limitsAboveMaxima (the one limits-vs-maxima check)', () => {
  const { maxima } = settings(0);

  it('allows a limit equal to its maximum and ignores absent ones', () => {
    expect(limitsAboveMaxima(maxima, maxima)).toEqual([]);
    expect(limitsAboveMaxima({}, maxima)).toEqual([]);
    expect(limitsAboveMaxima(undefined, maxima)).toEqual([]);
  });

  it('names each limit above its maximum, in field order, with value and maximum', () => {
    expect(limitsAboveMaxima({ outputKiB: 65537, cpuTimeMs: 10001, memoryKiB: 1 }, maxima)).toEqual([
      { field: 'cpuTimeMs', value: 10001, maximum: 10000 },
      { field: 'outputKiB', value: 65537, maximum: 65536 },
    ]);
  });

  it('as API messages: `<path>.<field> must not be greater than <maximum>`', () => {
    expect(limitsAboveMaximaMessages({ wallTimeMs: 30001, memoryKiB: 1048577 }, maxima)).toEqual([
      'limits.wallTimeMs must not be greater than 30000',
      'limits.memoryKiB must not be greater than 1048576',
    ]);
    expect(limitsAboveMaximaMessages({ cpuTimeMs: 99999 }, maxima, 'body.limits')).toEqual([
      'body.limits.cpuTimeMs must not be greater than 10000',
    ]);
  });
});
