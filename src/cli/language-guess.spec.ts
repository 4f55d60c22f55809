import { describe, expect, it } from 'vitest';
import type { LanguageInfo } from '../../libs/contracts/index.js';
import { CliError } from './cli-error.js';
import { guessLanguage } from './language-guess.js';

const lang = (id: string, extensions?: string[]): LanguageInfo => ({ id, name: id, version: '1', extensions });
const OFFERED = [
  lang('c', ['.c']),
  lang('cpp17', ['.cpp', '.cc', '.cxx', '.c++']),
  lang('cpp20', ['.cpp', '.cc', '.cxx', '.c++']),
  lang('pypy3', ['.py']),
  lang('python3', ['.py']),
  lang('java17', ['.java']),
  lang('rust', ['.rs']),
];

describe('guessLanguage', () => {
  it('picks the only language taking the extension, from the base name of a path', () => {
    expect(guessLanguage('/tmp/x/main.c', OFFERED)).toEqual({ id: 'c', alternatives: [] });
    expect(guessLanguage('lib.rs', OFFERED)).toEqual({ id: 'rust', alternatives: [] });
    expect(guessLanguage('Solution.java', OFFERED)).toEqual({ id: 'java17', alternatives: [] });
  });

  it('takes the longest matching extension (.c++ is C++, not C)', () => {
    expect(guessLanguage('a.c++', OFFERED).id).toBe('cpp17');
    expect(guessLanguage('a.cc', OFFERED).id).toBe('cpp17');
  });

  it('breaks a tie by the preferred language and names the others', () => {
    expect(guessLanguage('sum.py', OFFERED)).toEqual({ id: 'python3', alternatives: ['pypy3'] });
    expect(guessLanguage('sum.cpp', OFFERED)).toEqual({ id: 'cpp17', alternatives: ['cpp20'] });
    expect(guessLanguage('sum.py', [lang('pypy3', ['.py'])])).toEqual({ id: 'pypy3', alternatives: [] });
  });

  it('refuses a tie it has no preference for, naming the candidates and --language', () => {
    const tie = [lang('cpp20', ['.cpp']), lang('cpp23', ['.cpp'])];
    expect(() => guessLanguage('a.cpp', tie)).toThrow('a.cpp could be cpp20, cpp23: pass --language <id> to choose');
  });

  it('refuses an unknown extension, no extension, a bare extension and an older server without extensions, naming --language', () => {
    for (const name of ['prog.xyz', 'Makefile', '.py', 'main.C']) {
      expect(() => guessLanguage(name, OFFERED), name).toThrow(CliError);
      expect(() => guessLanguage(name, OFFERED), name).toThrow(/from its extension: pass --language <id> \(offered: c, cpp17, .*rust\)/);
    }
    expect(() => guessLanguage('a.py', [lang('python3')])).toThrow('pass --language <id> (offered: python3)');
    expect(() => guessLanguage('a.py', [])).toThrow('(offered: none)');
  });
});
