import { describe, expect, it } from 'vitest';
import { outputPreview } from './output-preview.js';

describe('outputPreview', () => {
  it('an output within the preview size: whole, not cut', () => {
    expect(outputPreview(Buffer.from('42\n'), 4096)).toEqual({ text: '42\n', bytes: 3, truncated: false });
    expect(outputPreview(Buffer.alloc(0), 4096)).toEqual({ text: '', bytes: 0, truncated: false });
    expect(outputPreview(Buffer.from('abcd'), 4)).toEqual({ text: 'abcd', bytes: 4, truncated: false });
  });

  it('a longer one: its first bytes, the full size, cut', () => {
    expect(outputPreview(Buffer.from('x'.repeat(10_000)), 4096)).toEqual({ text: 'x'.repeat(4096), bytes: 10_000, truncated: true });
  });

  it('counts bytes, not characters; a character the cut would split is left out, not replaced', () => {
    const preview = outputPreview(Buffer.from('éé'), 3);
    expect(preview.bytes).toBe(4);
    expect(preview.truncated).toBe(true);
    expect(preview.text).toBe('é');
    const output = Buffer.from('aéé€😀', 'utf8'); // 1 + 2 + 2 + 3 + 4 bytes
    expect(outputPreview(output, 4).text).toBe('aé');
    expect(outputPreview(output, 5).text).toBe('aéé');
    expect(outputPreview(output, 7).text).toBe('aéé');
    expect(outputPreview(output, 8).text).toBe('aéé€');
    expect(outputPreview(output, 11).text).toBe('aéé€');
    expect(outputPreview(output, 12)).toEqual({ text: 'aéé€😀', bytes: 12, truncated: false });
  });

  it('bytes that are not UTF-8 stay where they are (replaced); the cut never moves for them', () => {
    expect(outputPreview(Buffer.from([0x61, 0xff, 0x80, 0x80, 0x62, 0x63]), 4).text).toBe('a\uFFFD\uFFFD\uFFFD');
    expect(outputPreview(Buffer.from([0x61, 0x80, 0x80, 0x80, 0x80]), 4).text).toBe('a\uFFFD\uFFFD\uFFFD');
  });
});
