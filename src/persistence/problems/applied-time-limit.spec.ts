import { describe, expect, it } from 'vitest';
import { appliedLimits, appliedTimeLimit } from './applied-time-limit.js';
import type { DerivedTimeLimit } from './problem-records.js';

const limits = { cpuTimeMs: 5000, wallTimeMs: 15_000, memoryKiB: 65536, outputKiB: 1024 };
const derivedTimeLimit: DerivedTimeLimit = { ms: 300, verificationId: 'v', problemRevision: 1, at: new Date() };

describe('appliedTimeLimit / appliedLimits', () => {
  it('package source: the stated limit, or the server default when none was stated; limits unchanged', () => {
    expect(appliedTimeLimit({ limits, timeLimitGiven: true, timeLimitSource: 'package', derivedTimeLimit })).toEqual({
      ms: 5000,
      from: 'stated',
    });
    expect(appliedTimeLimit({ limits, timeLimitGiven: false, timeLimitSource: 'package', derivedTimeLimit: null })).toEqual({
      ms: 5000,
      from: 'server-default',
    });
    expect(appliedLimits({ limits, timeLimitGiven: true, timeLimitSource: 'package', derivedTimeLimit }, 30_000)).toEqual(limits);
  });

  it('derived source: the stored derived limit, wall time by the default rule; before a verification stored one, the stated', () => {
    const p = { limits, timeLimitGiven: true, timeLimitSource: 'derived' as const, derivedTimeLimit };
    expect(appliedTimeLimit(p)).toEqual({ ms: 300, from: 'derived' });
    expect(appliedLimits(p, 30_000)).toEqual({ ...limits, cpuTimeMs: 300, wallTimeMs: 900 });
    expect(appliedLimits({ ...p, derivedTimeLimit: { ...derivedTimeLimit, ms: 4000 } }, 10_000)).toMatchObject({
      cpuTimeMs: 4000,
      wallTimeMs: 10_000,
    });
    expect(appliedTimeLimit({ ...p, derivedTimeLimit: null })).toEqual({ ms: 5000, from: 'stated' });
  });
});
