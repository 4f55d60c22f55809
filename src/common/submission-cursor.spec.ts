import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './submission-cursor.js';

describe('listing cursors', () => {
  it('round-trip an id and look opaque', () => {
    const cursor = encodeCursor('0123456789abcdef01234567');
    expect(cursor).not.toContain('0123456789abcdef01234567');
    expect(decodeCursor(cursor)).toBe('0123456789abcdef01234567');
  });

  it('reject anything this API did not produce', () => {
    expect(decodeCursor('zzz')).toBeNull();
    expect(decodeCursor('')).toBeNull();
    expect(decodeCursor(Buffer.from('v1:not-an-id').toString('base64url'))).toBeNull();
    expect(decodeCursor(Buffer.from('0123456789abcdef01234567').toString('base64url'))).toBeNull();
  });
});
