/**
 * Retention (docs/retention.md) with ages in ms (RETENTION_*_MS, the finer unit for tests): a finished
 * submission's per-test stdout/stderr are cleared first (verdicts and figures stay), then the whole
 * submission is deleted with its webhook delivery records and event replay buffer, and the inline
 * test data no submission or problem uses any more is collected, while a problem's stays; after
 * the problem's DELETE, what only its inline users kept goes too. Real API, worker, Redis,
 * MongoDB/FerretDB and sandbox; the sweeper runs in the worker.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { MongoClient, ObjectId, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionView } from '../libs/contracts/index.js';
import { watchEvents, type EventWatch } from './support/events.js';
import { request } from './support/http.js';
import { startApi, startWorker, testServices, type StartedApi, type StartedProcess } from './support/stack.js';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const CAT = 'import sys\nsys.stdout.write(sys.stdin.read())\n';

/** Polls `check` every 100 ms until it returns a value other than undefined; fails after `timeoutMs`. */
async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('retention', () => {
  const env = {
    ...testServices('retention'),
    SANDBOX_UID_BASE: '63700',
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    WEBHOOK_SECRET: 'retention-test-secret-0123456789',
  };
  const workerEnv = {
    ...env,
    RETENTION_OUTPUT_MS: '1500',
    RETENTION_SUBMISSION_MS: '5000',
    RETENTION_SWEEP_INTERVAL_MS: '300',
    RETENTION_TEST_DATA_GRACE_MS: '1000',
    RETENTION_BATCH_SIZE: '2', // several batches per sweep
  };
  let api: StartedApi;
  let worker: StartedProcess;
  let watch: EventWatch;
  let client: MongoClient;
  let db: Db;
  let redis: Redis;
  let receiver: Server;
  let receiverUrl: string;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    watch = await watchEvents(env.REDIS_URL);
    worker = await startWorker(workerEnv);
    api = await startApi(env);
    client = await MongoClient.connect(env.MONGO_URI);
    db = client.db();
    redis = new Redis(env.REDIS_URL);
  });

  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
    await watch?.close();
    redis?.disconnect();
    await db?.dropDatabase().catch(() => undefined);
    await client?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  const fileExists = async (hash: string) => (await db.collection('testdata_files').countDocuments({ _id: hash as never })) > 0;
  const chunkExists = async (hash: string) => (await db.collection('testdata_chunks').countDocuments({ _id: `${hash}:0` as never })) > 0;
  const getView = (id: string) => request<SubmissionView>(api.url, 'GET', `/submissions/${id}`);

  it('clears outputs, then deletes the submission with its deliveries and events, and collects its unused inline test data', async () => {
    const unique = `${Date.now()}-${Math.random()}`;
    const shared = `shared with the problem ${unique}\n`;
    const problemOnly = `only the problem's answer ${unique}\n`;
    const inlineOnly = `only the inline submission ${unique}\n`;
    const problem = await request<{ id: string }>(api.url, 'POST', '/problems', {
      slug: `retention-${Date.now()}`,
      title: 'Retention',
      groups: [
        {
          name: 'secret',
          testCases: [
            { input: shared, answer: shared },
            { input: problemOnly, answer: problemOnly },
          ],
        },
      ],
    });
    expect(problem.status, JSON.stringify(problem.body)).toBe(201);

    const created = await request<{ id: string }>(api.url, 'POST', '/submissions', {
      language: 'python3',
      sourceCode: CAT,
      testCases: [
        { input: inlineOnly, expectedOutput: inlineOnly },
        { input: shared, expectedOutput: shared },
      ],
      callbackUrl: receiverUrl,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    await watch.event(id, 'finished', 90_000);
    const finished = (await getView(id)).body;
    expect(finished.verdict).toBe('AC');
    expect(finished.tests.map((t) => t.stdout)).toEqual([inlineOnly, shared]);
    expect(await fileExists(sha256(inlineOnly))).toBe(true);
    const deliveries = { submissionId: new ObjectId(id) };
    await until('the webhook delivery record', async () =>
      (await db.collection('webhookdeliveries').countDocuments(deliveries)) > 0 ? true : undefined,
    );
    expect(await redis.exists(`verdict:event-log:${id}`)).toBe(1);

    // Outputs cleared (after 1.5 s), the submission still there: verdicts, times and sizes kept.
    const cleared = await until('outputs cleared', async () => {
      const res = await getView(id);
      expect(res.status, 'deleted before its outputs were seen cleared').toBe(200);
      return res.body.tests.every((t) => t.stdout === '') ? res.body : undefined;
    });
    expect(cleared.verdict).toBe('AC');
    expect(cleared.tests.map((t) => [t.verdict, t.stdoutBytes, t.cpuTimeMs])).toEqual(
      finished.tests.map((t) => [t.verdict, t.stdoutBytes, t.cpuTimeMs]),
    );
    expect(cleared.tests.map((t) => t.stdoutBytes)).toEqual([Buffer.byteLength(inlineOnly), Buffer.byteLength(shared)]);

    // Then (after 5 s) the whole submission, its delivery records and its replay buffer.
    await until('the submission deleted', async () => ((await getView(id)).status === 404 ? true : undefined));
    expect(await db.collection('submissions').countDocuments({ _id: new ObjectId(id) })).toBe(0);
    expect(await db.collection('webhookdeliveries').countDocuments(deliveries)).toBe(0);
    expect(await redis.exists(`verdict:event-log:${id}`)).toBe(0);

    // Its inline-only file is collected; the one the problem shares and the problem's own stay.
    await until('the inline-only file collected', async () => (!(await fileExists(sha256(inlineOnly))) ? true : undefined));
    expect(await chunkExists(sha256(inlineOnly))).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // several more sweeps
    expect(await fileExists(sha256(shared))).toBe(true);
    expect(await chunkExists(sha256(shared))).toBe(true);
    expect(await fileExists(sha256(problemOnly))).toBe(true);

    // The problem still judges on the shared file.
    const onProblem = await request<{ id: string }>(api.url, 'POST', '/submissions', {
      problemId: problem.body.id,
      language: 'python3',
      sourceCode: CAT,
    });
    expect(onProblem.status).toBe(201);
    const judged = await watch.event(onProblem.body.id, 'finished', 90_000);
    expect(judged).toMatchObject({ verdict: 'AC' });

    // Deleting the problem deletes its own file at once; the one an inline submission stored is the collector's.
    await until('the problem submission deleted', async () => ((await getView(onProblem.body.id)).status === 404 ? true : undefined));
    // An inline submission using the shared bytes again, while the problem is deleted: the file stays for it.
    const again = await request<{ id: string }>(api.url, 'POST', '/submissions', {
      language: 'python3',
      sourceCode: CAT,
      testCases: [{ input: shared, expectedOutput: shared }],
    });
    expect(again.status).toBe(201);
    const deleted = await request(api.url, 'DELETE', `/problems/${problem.body.id}`);
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(204);
    expect(await fileExists(sha256(problemOnly))).toBe(false);
    expect(await fileExists(sha256(shared))).toBe(true);
    await watch.event(again.body.id, 'finished', 90_000);
    expect((await getView(again.body.id)).body.verdict).toBe('AC');
    // Once that submission is deleted too, nothing uses the shared file: collected.
    await until('the last inline user deleted', async () => ((await getView(again.body.id)).status === 404 ? true : undefined));
    await until('the shared file collected', async () => (!(await fileExists(sha256(shared))) ? true : undefined));
  });

  it('keeps an inline file while a retained submission still uses it', async () => {
    const text = `kept ${Date.now()}-${Math.random()}\n`;
    const body = { language: 'python3', sourceCode: CAT, testCases: [{ input: text, expectedOutput: text }] };
    const first = await request<{ id: string }>(api.url, 'POST', '/submissions', body);
    await watch.event(first.body.id, 'finished', 90_000);
    // A second submission of the same bytes 3 s later: it keeps the file after the first is deleted.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const second = await request<{ id: string }>(api.url, 'POST', '/submissions', body);
    await watch.event(second.body.id, 'finished', 90_000);
    await until('the first deleted', async () => ((await getView(first.body.id)).status === 404 ? true : undefined));
    expect((await getView(second.body.id)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await fileExists(sha256(text))).toBe(true);
    await until('the second deleted', async () => ((await getView(second.body.id)).status === 404 ? true : undefined));
    await until('the file collected', async () => (!(await fileExists(sha256(text))) ? true : undefined));
  });
});
