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

  it('counts bytes, not characters (a character cut in two is replaced)', () => {
    const preview = outputPreview(Buffer.from('éé'), 3);
    expect(preview.bytes).toBe(4);
    expect(preview.truncated).toBe(true);
    expect(preview.text).toBe('é\uFFFD');
  });
});
