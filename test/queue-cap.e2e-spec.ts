/**
 * The queue cap (QUEUE_MAX_WAITING): with the queue full, a new submission is a 503 with
 * Retry-After and nothing is stored; what was accepted is judged once a worker comes, and then
 * submissions are accepted again. A Redis outage's 503 carries Retry-After too.
 */
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionView } from '../libs/contracts/index.js';
import { watchEvents, type EventWatch } from './support/events.js';
import { request, type ErrorBody } from './support/http.js';
import { startApi, startWorker, testServices, type StartedApi, type StartedProcess } from './support/stack.js';

const services = testServices('queue-cap');
const submission = { language: 'python3', sourceCode: 'print(int(input()) * 2)\n', stdin: '21\n', expectedOutput: '42\n' };
let api: StartedApi;
let worker: StartedProcess | undefined;
let db: mongoose.Connection;
let watch: EventWatch;

beforeAll(async () => {
  db = await mongoose.createConnection(services.MONGO_URI, { serverSelectionTimeoutMS: 5000 }).asPromise();
  watch = await watchEvents(services.REDIS_URL);
  api = await startApi({ ...services, QUEUE_MAX_WAITING: '2', QUEUE_FULL_RETRY_AFTER_S: '17' });
});

afterAll(async () => {
  await api?.stop();
  await worker?.stop();
  await watch?.close();
  await db?.dropDatabase().catch(() => undefined);
  await db?.close();
});

describe('queue cap', () => {
  const accepted: string[] = [];

  it('accepts up to the cap, then answers 503 with Retry-After and stores nothing', async () => {
    for (let i = 0; i < 2; i++) {
      const created = await request<{ id: string }>(api.url, 'POST', '/submissions', submission);
      expect(created.status).toBe(201);
      accepted.push(created.body.id);
    }
    await new Promise((resolve) => setTimeout(resolve, 600)); // past the admission's depth cache
    const response = await fetch(`${api.url}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(submission),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('17');
    const body = (await response.json()) as ErrorBody;
    expect(JSON.stringify(body.message)).toMatch(/QUEUE_MAX_WAITING/);
    expect(await db.collection('submissions').countDocuments()).toBe(2);
    const workers = await request<{ waiting: number }>(api.url, 'GET', '/workers');
    expect(workers.body.waiting).toBe(2);
  });

  it('what was accepted is judged once a worker comes; then new submissions are accepted again', async () => {
    worker = await startWorker({ ...services });
    for (const id of accepted) await watch.event(id, 'finished', 60_000);
    for (const id of accepted) {
      const stored = await request<SubmissionView>(api.url, 'GET', `/submissions/${id}`);
      expect(stored.body).toMatchObject({ status: 'finished', verdict: 'AC' });
    }
    await new Promise((resolve) => setTimeout(resolve, 600));
    const again = await request(api.url, 'POST', '/submissions', submission);
    expect(again.status).toBe(201);
  });
});
