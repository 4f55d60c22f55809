import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Deepest nesting of arrays and objects a JSON request body may have. Nothing the API accepts nests
 * deeper than a few levels; class-transformer and class-validator recurse once per level, so a body
 * a few kilobytes long but thousands of levels deep would otherwise overflow the stack (a 500).
 */
export const MAX_JSON_DEPTH = 64;

/**
 * How deeply the arrays and objects of the JSON text in `bytes` nest (0 for a scalar), counted in
 * one pass over the bytes without parsing: brackets inside strings (with their escapes) do not count.
 * Stops counting once past `stopAbove`. Malformed JSON gets a number too; the parser refuses it after.
 */
export function jsonNestingDepth(bytes: Uint8Array, stopAbove = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (inString) {
      if (byte === 0x5c)
        i++; // backslash: skip the escaped byte
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) {
      inString = true;
    } else if (byte === 0x5b || byte === 0x7b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return deepest;
      }
    } else if (byte === 0x5d || byte === 0x7d) {
      depth--;
    }
  }
  return deepest;
}

/**
 * A body-parser `verify` hook refusing bodies nested deeper than `maxDepth` before they are parsed:
 * it throws an error with status 400 and a message naming the rule, which body-parser hands to the
 * error handler (bodyParserErrorHandler answers it in the API's 400 shape).
 */
export function refuseDeepJson(maxDepth = MAX_JSON_DEPTH): (req: IncomingMessage, res: ServerResponse, buf: Buffer) => void {
  return (_req, _res, buf) => {
    if (jsonNestingDepth(buf, maxDepth) > maxDepth) {
      throw Object.assign(new Error(`body must not nest arrays and objects more than ${maxDepth} levels deep`), { status: 400 });
    }
  };
}
