/**
 * Quotas per API key (docs/quotas.md) with AUTH_MODE=on, on the real built API, Redis and FerretDB (no
 * worker: every accepted submission stays queued, so it counts as unfinished). Keys calling from one
 * address are counted apart (the quota guard runs after the authentication guard and counts by key id);
 * the per-minute limit and the unfinished cap are per key; admin keys are exempt.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, type ErrorBody } from './support/http.js';
import { ROOT, startApi, testServices, type StartedApi } from './support/stack.js';

const run = promisify(execFile);
const services = testServices('quotas-keys');
const submission = { language: 'python3', sourceCode: 'print(1)\n' };
/** RATE_LIMIT_REQUESTS_PER_MINUTE of the API here: above what the other tests of the file ask per key. */
const REQUEST_RATE = 40;

let api: StartedApi;
let adminKey: string;
const as = (key: string): { headers: Record<string, string> } => ({ headers: { 'x-api-key': key } });

async function createKey(role: string, name: string): Promise<string> {
  const created = await request<{ key: string }>(api.url, 'POST', '/api-keys', { name, role }, as(adminKey));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.key;
}

/** POST /submissions as `key`: status, Retry-After and body. */
async function submit(key: string): Promise<{ status: number; retryAfter: string | null; body: ErrorBody }> {
  const response = await fetch(`${api.url}/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify(submission),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as ErrorBody };
}

beforeAll(async () => {
  api = await startApi({
    ...services,
    AUTH_MODE: 'on',
    QUOTA_SUBMISSIONS_PER_MINUTE: '3',
    QUOTA_UNFINISHED_SUBMISSIONS: '2',
    RATE_LIMIT_REQUESTS_PER_MINUTE: String(REQUEST_RATE),
  });
  const { stdout } = await run('npm', ['run', '-s', 'keys', '--', 'create', '--role', 'admin', '--name', 'root'], {
    cwd: ROOT,
    env: { ...process.env, ...services },
    timeout: 60_000,
  });
  const match = /^key:\s+(vk_[A-Za-z0-9_-]+)$/m.exec(stdout);
  expect(match, stdout).not.toBeNull();
  adminKey = match![1]!;
}, 120_000);

afterAll(async () => {
  await api?.stop();
});

describe('quotas per API key', () => {
  it('refuses a key past its unfinished cap, then past its per-minute limit, while another key from the same address passes', async () => {
    const first = await createKey('submitter', 'first');
    const second = await createKey('submitter', 'second');
    expect((await submit(first)).status).toBe(201);
    expect((await submit(first)).status).toBe(201);
    const capped = await submit(first);
    expect(capped.status, JSON.stringify(capped.body)).toBe(429);
    expect(capped.retryAfter).toBe('5');
    expect(capped.body.message).toMatch(/^at most 2 unfinished submissions per API key \(QUOTA_UNFINISHED_SUBMISSIONS\); this key has 2/);
    const limited = await submit(first);
    expect(limited.status).toBe(429);
    expect(Number(limited.retryAfter)).toBeGreaterThan(0);
    expect(Number(limited.retryAfter)).toBeLessThanOrEqual(60);
    expect(limited.body.message).toMatch(/^at most 3 submissions per minute per API key \(QUOTA_SUBMISSIONS_PER_MINUTE\)/);
    // Same address, another key: its own counts.
    expect((await submit(second)).status).toBe(201);
  });

  it('lets admin keys past every limit (QUOTAS_EXEMPT_ADMIN)', async () => {
    for (let i = 0; i < 5; i++) expect((await submit(adminKey)).status).toBe(201);
  });

  it('counts requests refused for want of a valid key per address: past the request rate they get 429, a valid key still passes', async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i <= REQUEST_RATE; i++) {
      last = await fetch(`${api.url}/submissions`, { headers: { 'x-api-key': `vk_guess${i}` } });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, REQUEST_RATE).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await last!.json()) as ErrorBody).message).toMatch(/requests per minute per client address without a valid API key/);
    // Refusals have a bucket of their own: a caller with a valid key is not locked out by them.
    expect((await request(api.url, 'GET', '/submissions', undefined, as(adminKey))).status).toBe(200);
  });
});
