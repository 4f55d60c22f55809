import { describe, expect, it } from 'vitest';
import { HOSTILE, TERMINAL_CONTROL } from '../../test/support/submission-views.js';
import { formatTable } from './text-table.js';

describe('formatTable', () => {
  it('sizes each column to its widest cell, aligns numbers right, and trims trailing spaces', () => {
    const table = formatTable(
      [{ header: 'test', align: 'right' }, { header: 'verdict' }, { header: 'CPU ms', align: 'right' }, { header: 'note' }],
      [
        ['1', 'AC', '14', ''],
        ['10', 'TLE', '2001', 'killed'],
      ],
    );
    expect(table.split('\n')).toEqual([
      'test  verdict  CPU ms  note',
      '----  -------  ------  ------',
      '   1  AC           14',
      '  10  TLE        2001  killed',
    ]);
  });

  it('keeps one row on one line (line breaks and tabs become spaces) and fills missing cells', () => {
    expect(formatTable([{ header: 'a' }, { header: 'b' }], [['x\ny\tz']])).toBe('a      b\n-----  -\nx y z');
  });

  it('replaces terminal controls in cells with U+FFFD, so the widths count what is shown', () => {
    const table = formatTable([{ header: 'name' }, { header: 'n' }], [[HOSTILE, '1']]);
    expect(table).not.toMatch(TERMINAL_CONTROL);
    expect(table.split('\n')[2]).toBe('\ufffd]0;PWNED\ufffd\ufffd[2J\ufffdgotcha\ufffd31m\ufffdevil  1');
  });

  it('prints the header and rule alone for no rows', () => {
    expect(formatTable([{ header: 'id' }, { header: 'name' }], [])).toBe('id  name\n--  ----');
  });
});
