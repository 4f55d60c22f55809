import { STATUS_CODES } from 'node:http';

/** One broken rule of a refused request: the field it concerns and the rule, e.g. `limits.cpuTimeMs` / `must not be greater than 10000`. */
export interface ErrorDetail {
  /** Dotted path of the field in the request (`testCases.0.input`), or what the rule is about (`body`, `cursor`). */
  field: string;
  /** The rule, in English, to be read after the field: `<field> <rule>` is a sentence. */
  rule: string;
}

/**
 * Body of every error response of the API (docs/errors.md), whatever the status:
 * `statusCode` repeats the HTTP status, `error` is its reason phrase, `message` is always one
 * readable string. A 400 that refuses a request's content also lists each broken rule in `details`
 * (`message` then joins them: `<field> <rule>; <field> <rule>`). The Judge0-compatible API keeps
 * Judge0's own error shapes (src/judge0).
 */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: ErrorDetail[];
}

/** A 400 body: every broken rule in `details`, joined in `message`. */
export interface BadRequestBody extends ErrorBody {
  statusCode: 400;
  error: 'Bad Request';
  details: ErrorDetail[];
}

/**
 * A field as the API's rules name it, starting lowercase: `sourceCode`, `limits.cpuTimeMs`,
 * `testCases.0.input`, a package's `problem.yaml:` (its colon is not part of the field).
 */
const FIELD = /^[a-z0-9_][^\s]*$/;

/**
 * A broken rule from its `<field> <rule>` sentence: the first word is the field, the rest the rule.
 * A sentence that does not start with a field (a library's `Unexpected field`) is a rule about the `body`.
 */
export function detailOf(sentence: string): ErrorDetail {
  const space = sentence.indexOf(' ');
  const field = space > 0 ? sentence.slice(0, space) : '';
  if (!FIELD.test(field)) return { field: 'body', rule: sentence };
  return { field: field.replace(/:$/, ''), rule: sentence.slice(space + 1) };
}

/** The `<field> <rule>` sentence of a broken rule. */
export function sentenceOf(detail: ErrorDetail): string {
  return `${detail.field} ${detail.rule}`;
}

/**
 * An error body for `statusCode` with its reason phrase (`error`) and `message`.
 * @param message one readable sentence (never a list).
 */
export function errorBody(statusCode: number, message: string): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
}

/**
 * The API's one 400 body, `{ statusCode: 400, error: 'Bad Request', message, details: [{ field, rule }] }`.
 * Used by InvalidRequestException, the global exception filter (for 400s raised by Nest or its libraries)
 * and the JSON body-parser handler, which runs before Nest.
 * @param violations each broken rule, as a `<field> <rule>` sentence (e.g. `limits.cpuTimeMs must not be
 *   greater than 10000`) or as a detail; at least one.
 */
export function badRequestBody(violations: string | ErrorDetail | readonly (string | ErrorDetail)[]): BadRequestBody {
  const list = typeof violations === 'string' || !Array.isArray(violations) ? [violations as string | ErrorDetail] : violations;
  const details = list.map((v) => (typeof v === 'string' ? detailOf(v) : { field: v.field, rule: v.rule }));
  const message = list.map((v) => (typeof v === 'string' ? v : sentenceOf(v))).join('; ');
  return { statusCode: 400, error: 'Bad Request', message: message || 'bad request', details };
}
