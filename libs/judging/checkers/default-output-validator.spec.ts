import { describe, expect, it } from 'vitest';
import { defaultOutputValidator, type DefaultValidatorOptions, type ValidatorMessageOptions } from './default-output-validator.js';

/** The validator on text (UTF-8) or bytes. */
function check(output: string | Buffer, answer: string | Buffer, options?: DefaultValidatorOptions, message?: ValidatorMessageOptions) {
  const bytes = (v: string | Buffer) => (typeof v === 'string' ? Buffer.from(v, 'utf8') : v);
  return defaultOutputValidator(bytes(output), bytes(answer), options, message);
}

describe('defaultOutputValidator (ICPC default output validator)', () => {
  it('compares bytes, never decoded text: invalid UTF-8 sequences differ from each other and from U+FFFD', () => {
    expect(check(Buffer.from([0x61, 0xff]), Buffer.from([0x61, 0xfe])).accepted).toBe(false);
    expect(check(Buffer.from([0xff]), '\uFFFD').accepted).toBe(false);
    expect(check(Buffer.from([0xff, 0x0a]), Buffer.from([0xff])).accepted).toBe(true);
  });

  it('folds case for ASCII letters only', () => {
    expect(check('YES\n', 'yes\n').accepted).toBe(true);
    expect(check('ÉTÉ\n', 'été\n').accepted).toBe(false);
    expect(check('ÉTÉ\n', 'ÉTÉ\n').accepted).toBe(true);
    expect(check('straße', 'STRASSE').accepted).toBe(false);
  });

  it('accepts equal tokens whatever the whitespace, CRLF and trailing newlines', () => {
    expect(check('1 2\r\n3   \r\n\r\n', '1\n2 3\n').accepted).toBe(true);
    expect(check('42', '42\n').accepted).toBe(true);
  });

  it('rejects a different token and names it', () => {
    const r = check('1 2 4\n', '1 2 3\n');
    expect(r).toEqual({ accepted: false, message: expect.stringContaining('token 3: expected "3", got "4"') });
  });

  it('rejects a different token count either way', () => {
    expect(check('1 2\n', '1 2 3\n').message).toMatch(/output ended after 2 tokens/);
    expect(check('1 2 3 4\n', '1 2 3\n').message).toMatch(/extra token 4 "4"/);
    expect(check('', '0\n').accepted).toBe(false);
  });

  it('compares case-insensitively unless case_sensitive', () => {
    expect(check('yes\n', 'YES\n').accepted).toBe(true);
    expect(check('yes\n', 'YES\n', { caseSensitive: true }).accepted).toBe(false);
  });

  it('with space_change_sensitive, whitespace must match exactly', () => {
    expect(check('1 2\n', '1 2\n', { spaceChangeSensitive: true }).accepted).toBe(true);
    expect(check('1  2\n', '1 2\n', { spaceChangeSensitive: true }).accepted).toBe(false);
    expect(check('1 2\r\n', '1 2\n', { spaceChangeSensitive: true }).accepted).toBe(false);
  });

  it('compares floats within the absolute or relative tolerance, in any float format', () => {
    const opts = { floatAbsoluteTolerance: 1e-6, floatRelativeTolerance: 1e-6 };
    expect(check('3.14159e0\n', '3.14159\n', opts).accepted).toBe(true);
    expect(check('3.1406\n', '3.14159\n', opts).accepted).toBe(false);
    expect(check('1000000.5\n', '1000000\n', { floatRelativeTolerance: 1e-6 }).accepted).toBe(true);
    expect(check('abc\n', '1.5\n', opts).message).toMatch(/expected a number/);
  });

  it('without a tolerance, floats compare as text', () => {
    expect(check('1.50\n', '1.5\n').accepted).toBe(false);
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
      const r = check(output, answer, options, hide);
      expect(r.accepted).toBe(false);
      expect(r.message).not.toMatch(/SECRET|7\.25|4\.75/);
    }
    expect(check('1 2 4\n', '1 2 3\n', {}, hide).message).toBe('token 3: "4" is wrong (line 1)');
  });
});
