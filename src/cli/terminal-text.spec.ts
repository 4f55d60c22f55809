import { describe, expect, it } from 'vitest';
import { TERMINAL_CONTROL } from '../../test/support/submission-views.js';
import { terminalJson, terminalLine, terminalText } from './terminal-text.js';

/** Every character a terminal may act on: C0 but LF and tab, DEL, C1, the bidi embeddings, overrides and isolates. */
const UNSAFE_CODES = [
  ...Array.from({ length: 0x20 }, (_, i) => i).filter((c) => c !== 0x0a && c !== 0x09),
  0x7f,
  ...Array.from({ length: 0x20 }, (_, i) => 0x80 + i),
  0x202a,
  0x202b,
  0x202c,
  0x202d,
  0x202e,
  0x2066,
  0x2067,
  0x2068,
  0x2069,
];
const UNSAFE_CHARS = UNSAFE_CODES.map((c) => String.fromCharCode(c));

describe('terminalText', () => {
  it('removes exactly what the tests call a terminal control (TERMINAL_CONTROL)', () => {
    for (const c of UNSAFE_CHARS) expect(c).toMatch(TERMINAL_CONTROL);
    expect('\n\t a').not.toMatch(TERMINAL_CONTROL);
  });

  it('replaces every control character but line feed and tab with U+FFFD, one for one', () => {
    for (const c of UNSAFE_CHARS) expect(terminalText(`a${c}b`), `U+${c.charCodeAt(0).toString(16)}`).toBe('a\ufffdb');
    expect(terminalText(UNSAFE_CHARS.join(''))).toBe('\ufffd'.repeat(UNSAFE_CHARS.length));
  });

  it('defuses the escape sequences of a hostile compiler message: no ESC, BEL or CR is left', () => {
    const hostile = 'main.c:1:2: error: #error "\x1b]0;PWNED\x07\x1b[2J gotcha"\rfake line\n\u009b31mred\u202eevil';
    const safe = terminalText(hostile);
    expect(safe).toBe('main.c:1:2: error: #error "\ufffd]0;PWNED\ufffd\ufffd[2J gotcha"\ufffdfake line\n\ufffd31mred\ufffdevil');
    expect(safe).not.toMatch(TERMINAL_CONTROL);
  });

  it('keeps ordinary text, line feeds, tabs and other Unicode as they are, and takes CR LF as a line feed', () => {
    const plain = "main.c:3:5: error: expected ';'\n\tint x = 1\n  ^ é ✓ 漢字 \u200d \u00a0 \u00a9";
    expect(terminalText(plain)).toBe(plain);
    expect(terminalText('line 1\r\nline 2\r\n')).toBe('line 1\nline 2\n');
  });
});

describe('terminalLine', () => {
  it('also puts line feeds and tabs on one line as spaces', () => {
    expect(terminalLine('secret/\x1b[31mred\n\tname')).toBe('secret/\ufffd[31mred name');
  });
});

describe('terminalJson', () => {
  it('writes every unsafe character as a \\u escape, so the JSON text has none and parses back to the same value', () => {
    const value = { message: UNSAFE_CHARS.join(''), nested: [{ name: 'a\u202eb\u009bc\x7f' }], plain: 'é ✓\n' };
    const json = terminalJson(value);
    expect(json).not.toMatch(TERMINAL_CONTROL);
    expect(JSON.parse(json)).toEqual(value);
    expect(json).toContain('"name": "a\\u202eb\\u009bc\\u007f"');
  });

  it('is JSON.stringify with two spaces for text without controls', () => {
    const value = { id: 'x', tests: [1, 2], message: null };
    expect(terminalJson(value)).toBe(JSON.stringify(value, null, 2));
  });

  it('relies on JSON.stringify escaping the C0 controls, which it does, and not C1, DEL or bidi, which it does not', () => {
    // The reason terminalJson exists: JSON.stringify alone lets these through to the terminal.
    expect(JSON.stringify('\x1b\x07\r\x00')).toBe('"\\u001b\\u0007\\r\\u0000"');
    expect(JSON.stringify('\u009b\x7f\u202e')).toBe('"\u009b\x7f\u202e"');
  });
});
