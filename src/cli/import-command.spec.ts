import { describe, expect, it } from 'vitest';
import { HOSTILE, TERMINAL_CONTROL } from '../../test/support/submission-views.js';
import { formatImported } from './import-command.js';
import type { ProblemSummary } from './server-messages.js';

const problem: ProblemSummary = {
  id: '6b0cf7de9a5a2d7dba1e512f',
  slug: 'aplusb',
  title: 'A plus B',
  testCount: 3,
  packageFormat: 'icpc',
  groups: [
    { name: 'sample', sample: true, points: 0, testCases: [{}] },
    { name: 'secret', sample: false, points: 0, testCases: [{}, {}] },
  ],
};

describe('formatImported', () => {
  it('names the problem, counts its sample and secret test cases, then lists the groups', () => {
    expect(formatImported(problem).split('\n')).toEqual([
      'imported problem aplusb (id 6b0cf7de9a5a2d7dba1e512f): A plus B',
      '3 test cases (1 sample, 2 secret), package format icpc',
      '',
      'group   tests  points',
      '------  -----  ------',
      'sample      1       0',
      'secret      2       0',
    ]);
  });

  it("prints the server's slug, id, title, format and group names without terminal controls", () => {
    const hostile = { ...problem, slug: HOSTILE, id: HOSTILE, title: `A\n${HOSTILE}`, packageFormat: HOSTILE };
    const text = formatImported({ ...hostile, groups: [{ ...problem.groups[0], name: HOSTILE }] });
    expect(text).not.toMatch(TERMINAL_CONTROL);
    expect(text.split('\n')[0]).toBe(
      'imported problem \ufffd]0;PWNED\ufffd\ufffd[2J\ufffdgotcha\ufffd31m\ufffdevil (id \ufffd]0;PWNED\ufffd\ufffd[2J\ufffdgotcha\ufffd31m\ufffdevil): A \ufffd]0;PWNED\ufffd\ufffd[2J\ufffdgotcha\ufffd31m\ufffdevil',
    );
  });
});
