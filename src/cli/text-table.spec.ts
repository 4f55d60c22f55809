import { describe, expect, it } from 'vitest';
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

  it('prints the header and rule alone for no rows', () => {
    expect(formatTable([{ header: 'id' }, { header: 'name' }], [])).toBe('id  name\n--  ----');
  });
});
