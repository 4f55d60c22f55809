/**
 * Quotas and rate limits (docs/quotas.md) on the real built API, worker, Redis and FerretDB, with the
 * API running open, so callers count per client address: requests are sent from different loopback
 * addresses (127.0.0.x) to tell callers apart. Checked: the n+1th submission in a minute is a 429 with
 * Retry-After and the project's error body while another address is unaffected; two API processes on
 * one Redis share the count; a Judge0 batch counts each item; the unfinished-submissions cap (the
 * second submission while the first is queued is refused, accepted once the first finished); the
 * problem write and request rates; and Redis down is a 503 with Retry-After, never a 500.
 */
import { request as httpRequest } from 'node:http';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchEvents, type EventWatch } from './support/events.js';
import type { ErrorBody } from './support/http.js';
import { freePort, startApi, startWorker, testServices, type StartedApi, type StartedProcess } from './support/stack.js';

const submission = { language: 'python3', sourceCode: 'print(int(input()) * 2)\n', stdin: '21\n', expectedOutput: '42\n' };
const judge0Submission = { language_id: 71, source_code: 'print(2)\n' };

interface Answer<T = unknown> {
  status: number;
  retryAfter: string | undefined;
  body: T;
}

/** A JSON request from the local address `from` (a loopback address: each counts as another caller of an open API). */
function call<T = unknown>(base: string, method: string, path: string, body?: unknown, from = '127.0.0.1'): Promise<Answer<T>> {
  const url = new URL(path, base);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method,
        localAddress: from,
        headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        timeout: 30_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // keep the text
          }
          const retryAfter = res.headers['retry-after'];
          resolve({ status: res.statusCode ?? 0, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, body: parsed as T });
        });
      },
    );
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.end(payload);
  });
}

/** Starts an API and waits until its Redis and MongoDB connections are up (`GET /health` 200), so that a first request is not a 503. */
async function startReadyApi(env: Record<string, string>): Promise<StartedApi> {
  const api = await startApi(env);
  const deadline = Date.now() + 20_000;
  while ((await fetch(`${api.url}/health`)).status !== 200) {
    if (Date.now() > deadline) throw new Error(`the API did not become healthy:\n${api.output().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return api;
}

/**
 * Expects a quota's 429: Retry-After in whole seconds within (0, maxSeconds], the API's error body naming
 * `envVar` (on the Judge0 API, Judge0's `{ error }` body).
 */
function expectQuota429(answer: Answer, envVar: string, maxSeconds: number, { judge0 = false } = {}): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(429);
  const seconds = Number(answer.retryAfter);
  expect(Number.isInteger(seconds), `Retry-After ${answer.retryAfter}`).toBe(true);
  expect(seconds).toBeGreaterThan(0);
  expect(seconds).toBeLessThanOrEqual(maxSeconds);
  const message = judge0 ? (answer.body as { error: string }).error : (answer.body as ErrorBody).message;
  if (!judge0) expect(answer.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
  expect(message).toContain(envVar);
  expect(message).toMatch(/retry after \d+ s/);
}

describe('submissions per minute, shared by two API processes', () => {
  const services = testServices('quotas-rate');
  const env = { ...services, QUOTA_SUBMISSIONS_PER_MINUTE: '3' };
  let first: StartedApi;
  let second: StartedApi;
  let db: mongoose.Connection;

  beforeAll(async () => {
    db = await mongoose.createConnection(services.MONGO_URI, { serverSelectionTimeoutMS: 5000 }).asPromise();
    [first, second] = await Promise.all([startReadyApi(env), startReadyApi(env)]);
  });

  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
    await db?.dropDatabase().catch(() => undefined);
    await db?.close();
  });

  it('lets 3 submissions through across both APIs, refuses the 4th on either with 429 and Retry-After, stores nothing for it', async () => {
    expect((await call(first.url, 'POST', '/submissions', submission)).status).toBe(201);
    expect((await call(second.url, 'POST', '/submissions', submission)).status).toBe(201);
    expect((await call(first.url, 'POST', '/submissions', submission)).status).toBe(201);
    const refused = await call(second.url, 'POST', '/submissions', submission);
    expectQuota429(refused, 'QUOTA_SUBMISSIONS_PER_MINUTE', 60);
    expect((refused.body as ErrorBody).message).toMatch(/^at most 3 submissions per minute per client address/);
    expectQuota429(await call(first.url, 'POST', '/judge0/submissions', judge0Submission), 'QUOTA_SUBMISSIONS_PER_MINUTE', 60, {
      judge0: true,
    });
    expect(await db.collection('submissions').countDocuments()).toBe(3);
  });

  it('leaves another caller (another address) unaffected, and other routes too', async () => {
    expect((await call(first.url, 'POST', '/submissions', submission, '127.0.0.2')).status).toBe(201);
    expect((await call(second.url, 'GET', '/submissions')).status).toBe(200);
  });

  it('counts each item of a Judge0 batch: a batch that does not fit is refused whole', async () => {
    const from = '127.0.0.3';
    const batch = (n: number) => ({ submissions: Array.from({ length: n }, () => judge0Submission) });
    const before = await db.collection('submissions').countDocuments();
    expectQuota429(await call(first.url, 'POST', '/judge0/submissions/batch', batch(4), from), 'QUOTA_SUBMISSIONS_PER_MINUTE', 60, {
      judge0: true,
    });
    const two = await call<{ token: string }[]>(second.url, 'POST', '/judge0/submissions/batch', batch(2), from);
    expect(two.status).toBe(201);
    expect(two.body).toHaveLength(2);
    const refused = await call(first.url, 'POST', '/judge0/submissions/batch', batch(2), from);
    expectQuota429(refused, 'QUOTA_SUBMISSIONS_PER_MINUTE', 60, { judge0: true });
    // The Judge0 API keeps Judge0's error body: `{ error }`.
    expect(refused.body).toEqual({ error: expect.stringContaining('this request counts for 2') });
    expect((await call(first.url, 'POST', '/submissions', submission, from)).status).toBe(201);
    expect(await db.collection('submissions').countDocuments()).toBe(before + 3);
  });
});

describe('unfinished submissions per caller', () => {
  const services = testServices('quotas-unfinished');
  let api: StartedApi;
  let worker: StartedProcess | undefined;
  let watch: EventWatch;
  let db: mongoose.Connection;

  beforeAll(async () => {
    db = await mongoose.createConnection(services.MONGO_URI, { serverSelectionTimeoutMS: 5000 }).asPromise();
    watch = await watchEvents(services.REDIS_URL);
    api = await startReadyApi({ ...services, QUOTA_UNFINISHED_SUBMISSIONS: '1', QUOTA_UNFINISHED_RETRY_AFTER_S: '3' });
  });

  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
    await watch?.close();
    await db?.dropDatabase().catch(() => undefined);
    await db?.close();
  });

  it('refuses a second submission while the first is queued (429, Retry-After), accepts one once the first finished', async () => {
    const first = await call<{ id: string }>(api.url, 'POST', '/submissions', submission);
    expect(first.status).toBe(201);
    const refused = await call(api.url, 'POST', '/submissions', submission);
    expectQuota429(refused, 'QUOTA_UNFINISHED_SUBMISSIONS', 3);
    expect(refused.retryAfter).toBe('3');
    expect((refused.body as ErrorBody).message).toMatch(/at most 1 unfinished submissions .*they have 1 queued or being judged/);
    expectQuota429(await call(api.url, 'POST', '/judge0/submissions', judge0Submission), 'QUOTA_UNFINISHED_SUBMISSIONS', 3, {
      judge0: true,
    });
    expect(await db.collection('submissions').countDocuments()).toBe(1);

    worker = await startWorker({ ...services });
    await watch.event(first.body.id, 'finished', 60_000);
    const again = await call<{ id: string }>(api.url, 'POST', '/submissions', submission);
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    await watch.event(again.body.id, 'finished', 60_000);
  });

  it('holds under parallel requests: of 6 at once, at most one is accepted, and no refused one stays stored', async () => {
    const before = await db.collection('submissions').countDocuments();
    const answers = await Promise.all(Array.from({ length: 6 }, () => call<{ id: string }>(api.url, 'POST', '/submissions', submission)));
    const statuses = answers.map((a) => a.status);
    // Each request counts after storing its own submission: when several are stored at the same moment,
    // all of them may be refused; never more than the cap stays.
    expect(statuses.filter((s) => s === 201).length, JSON.stringify(answers.map((a) => a.body))).toBeLessThanOrEqual(1);
    expect(statuses.filter((s) => s !== 201 && s !== 429)).toEqual([]);
    const accepted = answers.filter((a) => a.status === 201);
    expect(await db.collection('submissions').countDocuments()).toBe(before + accepted.length);
    for (const a of accepted) await watch.event(a.body.id, 'finished', 60_000);
  });
});

describe('problem writes per hour and the request rate', () => {
  const services = testServices('quotas-writes');
  let api: StartedApi;

  beforeAll(async () => {
    api = await startReadyApi({ ...services, QUOTA_PROBLEM_WRITES_PER_HOUR: '1', RATE_LIMIT_REQUESTS_PER_MINUTE: '6' });
  });

  afterAll(async () => {
    await api?.stop();
  });

  const problem = (slug: string) => ({ slug, title: slug, groups: [{ name: 'secret', testCases: [{ input: '1\n', answer: '1\n' }] }] });

  it('creates one problem an hour per caller; the second is a 429 with Retry-After up to an hour', async () => {
    const from = '127.0.0.4';
    expect((await call(api.url, 'POST', '/problems', problem('one'), from)).status).toBe(201);
    const refused = await call(api.url, 'POST', '/problems', problem('two'), from);
    expectQuota429(refused, 'QUOTA_PROBLEM_WRITES_PER_HOUR', 3600);
    expect(Number(refused.retryAfter)).toBeGreaterThan(3500);
    expect((await call(api.url, 'GET', '/problems?limit=10', undefined, '127.0.0.5')).body).toMatchObject({ items: [{ slug: 'one' }] });
  });

  it('refuses the 7th request of a minute, whatever the route; another address still passes', async () => {
    const from = '127.0.0.6';
    for (let i = 0; i < 6; i++) expect((await call(api.url, 'GET', '/problems', undefined, from)).status).toBe(200);
    expectQuota429(await call(api.url, 'GET', '/languages', undefined, from), 'RATE_LIMIT_REQUESTS_PER_MINUTE', 60);
    expect((await call(api.url, 'GET', '/problems', undefined, '127.0.0.7')).status).toBe(200);
  });
});

describe('Redis unreachable', () => {
  const services = testServices('quotas-redis-down');
  let api: StartedApi;

  beforeAll(async () => {
    const closed = await freePort();
    api = await startApi({
      ...services,
      REDIS_URL: `redis://127.0.0.1:${closed}`,
      QUOTA_SUBMISSIONS_PER_MINUTE: '5',
      RATE_LIMIT_REQUESTS_PER_MINUTE: '5',
    });
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('a submission is a 503 with Retry-After naming Redis, never a 500; routes without Redis keep answering past the request rate', async () => {
    const refused = await call(api.url, 'POST', '/submissions', submission);
    expect(refused.status, JSON.stringify(refused.body)).toBe(503);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect((refused.body as ErrorBody).message).toMatch(/Redis/);
    for (let i = 0; i < 8; i++) expect((await call(api.url, 'GET', '/problems')).status).toBe(200);
  });
});
