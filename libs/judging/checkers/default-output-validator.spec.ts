import { describe, expect, it } from 'vitest';
import { defaultOutputValidator, type DefaultValidatorOptions } from './default-output-validator.js';

describe('defaultOutputValidator (ICPC default output validator)', () => {
  it('accepts equal tokens whatever the whitespace, CRLF and trailing newlines', () => {
    expect(defaultOutputValidator('1 2\r\n3   \r\n\r\n', '1\n2 3\n').accepted).toBe(true);
    expect(defaultOutputValidator('42', '42\n').accepted).toBe(true);
  });

  it('rejects a different token and names it', () => {
    const r = defaultOutputValidator('1 2 4\n', '1 2 3\n');
    expect(r).toEqual({ accepted: false, message: expect.stringContaining('token 3: expected "3", got "4"') });
  });

  it('rejects a different token count either way', () => {
    expect(defaultOutputValidator('1 2\n', '1 2 3\n').message).toMatch(/output ended after 2 tokens/);
    expect(defaultOutputValidator('1 2 3 4\n', '1 2 3\n').message).toMatch(/extra token 4 "4"/);
    expect(defaultOutputValidator('', '0\n').accepted).toBe(false);
  });

  it('compares case-insensitively unless case_sensitive', () => {
    expect(defaultOutputValidator('yes\n', 'YES\n').accepted).toBe(true);
    expect(defaultOutputValidator('yes\n', 'YES\n', { caseSensitive: true }).accepted).toBe(false);
  });

  it('with space_change_sensitive, whitespace must match exactly', () => {
    expect(defaultOutputValidator('1 2\n', '1 2\n', { spaceChangeSensitive: true }).accepted).toBe(true);
    expect(defaultOutputValidator('1  2\n', '1 2\n', { spaceChangeSensitive: true }).accepted).toBe(false);
    expect(defaultOutputValidator('1 2\r\n', '1 2\n', { spaceChangeSensitive: true }).accepted).toBe(false);
  });

  it('compares floats within the absolute or relative tolerance, in any float format', () => {
    const opts = { floatAbsoluteTolerance: 1e-6, floatRelativeTolerance: 1e-6 };
    expect(defaultOutputValidator('3.14159e0\n', '3.14159\n', opts).accepted).toBe(true);
    expect(defaultOutputValidator('3.1406\n', '3.14159\n', opts).accepted).toBe(false);
    expect(defaultOutputValidator('1000000.5\n', '1000000\n', { floatRelativeTolerance: 1e-6 }).accepted).toBe(true);
    expect(defaultOutputValidator('abc\n', '1.5\n', opts).message).toMatch(/expected a number/);
  });

  it('without a tolerance, floats compare as text', () => {
    expect(defaultOutputValidator('1.50\n', '1.5\n').accepted).toBe(false);
  });

  it('with hideAnswer, never quotes the answer nor a difference that gives it away', () => {
    const hide = { hideAnswer: true };
    const cases: [string, string, DefaultValidatorOptions][] = [
      ['1 2 4\n', '1 2 SECRET3\n', {}],
      ['1 2\n', '1 2 SECRET3\n', {}],
      ['2.5\n', '7.25\n', { floatAbsoluteTolerance: 1e-6 }],
      ['abc\n', '7.25\n', { floatAbsoluteTolerance: 1e-6 }],
    ];
    for (const [output, answer, options] of cases) {
      const r = defaultOutputValidator(output, answer, options, hide);
      expect(r.accepted).toBe(false);
      expect(r.message).not.toMatch(/SECRET|7\.25|4\.75/);
    }
    expect(defaultOutputValidator('1 2 4\n', '1 2 3\n', {}, hide).message).toBe('token 3: "4" is wrong (line 1)');
  });
});
