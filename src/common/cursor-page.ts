import { isValidObjectId } from './object-id.js';

/**
 * Cursor pagination of the API's newest-first lists (`GET /submissions`, `GET /problems`): one
 * codec, one page shape. A cursor names the last item of a page; the next page holds the items
 * with a smaller ObjectId (older ones). Cursors are base64url so clients do not depend on their content.
 */

/** Page size when the query gives none. */
export const DEFAULT_PAGE_SIZE = 20;

/** Largest page size a query may ask for. */
export const MAX_PAGE_SIZE = 100;

/** The rule a cursor this API did not produce breaks (the 400's message). */
export const INVALID_CURSOR_MESSAGE = 'cursor is not valid; pass the nextCursor of a previous page';

/** One page of a newest-first list. */
export interface CursorPage<T> {
  /** Newest first, at most the page size. */
  items: T[];
  /** Pass as `cursor` to get the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/** What a store needs to read one page: at most `limit` items with an id below `beforeId`, newest first. */
export interface PageRequest {
  /** Page size, 1..MAX_PAGE_SIZE. */
  limit: number;
  /** The previous page's last id (from its cursor); absent for the first page. */
  beforeId?: string;
}

/** The cursor of a page whose last item has id `lastId` (24 hex digits). */
export function encodeCursor(lastId: string): string {
  return Buffer.from(`v1:${lastId}`, 'utf8').toString('base64url');
}

/** @returns the id inside `cursor`, or null when `cursor` is not one this API produced. */
export function decodeCursor(cursor: string): string | null {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^v1:([0-9a-f]{24})$/.exec(decoded);
  return match && isValidObjectId(match[1]!) ? match[1]! : null;
}

/**
 * A page from the rows a store read for `request`: it reads `limit + 1` rows newest first, so a
 * row beyond the page says that there is a next page.
 * @param idOf the row's id (24 hex digits), for the cursor.
 * @param map the row as the page shows it.
 */
export function toCursorPage<R, T>(rows: readonly R[], request: PageRequest, idOf: (row: R) => string, map: (row: R) => T): CursorPage<T> {
  const page = rows.slice(0, request.limit);
  return {
    items: page.map(map),
    nextCursor: rows.length > request.limit && page.length > 0 ? encodeCursor(idOf(page[page.length - 1]!)) : null,
  };
}
