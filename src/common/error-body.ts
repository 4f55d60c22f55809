/**
 * Body of every error response of the API, Nest's usual shape: `statusCode` repeats the HTTP status,
 * `error` is its reason phrase, `message` says what was wrong. A 400's `message` is always a list of
 * `<field> <rule>` strings (see badRequestBody).
 */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
}

/** A 400 body: `message` lists every broken rule. */
export interface BadRequestBody extends ErrorBody {
  statusCode: 400;
  error: 'Bad Request';
  message: string[];
}

/**
 * The API's one 400 body, `{ statusCode: 400, error: 'Bad Request', message: [...] }`. Used by
 * InvalidRequestException, the global exception filter (for 400s raised by Nest or its libraries)
 * and the JSON body-parser handler, which runs before Nest.
 * @param messages each broken rule as `<field> <rule>`, e.g. `limits.cpuTimeMs must not be greater than 10000`.
 */
export function badRequestBody(messages: string | readonly string[]): BadRequestBody {
  return { statusCode: 400, error: 'Bad Request', message: typeof messages === 'string' ? [messages] : [...messages] };
}
