/**
 * Base64 as the Judge0-compatible API speaks it (`base64_encoded=true`), with Judge0's traps handled
 * on purpose (docs/judge0.md):
 * - Judge0 encodes with Ruby's `Base64.encode64`, which breaks lines every 60 characters and ends
 *   with a newline (`"aGVsbG8K\n"`); clients strip them. Verdict encodes without any line break, so
 *   a decoded value is exactly the text, no trailing newline added.
 * - Decoding accepts those line breaks (CR and LF, anywhere), so values copied from Judge0 work,
 *   and nothing else: a character outside the alphabet, bad padding or a length that is not a
 *   multiple of 4 is refused (Ruby's `decode64` would silently drop such characters and judge
 *   something else than what was sent).
 * - The decoded bytes must be UTF-8 (Verdict stores source code and test data as text).
 */

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A decoding outcome: the text, or why the value is refused (a Judge0-style rule, e.g. `is not valid Base64`). */
export type Decoded = { ok: true; text: string } | { ok: false; rule: string };

/**
 * Decodes one Base64 request value to UTF-8 text.
 * @param value the value as sent (standard alphabet, `=` padding, CR/LF allowed anywhere).
 */
export function decodeBase64Text(value: string): Decoded {
  const compact = value.replace(/[\r\n]/g, '');
  if (!BASE64.test(compact)) return { ok: false, rule: 'is not valid Base64 (standard alphabet, padded with =)' };
  try {
    return { ok: true, text: UTF8.decode(Buffer.from(compact, 'base64')) };
  } catch {
    return { ok: false, rule: 'is not UTF-8 text once Base64-decoded' };
  }
}

/** Encodes UTF-8 `text` as Base64 on one line, without a trailing newline. */
export function encodeBase64Text(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
