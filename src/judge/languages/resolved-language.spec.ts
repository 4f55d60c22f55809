import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../libs/judging/index.js';
import { ResolvedLanguage } from './resolved-language.js';

describe('ResolvedLanguage.runEnv', () => {
  const csharp = LANGUAGES.find((l) => l.id === 'csharp');
  if (!csharp) throw new Error('the languages table has no csharp row');

  it("fills {memoryMiB} with the run's memory limit in whole MiB (rounded down, at least 1)", () => {
    const lang = new ResolvedLanguage(csharp, { mono: '/usr/bin/mono' }, 'Mono 6.8', []);
    expect(lang.runEnv(262144)).toEqual({ MONO_GC_PARAMS: 'max-heap-size=256m' });
    expect(lang.runEnv(1500)).toEqual({ MONO_GC_PARAMS: 'max-heap-size=1m' });
    expect(lang.runEnv(100)).toEqual({ MONO_GC_PARAMS: 'max-heap-size=1m' });
  });

  it('is undefined for a language without a run environment', () => {
    const c = LANGUAGES.find((l) => l.id === 'c');
    if (!c) throw new Error('the languages table has no c row');
    expect(new ResolvedLanguage(c, {}, 'gcc 12', []).runEnv(65536)).toBeUndefined();
  });
});
