import { ValidationPipe } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, toCursorPage } from './cursor-page.js';
import { CursorPageQuery, pageRequestOf } from './cursor-page.query.js';
import { InvalidRequestException } from './invalid-request.exception.js';
import { API_VALIDATION_OPTIONS } from './validation.options.js';

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
    const page = toCursorPage(
      rows,
      { limit: 2 },
      (r) => r._id,
      (r) => r.n,
    );
    expect(page.items).toEqual([5, 4]);
    expect(decodeCursor(page.nextCursor!)).toBe(id(4));
  });

  it('has no next cursor on the last page, empty or not', () => {
    expect(
      toCursorPage(
        rows,
        { limit: 3 },
        (r) => r._id,
        (r) => r.n,
      ),
    ).toEqual({ items: [5, 4, 3], nextCursor: null });
    expect(
      toCursorPage(
        [],
        { limit: 3 },
        (r: { _id: string }) => r._id,
        (r) => r,
      ),
    ).toEqual({ items: [], nextCursor: null });
  });
});

describe('CursorPageQuery (the global ValidationPipe on a query string)', () => {
  const pipe = new ValidationPipe(API_VALIDATION_OPTIONS);
  const validate = (query: Record<string, unknown>) =>
    pipe.transform(query, { type: 'query', metatype: CursorPageQuery }) as Promise<CursorPageQuery>;
  const messagesOf = (query: Record<string, unknown>) =>
    validate(query).then(
      () => [],
      (e: unknown) => [...(e as InvalidRequestException).messages],
    );

  it('defaults to the first page of 20 and converts the page size from the query string', async () => {
    expect(pageRequestOf(await validate({}))).toEqual({ limit: 20 });
    expect(pageRequestOf(await validate({ limit: '5', cursor: '' }))).toEqual({ limit: 5 });
    const cursor = encodeCursor(id(9));
    expect(pageRequestOf(await validate({ limit: '100', cursor }))).toEqual({ limit: 100, beforeId: id(9) });
  });

  it('names the page size and cursor rules it breaks, all at once', async () => {
    expect(await messagesOf({ limit: '0' })).toEqual(['limit must not be less than 1']);
    expect(await messagesOf({ limit: '101', cursor: 'bogus' })).toEqual([
      'limit must not be greater than 100',
      'cursor is not valid; pass the nextCursor of a previous page',
    ]);
    expect(await messagesOf({ limit: 'ten' })).toContain('limit must be an integer number');
    expect(await messagesOf({ sort: 'asc' })).toEqual(['sort should not exist']);
  });

  it('pageRequestOf refuses a cursor the pipe would have refused (callers that skip it)', () => {
    expect(() => pageRequestOf({ cursor: 'bogus' })).toThrow(InvalidRequestException);
  });
});
