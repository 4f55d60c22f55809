import { describe, expect, it } from 'vitest';
import type { JudgeLimitsSettings } from '../config/judge-limits.config.js';
import { resolveLimits } from './resolve-limits.js';

const settings = (defaultWallTimeMs: number): JudgeLimitsSettings => ({
  maxSourceBytes: 65536,
  maxTestCases: 100,
  maxTestDataBytes: 8 << 20,
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
    expect(resolveLimits({ cpuTimeMs: 10000 }, { ...settings(0), maxima: { ...settings(0).maxima, wallTimeMs: 20000 } }).wallTimeMs).toBe(20000);
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
