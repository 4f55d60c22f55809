import { describe, expect, it } from 'vitest';
import { decodeBase64Text, encodeBase64Text } from './judge0-base64.js';

describe('Judge0 Base64', () => {
  it('decodes exactly, without adding or dropping a newline', () => {
    expect(decodeBase64Text('aGVsbG8=')).toEqual({ ok: true, text: 'hello' });
    expect(decodeBase64Text('aGVsbG8K')).toEqual({ ok: true, text: 'hello\n' });
    expect(decodeBase64Text('')).toEqual({ ok: true, text: '' });
    expect(decodeBase64Text(encodeBase64Text('1 2\n'))).toEqual({ ok: true, text: '1 2\n' });
  });

  it('accepts the line breaks Judge0 (Ruby encode64) puts into its values, and nothing else', () => {
    const long = 'x'.repeat(100);
    const rubyStyle = `${encodeBase64Text(long).replace(/(.{60})/g, '$1\n')}\n`;
    expect(decodeBase64Text(rubyStyle)).toEqual({ ok: true, text: long });
    expect(decodeBase64Text('aGVs\r\nbG8=\r\n')).toEqual({ ok: true, text: 'hello' });
    for (const bad of ['aGVsbG8', 'aGVsbG8==', 'aGVs bG8=', 'aGVsbG8=!', 'hello world', 'aGVsbG8=aGVs', 'aGV-bG8_']) {
      expect(decodeBase64Text(bad), bad).toEqual({ ok: false, rule: 'is not valid Base64 (standard alphabet, padded with =)' });
    }
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(decodeBase64Text(Buffer.from([0xff, 0xfe, 0x41]).toString('base64'))).toEqual({
      ok: false,
      rule: 'is not UTF-8 text once Base64-decoded',
    });
  });

  it('encodes on one line, no trailing newline, UTF-8', () => {
    expect(encodeBase64Text('x'.repeat(200))).not.toMatch(/\n/);
    expect(encodeBase64Text('hello\n')).toBe('aGVsbG8K');
    expect(Buffer.from(encodeBase64Text('π ≈ 3.14'), 'base64').toString('utf8')).toBe('π ≈ 3.14');
  });
});
