import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, toCursorPage } from './cursor-page.js';

const id = (n: number): string => n.toString(16).padStart(24, '0');

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
    expect(decodeCursor(Buffer.from('v2:0123456789abcdef01234567').toString('base64url'))).toBeNull();
  });
});

describe('toCursorPage', () => {
  const rows = [5, 4, 3].map((n) => ({ _id: id(n), n }));

  it('keeps `limit` rows and points the cursor at the last one when a row is left over', () => {
    const page = toCursorPage(rows, { limit: 2 }, (r) => r._id, (r) => r.n);
    expect(page.items).toEqual([5, 4]);
    expect(decodeCursor(page.nextCursor!)).toBe(id(4));
  });

  it('has no next cursor on the last page, empty or not', () => {
    expect(toCursorPage(rows, { limit: 3 }, (r) => r._id, (r) => r.n)).toEqual({ items: [5, 4, 3], nextCursor: null });
    expect(toCursorPage([], { limit: 3 }, (r: { _id: string }) => r._id, (r) => r)).toEqual({ items: [], nextCursor: null });
  });
});
