/**
 * A freshly started API with no worker anywhere on its Redis (e2e files run one at a time, and each
 * stops its workers): it lists the language table as not served yet, accepts and queues
 * submissions in those languages, and a worker started later judges them. An id outside the
 * table is still a 400 naming the languages.
 */
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionView } from '../libs/contracts/index.js';
import { watchEvents, type EventWatch } from './support/events.js';
import { request, type ErrorBody } from './support/http.js';
import { startApi, startWorker, testServices, type StartedApi, type StartedProcess } from './support/stack.js';

type Availability = { id: string; name: string; version: string | null; served: boolean };

const services = testServices('api-without-worker');
let api: StartedApi;
let worker: StartedProcess | undefined;
let db: mongoose.Connection;
let watch: EventWatch;

beforeAll(async () => {
  db = await mongoose.createConnection(services.MONGO_URI, { serverSelectionTimeoutMS: 5000 }).asPromise();
  watch = await watchEvents(services.REDIS_URL);
  api = await startApi({ ...services });
});

afterAll(async () => {
  await api?.stop();
  await worker?.stop();
  await watch?.close();
  await db?.dropDatabase().catch(() => undefined);
  await db?.close();
});

describe('without any worker', () => {
  let queuedId: string;

  it('GET /languages lists the language table, none served yet', async () => {
    const response = await request<Availability[]>(api.url, 'GET', '/languages');
    expect(response.status).toBe(200);
    expect(response.body.map((l) => l.id)).toEqual(expect.arrayContaining(['c', 'cpp17', 'python3', 'java17']));
    expect(response.body.every((l) => l.served === false && l.version === null)).toBe(true);
  });

  it('a submission in a table language is accepted and waits in the queue', async () => {
    const started = Date.now();
    const response = await request<{ id: string; status: string }>(api.url, 'POST', '/submissions', {
      language: 'python3',
      sourceCode: 'print(sum(map(int, input().split())))\n',
      stdin: '2 3\n',
      expectedOutput: '5\n',
    });
    expect(response.status).toBe(201);
    expect(response.body.status).toBe('queued');
    queuedId = response.body.id;
    // A second one does not wait for another worker timeout (2 s): the table answers at once.
    const second = Date.now();
    const again = await request(api.url, 'POST', '/submissions', { language: 'c', sourceCode: 'int main(void){return 0;}\n' });
    expect(again.status).toBe(201);
    expect(Date.now() - second).toBeLessThan(1500);
    expect(Date.now() - started).toBeLessThan(10_000);
    const stored = await request<SubmissionView>(api.url, 'GET', `/submissions/${queuedId}`);
    expect(stored.body.status).toBe('queued');
  });

  it('a language outside the table is a 400 naming the table, nothing saved', async () => {
    const before = await db.collection('submissions').countDocuments();
    const response = await request<ErrorBody>(api.url, 'POST', '/submissions', { language: 'cobol', sourceCode: 'x' });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.message)).toMatch(/language must be one of: .*python3/);
    expect(await db.collection('submissions').countDocuments()).toBe(before);
  });

  it('a worker started afterwards judges what waited', async () => {
    worker = await startWorker({ ...services });
    await watch.event(queuedId, 'finished', 60_000);
    const stored = await request<SubmissionView>(api.url, 'GET', `/submissions/${queuedId}`);
    expect(stored.body).toMatchObject({ status: 'finished', verdict: 'AC' });
    // A request to the workers begun before this one was up may still answer for it once: ask until served.
    const deadline = Date.now() + 10_000;
    let python: Availability | undefined;
    do {
      python = (await request<Availability[]>(api.url, 'GET', '/languages')).body.find((l) => l.id === 'python3');
    } while (!python?.served && Date.now() < deadline);
    expect(python).toMatchObject({ served: true, version: expect.stringMatching(/Python 3/) });
  });
});
