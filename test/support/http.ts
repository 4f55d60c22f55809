/** A response read as JSON (or text when it is not JSON). */
export interface JsonResponse<T = unknown> {
  status: number;
  body: T;
  /** Wall-clock time of the request, ms. */
  elapsedMs: number;
}

/**
 * Sends a request and reads the whole response.
 * @param body a value to send as JSON, or a string sent as-is (for malformed JSON) with content-type application/json.
 * @param headers extra request headers (e.g. `x-api-key`).
 */
export async function request<T = unknown>(
  baseUrl: string,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  { timeoutMs = 15_000, headers = {} }: { timeoutMs?: number; headers?: Record<string, string> } = {},
): Promise<JsonResponse<T>> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: response.status, body: parsed as T, elapsedMs: performance.now() - started };
}

/** Error body of the API (one definition: src/common/error-body.ts). */
export type { ErrorBody } from '../../src/common/error-body.js';
