import { describe, expect, it } from 'vitest';
import type { JudgeLimits } from '../../../libs/contracts/index.js';
import { scaledLimits } from './worker-speed.js';

const limits: JudgeLimits = { cpuTimeMs: 1000, wallTimeMs: 3000, memoryKiB: 262144, outputKiB: 8192 };

describe('scaledLimits', () => {
  it('leaves limits as stated unless the worker scales them, or when its speed is unknown', () => {
    expect(scaledLimits(limits, { factor: 0.5, benchmarkMs: 174, scalesLimits: false })).toBe(limits);
    expect(scaledLimits(limits, { factor: null, benchmarkMs: null, scalesLimits: true })).toBe(limits);
  });

  it('gives a slower host more time and a faster one less, time limits only, rounded up', () => {
    expect(scaledLimits(limits, { factor: 0.5, benchmarkMs: 174, scalesLimits: true })).toEqual({
      ...limits,
      cpuTimeMs: 2000,
      wallTimeMs: 6000,
    });
    expect(scaledLimits(limits, { factor: 3, benchmarkMs: 29, scalesLimits: true })).toEqual({
      ...limits,
      cpuTimeMs: 334,
      wallTimeMs: 1000,
    });
  });

  it('never scales by more than ×4 or less than ×0.25, whatever the benchmark said', () => {
    expect(scaledLimits(limits, { factor: 0.01, benchmarkMs: 8700, scalesLimits: true }).cpuTimeMs).toBe(4000);
    expect(scaledLimits(limits, { factor: 100, benchmarkMs: 0.87, scalesLimits: true }).cpuTimeMs).toBe(250);
  });
});
