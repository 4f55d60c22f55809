import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../libs/judging/index.js';
import { judge0LanguageDetails, judge0Languages, languageForJudge0Id, versionNumber } from './judge0-languages.js';

const offered = [
  { id: 'c', name: 'C17 (gcc -O2)', version: 'gcc (Debian 12.2.0-14) 12.2.0' },
  { id: 'python3', name: 'Python 3', version: 'Python 3.11.2' },
  { id: 'javascript', name: 'JavaScript (Node.js)', version: 'v22.12.0' },
];

describe('Judge0 language ids', () => {
  it('each id names at most one language of the table', () => {
    const ids = LANGUAGES.flatMap((l) => l.judge0?.ids ?? []);
    expect(new Set(ids).size).toBe(ids.length);
    expect(languageForJudge0Id(50)?.id).toBe('c');
    expect(languageForJudge0Id(70)).toBeUndefined();
    // Judge0 CE's ids of the further languages.
    expect([51, 61, 64, 65, 67, 68, 72, 85].map((id) => languageForJudge0Id(id)?.id)).toEqual([
      'csharp',
      'haskell',
      'lua',
      'ocaml',
      'pascal',
      'php',
      'ruby',
      'perl',
    ]);
  });

  it('lists every id of each offered language, by id, with Verdict’s detected version in the name', () => {
    expect(judge0Languages(offered)).toEqual([
      { id: 48, name: 'C (GCC 12.2.0)' },
      { id: 49, name: 'C (GCC 12.2.0)' },
      { id: 50, name: 'C (GCC 12.2.0)' },
      { id: 63, name: 'JavaScript (Node.js 22.12.0)' },
      { id: 71, name: 'Python (3.11.2)' },
      { id: 92, name: 'Python (3.11.2)' },
      { id: 93, name: 'JavaScript (Node.js 22.12.0)' },
      { id: 103, name: 'C (GCC 12.2.0)' },
    ]);
  });

  it('shows the details of an offered language, none for one no worker offers', () => {
    expect(judge0LanguageDetails(50, offered)).toEqual({
      id: 50,
      name: 'C (GCC 12.2.0)',
      is_archived: false,
      source_file: 'main.c',
      compile_cmd: 'gcc -std=gnu17 -O2 -pipe -o main main.c -lm',
      run_cmd: '/box/main',
    });
    expect(judge0LanguageDetails(71, offered)?.run_cmd).toBe('python -I -B main.py');
    expect(judge0LanguageDetails(54, offered)).toBeUndefined();
  });

  it('finds the version number in a version line', () => {
    expect(versionNumber('openjdk version "17.0.13" 2024-10-15')).toBe('17.0.13');
    expect(versionNumber('go version go1.19.8 linux/amd64')).toBe('1.19.8');
    expect(versionNumber('unknown')).toBe('unknown');
  });
});
