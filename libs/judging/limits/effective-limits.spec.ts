import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../languages/languages.table.js';
import { effectiveLimitsOf } from './effective-limits.js';

const limits = { cpuTimeMs: 1000, wallTimeMs: 3000, memoryKiB: 65536, outputKiB: 1024 };

describe('effectiveLimitsOf', () => {
  it("multiplies the time limits by the language's multiplier, adds its extra memory, keeps the output limit", () => {
    expect(effectiveLimitsOf({ timeMultiplier: 2, extraMemoryKiB: 131072 }, limits)).toEqual({
      cpuTimeMs: 2000,
      wallTimeMs: 6000,
      memoryKiB: 65536 + 131072,
      outputKiB: 1024,
    });
    expect(effectiveLimitsOf({ timeMultiplier: 1, extraMemoryKiB: 0 }, limits)).toEqual(limits);
  });

  it('rounds scaled times to whole ms', () => {
    expect(effectiveLimitsOf({ timeMultiplier: 1.5, extraMemoryKiB: 0 }, { ...limits, cpuTimeMs: 333, wallTimeMs: 101 })).toMatchObject({
      cpuTimeMs: 500,
      wallTimeMs: 152,
    });
  });

  it('python3 (README: time × 2) and java17 (× 2, 128 MiB extra) as the language table says', () => {
    const python = LANGUAGES.find((l) => l.id === 'python3')!;
    expect(effectiveLimitsOf(python, limits)).toMatchObject({ cpuTimeMs: 2000, wallTimeMs: 6000, memoryKiB: 65536 });
    const java = LANGUAGES.find((l) => l.id === 'java17')!;
    expect(effectiveLimitsOf(java, limits)).toMatchObject({ cpuTimeMs: 2000, memoryKiB: 65536 + 131072 });
  });
});
