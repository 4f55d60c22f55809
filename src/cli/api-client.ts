import { apiErrorMessage } from './api-error-message.js';
import { CliError } from './cli-error.js';
import type { AnswerReader } from './server-messages.js';

/** Largest response body the CLI reads, bytes (a submission view with 100 tests and their output previews is far below). */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
/** How long one request may take, ms (a package import unzips and stores every test file). */
const REQUEST_TIMEOUT_MS = 5 * 60_000;

/** Why a request could not be made, in words: "connect ECONNREFUSED 127.0.0.1:3000" rather than "fetch failed". */
function networkReason(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (cause && typeof cause.message === 'string' && cause.message) return cause.message;
  if (cause && typeof cause.code === 'string') return cause.code;
  return error instanceof Error ? error.message : String(error);
}

/** Reads `response`'s body as text, at most MAX_RESPONSE_BYTES. @throws CliError past the bound. */
async function boundedText(response: Response): Promise<string> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > MAX_RESPONSE_BYTES) throw new CliError(`the API's answer is larger than ${MAX_RESPONSE_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The Verdict REST API at `baseUrl` (e.g. `http://127.0.0.1:3000`), as the CLI uses it: JSON in and
 * out, multipart for package imports. Every failure becomes a CliError (exit 2) with a readable
 * message: the server unreachable (naming the URL), the API's own error message for a 4xx/5xx, or an
 * answer that is not what `read` (one of server-messages' readers) expects. With `apiKey`, every request
 * sends it in `x-api-key` (docs/auth.md).
 */
export class VerdictApi {
  constructor(
    readonly baseUrl: string,
    readonly apiKey: string | null = null,
  ) {}

  /** `GET path`, the JSON answer as `read` checked it. @throws CliError. */
  get<T>(path: string, read: AnswerReader<T>): Promise<T> {
    return this.send('GET', path, read);
  }

  /** `POST path` with `body` as JSON, the JSON answer as `read` checked it. @throws CliError. */
  postJson<T>(path: string, body: unknown, read: AnswerReader<T>): Promise<T> {
    return this.send('POST', path, read, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  /** `POST path` with `form` as multipart/form-data, the JSON answer as `read` checked it. @throws CliError. */
  postForm<T>(path: string, form: FormData, read: AnswerReader<T>): Promise<T> {
    return this.send('POST', path, read, { body: form });
  }

  private async send<T>(method: string, path: string, read: AnswerReader<T>, init: RequestInit = {}): Promise<T> {
    let response: Response;
    try {
      const headers = { ...(init.headers as Record<string, string> | undefined), ...(this.apiKey ? { 'x-api-key': this.apiKey } : {}) };
      response = await fetch(`${this.baseUrl}${path}`, { ...init, headers, method, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (error) {
      throw new CliError(`cannot reach the Verdict API at ${this.baseUrl}: ${networkReason(error)}`);
    }
    let text: string;
    try {
      text = await boundedText(response);
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError(`the connection to ${this.baseUrl} broke while reading the answer: ${networkReason(error)}`);
    }
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    if (!response.ok) {
      const hint = response.status === 401 ? (this.apiKey ? '' : ' (pass --api-key or set VERDICT_API_KEY)') : '';
      throw new CliError(`${method} ${path}: ${response.status} ${apiErrorMessage(response.status, body)}${hint}`);
    }
    if (typeof body !== 'object' || body === null) throw new CliError(`${method} ${path}: the API's answer is not JSON`);
    return read(body, `${method} ${path}`);
  }
}
