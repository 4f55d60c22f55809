import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../libs/judging/index.js';
import { precompiledHeaderArgv } from './precompiled-headers.service.js';
import { ResolvedLanguage } from './languages/resolved-language.js';

describe('precompiledHeaderArgv', () => {
  it("builds the header with the compile's own compiler and flags, as a header, into the output", () => {
    const cpp17 = new ResolvedLanguage(
      LANGUAGES.find((l) => l.id === 'cpp17')!,
      { gxx: '/usr/bin/g++' },
      'g++ 12',
      [],
    );
    const compile = cpp17.compileArgv('pch.h')!;
    expect(precompiledHeaderArgv(compile, 'pch.h', 'c++-header', 'stdc++.h.gch')).toEqual([
      '/usr/bin/g++',
      '-std=gnu++17',
      '-O2',
      '-pipe',
      '-o',
      'stdc++.h.gch',
      '-x',
      'c++-header',
      'pch.h',
    ]);
  });

  it('refuses a compile argv without an output or without the source', () => {
    expect(() => precompiledHeaderArgv(['cc', 'pch.h'], 'pch.h', 'c-header', 'x.gch')).toThrow(/no -o/);
    expect(() => precompiledHeaderArgv(['cc', '-o', 'main', 'other.c'], 'pch.h', 'c-header', 'x.gch')).toThrow(/no pch\.h/);
  });

  it('is declared for the g++ languages only', () => {
    expect(LANGUAGES.filter((l) => l.precompiledHeader).map((l) => l.id)).toEqual(['cpp17', 'cpp20', 'cpp23']);
  });
});
