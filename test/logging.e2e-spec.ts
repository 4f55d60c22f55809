/**
 * What the API logs: one line per request at info with its id (the client's `x-request-id` when
 * well-formed, echoed in the response) and no headers, body or source; the headers only at debug;
 * health probes not logged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, testServices, type StartedApi } from './support/stack.js';

type Line = Record<string, unknown> & { msg?: string; req?: Record<string, unknown> };

function linesOf(output: string): Line[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Line);
}

describe('API logs', () => {
  const env = testServices('logging');
  let info: StartedApi;
  let debug: StartedApi;

  beforeAll(async () => {
    [info, debug] = await Promise.all([startApi({ ...env, LOG_LEVEL: 'info' }), startApi({ ...env, LOG_LEVEL: 'debug' })]);
  });

  afterAll(async () => {
    await Promise.all([info?.stop(), debug?.stop()]);
  });

  async function post(api: StartedApi, requestId: string): Promise<Response> {
    return fetch(`${api.url}/submissions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-request-id': requestId,
        'x-api-key': 'SECRET-KEY-123',
        'x-auth-token': 'SECRET-JUDGE0-TOKEN',
        authorization: 'Bearer SECRET-BEARER-KEY',
      },
      body: JSON.stringify({ language: 'nope', sourceCode: 'print("TOP-SECRET-SOURCE")' }),
    });
  }

  it('one line per request with its id, no headers, no body, no source; the id is echoed', async () => {
    const response = await post(info, 'trace-me-1');
    expect(response.status).toBe(400);
    expect(response.headers.get('x-request-id')).toBe('trace-me-1');
    await fetch(`${info.url}/health/live`);
    await fetch(`${info.url}/health/ready`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const output = info.output();
    expect(output).not.toContain('SECRET-KEY-123');
    expect(output).not.toContain('TOP-SECRET-SOURCE');
    const lines = linesOf(output).filter((l) => l.req?.['id'] === 'trace-me-1');
    const completed = lines.filter((l) => l.msg === 'request completed' || l.msg === 'request errored');
    expect(completed).toHaveLength(1);
    expect(completed[0]!.req).toEqual({ id: 'trace-me-1', method: 'POST', url: '/submissions' });
    // Probes get no request line (a failing check may still log its own error, with the request's id).
    const probeLines = linesOf(output).filter((l) => String(l.req?.['url'] ?? '').startsWith('/health') && /^request /.test(l.msg ?? ''));
    expect(probeLines, JSON.stringify(probeLines)).toEqual([]);
  });

  it('a request without a usable id gets a new one', async () => {
    const response = await post(info, 'bad id with spaces');
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(linesOf(info.output()).some((l) => l.req?.['id'] === id)).toBe(true);
  });

  it('at debug the request line has the headers, secrets redacted', async () => {
    await post(debug, 'trace-me-2');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const output = debug.output();
    for (const secret of ['SECRET-KEY-123', 'SECRET-JUDGE0-TOKEN', 'SECRET-BEARER-KEY']) expect(output).not.toContain(secret);
    const line = linesOf(output).find((l) => l.req?.['id'] === 'trace-me-2' && l.req?.['headers']);
    expect(line?.req?.['headers']).toMatchObject({
      'content-type': 'application/json',
      'x-api-key': '[redacted]',
      'x-auth-token': '[redacted]',
      authorization: '[redacted]',
    });
  });
});
