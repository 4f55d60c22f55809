import { describe, expect, it } from 'vitest';
import { HOSTILE, TERMINAL_CONTROL } from '../../test/support/submission-views.js';
import { formatLanguages } from './languages-command.js';

describe('formatLanguages', () => {
  it('lists id, name, version and extensions', () => {
    const text = formatLanguages([{ id: 'c', name: 'C11 (gcc)', version: 'gcc 12.2.0', extensions: ['.c'] }]);
    expect(text.split('\n')).toEqual([
      'id  name       version     extensions',
      '--  ---------  ----------  ----------',
      'c   C11 (gcc)  gcc 12.2.0  .c',
    ]);
  });

  it("prints the server's ids, names, versions and extensions without terminal controls", () => {
    const text = formatLanguages([{ id: HOSTILE, name: HOSTILE, version: `12\r\n${HOSTILE}`, extensions: [HOSTILE] }]);
    expect(text).not.toMatch(TERMINAL_CONTROL);
    expect(text.split('\n')).toHaveLength(3);
    expect(text).toContain('PWNED');
  });
});
