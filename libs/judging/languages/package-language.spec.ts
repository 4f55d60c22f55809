import { describe, expect, it } from 'vitest';
import { LANGUAGES } from './languages.table.js';
import { LANGUAGE_BY_EXTENSION, packageLanguageOf } from './package-language.js';
import { extensionsOf } from './source-file.js';

describe('LANGUAGE_BY_EXTENSION', () => {
  it("holds every extension of the languages table, Kotlin's .kt among them", () => {
    for (const language of LANGUAGES) for (const ext of extensionsOf(language)) expect(LANGUAGE_BY_EXTENSION[ext], ext).toBeDefined();
    expect(LANGUAGE_BY_EXTENSION['.kt']).toBe('kotlin');
    expect(LANGUAGE_BY_EXTENSION['.hs']).toBe('haskell');
  });

  it('judges a package C++ file as C++20, a .py file as CPython', () => {
    for (const ext of ['.cpp', '.cc', '.cxx', '.c++']) expect(LANGUAGE_BY_EXTENSION[ext]).toBe('cpp20');
    expect(LANGUAGE_BY_EXTENSION['.py']).toBe('python3');
  });
});

describe('packageLanguageOf', () => {
  it('reads a python2 #! line as problemtools does: Python 2, which Verdict does not offer', () => {
    expect(packageLanguageOf('submissions/accepted/a.py', '#!/usr/bin/env python2\nprint 1\n')).toEqual({
      language: null,
      reason: expect.stringMatching(/^Python 2 .* is not a language Verdict offers$/),
    });
    expect(packageLanguageOf('submissions/accepted/a.py', '#!/usr/bin/env python3\nprint(1)\n')).toEqual({ language: 'python3' });
    expect(packageLanguageOf('submissions/accepted/a.py', 'print(1)  # python2 would differ\n')).toEqual({ language: 'python3' });
  });

  it('names the extension no language has, in any case', () => {
    expect(packageLanguageOf('submissions/accepted/Main.SCALA', '')).toEqual({
      language: null,
      reason: 'no language Verdict offers has the extension ".scala"',
    });
    expect(packageLanguageOf('submissions/accepted/README', '')).toEqual({
      language: null,
      reason: 'no language Verdict offers has the extension (none)',
    });
    expect(packageLanguageOf('submissions/accepted/A.KT', '')).toEqual({ language: 'kotlin' });
  });

  it('names a directory as a multi-file submission', () => {
    expect(packageLanguageOf('submissions/accepted/multi/', '')).toEqual({
      language: null,
      reason: 'a multi-file submission (a directory) is not supported by Verdict',
    });
  });
});
