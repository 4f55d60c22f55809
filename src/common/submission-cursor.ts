import { isValidObjectId } from './object-id.js';

/**
 * Opaque listing cursors. A cursor names the last submission of a page; the next page
 * holds the submissions with smaller `_id` (older ones). Encoded base64url so clients
 * do not depend on its content.
 */
export function encodeCursor(lastId: string): string {
  return Buffer.from(`v1:${lastId}`, 'utf8').toString('base64url');
}

/**
 * @returns the submission id inside `cursor`, or null when `cursor` is not one this API produced.
 */
export function decodeCursor(cursor: string): string | null {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^v1:([0-9a-f]{24})$/.exec(decoded);
  return match && isValidObjectId(match[1]!) ? match[1]! : null;
}
