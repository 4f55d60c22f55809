import { describe, expect, it } from 'vitest';
import { Verdict } from '../../../libs/contracts/index.js';
import { PackageError } from './package.error.js';
import { expectedResultsOf, SubmissionsYaml } from './submission-expectations.js';

describe('SubmissionsYaml', () => {
  it("gives a default folder its defaults, overridden key by key by the folder's own entry", () => {
    const y = SubmissionsYaml.parse('time_limit_exceeded:\n  permitted: [AC, WA, TLE]\n');
    expect(y.expectationOf('time_limit_exceeded/slow.py').requirements).toEqual([
      { tests: null, permitted: ['AC', 'WA', 'TLE'], required: ['TLE'], score: null, message: null },
    ]);
    expect(y.expectationOf('accepted/a.c').requirements).toEqual([
      { tests: null, permitted: ['AC'], required: null, score: null, message: null },
    ]);
    expect(y.expectationOf('mixed/a.c').requirements).toEqual([]);
  });

  it('adds every matching glob, with its test data groups, language and use_for_time_limit', () => {
    const y = SubmissionsYaml.parse(
      [
        'time_limit_exceeded/solves_easy.py:',
        '  language: pypy3',
        '  use_for_time_limit: false',
        '  sample:',
        '    permitted: [AC]',
        '  secret/*-hard:',
        '    permitted: [AC, TLE]',
        '    required: [TLE]',
        'mixed/{a,b}.c:',
        '  required: [WA]',
        '  score: [10, 20]',
        '  message: too small',
        '',
      ].join('\n'),
    );
    const e = y.expectationOf('time_limit_exceeded/solves_easy.py');
    expect(e.language).toBe('pypy3');
    expect(e.useForTimeLimit).toBe(false);
    expect(e.requirements).toEqual([
      { tests: null, permitted: ['AC', 'TLE'], required: ['TLE'], score: null, message: null },
      { tests: 'sample', permitted: ['AC'], required: null, score: null, message: null },
      { tests: 'secret/*-hard', permitted: ['AC', 'TLE'], required: ['TLE'], score: null, message: null },
    ]);
    expect(y.expectationOf('mixed/b.c').requirements).toEqual([
      { tests: null, permitted: null, required: ['WA'], score: [10, 20], message: 'too small' },
    ]);
    expect(y.expectationOf('mixed/c.c').requirements).toEqual([]);
  });

  it('refuses, naming key and line, a verdict, score or language the format does not have', () => {
    const refused = (text: string, path = 'accepted/a.c') => {
      try {
        SubmissionsYaml.parse(text).expectationOf(path);
      } catch (e) {
        expect(e).toBeInstanceOf(PackageError);
        return (e as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refused('accepted:\n  permitted: [AC, MLE]\n')).toBe(
      'submissions/submissions.yaml line 2: accepted.permitted has "MLE", not one of AC, WA, TLE, RTE',
    );
    expect(refused('accepted:\n  score: [5, 1]\n')).toMatch(/line 2: accepted.score must be a number or a list of two numbers/);
    expect(refused('accepted:\n  sample:\n    language: c\n')).toMatch(
      /accepted.sample.language is not a requirement of a test data group/,
    );
    expect(refused('accepted/a.c:\n  language: cobol\n')).toBe(
      'submissions/submissions.yaml line 2: accepted/a.c.language "cobol" is not a language Verdict judges',
    );
    expect(refused('accepted: 3\n')).toMatch(/accepted must be a map of requirements/);
  });
});

describe('expectedResultsOf (DOMjudge @EXPECTED_RESULTS@)', () => {
  it('reads the list in any comment style, mapping DOMjudge names to verdicts', () => {
    expect(expectedResultsOf('submissions/mixed/a.py', 'mixed', '# x\n# @EXPECTED_RESULTS@: ACCEPTED,WRONG_ANSWER\n')).toEqual([
      Verdict.Accepted,
      Verdict.WrongAnswer,
    ]);
    expect(expectedResultsOf('submissions/rejected/a.c', 'rejected', '/* @EXPECTED_RESULTS@: TIMELIMIT, RUN-ERROR */\n')).toEqual([
      Verdict.TimeLimitExceeded,
      Verdict.RuntimeError,
      Verdict.MemoryLimitExceeded,
    ]);
    expect(expectedResultsOf('submissions/mixed/a.c', 'mixed', 'int main(){}\n')).toBeNull();
  });

  it('is ignored in the four official folders, as DOMjudge does', () => {
    expect(expectedResultsOf('submissions/accepted/a.py', 'accepted', '# @EXPECTED_RESULTS@: WRONG-ANSWER\n')).toBeNull();
    expect(expectedResultsOf('submissions/run_time_error/a.py', 'run_time_error', '# @EXPECTED_RESULTS@: CORRECT\n')).toBeNull();
  });

  it('refuses a result name DOMjudge does not have, naming file and line', () => {
    expect(() => expectedResultsOf('submissions/mixed/a.py', 'mixed', '\n# @EXPECTED_RESULTS@: CORRECT, SLOW\n')).toThrow(
      'submissions/mixed/a.py line 2: @EXPECTED_RESULTS@ has "SLOW", not a DOMjudge result (CORRECT, WRONG-ANSWER, TIMELIMIT, RUN-ERROR, ...)',
    );
  });
});
