/**
 * Inline test data stored by content hash (issue 10): an inline submission's document holds hashes
 * and sizes, the bytes are files of the test data store (stored once however many submissions use
 * them), the worker judges them like a problem's, and a document of the older shape (text inline)
 * still judges. Real API, worker, Redis, MongoDB/FerretDB and sandbox.
 */
import { createHash } from 'node:crypto';
import { MongoClient, ObjectId, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionView } from '../libs/contracts/index.js';
import { watchEvents, type EventWatch } from './support/events.js';
import { request } from './support/http.js';
import { startApi, startWorker, testServices, type StartedApi, type StartedProcess } from './support/stack.js';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const CAT = 'import sys\nsys.stdout.write(sys.stdin.read())\n';

describe('inline test data by hash', () => {
  const env = testServices('inline-test-data');
  let api: StartedApi;
  let worker: StartedProcess;
  let watch: EventWatch;
  let client: MongoClient;
  let db: Db;

  beforeAll(async () => {
    watch = await watchEvents(env.REDIS_URL);
    worker = await startWorker(env);
    api = await startApi(env);
    client = await MongoClient.connect(env.MONGO_URI);
    db = client.db();
  });

  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
    await watch?.close();
    await db?.dropDatabase().catch(() => undefined);
    await client?.close();
  });

  /** POSTs an inline submission and returns its stored view once finished. */
  async function judge(body: Record<string, unknown>): Promise<SubmissionView> {
    const created = await request<{ id: string }>(api.url, 'POST', '/submissions', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await watch.event(created.body.id, 'finished', 90_000);
    return (await request<SubmissionView>(api.url, 'GET', `/submissions/${created.body.id}`)).body;
  }

  const rawSubmission = (id: string) => db.collection('submissions').findOne({ _id: new ObjectId(id) });

  it('stores hashes and sizes in the document, the bytes in the store, and judges AC and WA on them', async () => {
    const unique = `${Date.now()}-${Math.random()}`;
    const input1 = `first ${unique}\n`;
    const input2 = `second ${unique}\n`;
    const view = await judge({
      language: 'python3',
      sourceCode: CAT,
      testCases: [
        { input: input1, expectedOutput: input1 },
        { input: input2, expectedOutput: 'something else\n' },
      ],
    });
    expect(view.verdict).toBe('WA');
    expect(view.tests.map((t) => t.verdict)).toEqual(['AC', 'WA']);
    expect(view.testCount).toBe(2);
    // The view's shape is what it was: no test data in it.
    expect(view).not.toHaveProperty('testCases');
    expect(view).not.toHaveProperty('fileHashes');

    const doc = await rawSubmission(view.id);
    expect(doc!.testCases).toEqual([
      {
        inputHash: sha256(input1),
        inputBytes: Buffer.byteLength(input1),
        answerHash: sha256(input1),
        answerBytes: Buffer.byteLength(input1),
      },
      {
        inputHash: sha256(input2),
        inputBytes: Buffer.byteLength(input2),
        answerHash: sha256('something else\n'),
        answerBytes: Buffer.byteLength('something else\n'),
      },
    ]);
    expect(JSON.stringify(doc!.testCases)).not.toContain(unique);
    expect([...(doc!.fileHashes as string[])].sort()).toEqual([sha256(input1), sha256(input2), sha256('something else\n')].sort());
    // Identical input and expected output: one file.
    const file = await db.collection('testdata_files').findOne({ _id: sha256(input1) as never });
    expect(file).toMatchObject({ length: Buffer.byteLength(input1), chunkCount: 1 });
    expect(file!.inlineUsedAt).toBeInstanceOf(Date);
  });

  it('two identical inline submissions store each file once, and both judge AC', async () => {
    const unique = `${Date.now()}-${Math.random()}`;
    const body = {
      language: 'python3',
      sourceCode: CAT,
      testCases: [
        { input: `in ${unique}\n`, expectedOutput: `in ${unique}\n` },
        { input: `again ${unique}\n`, expectedOutput: `again ${unique}\n` },
      ],
    };
    const [a, b] = await Promise.all([judge(body), judge(body)]);
    expect([a.verdict, b.verdict]).toEqual(['AC', 'AC']);
    for (const text of [`in ${unique}\n`, `again ${unique}\n`]) {
      expect(await db.collection('testdata_files').countDocuments({ _id: sha256(text) as never })).toBe(1);
      expect(await db.collection('testdata_chunks').countDocuments({ _id: `${sha256(text)}:0` as never })).toBe(1);
    }
    expect((await rawSubmission(a.id))!.testCases).toEqual((await rawSubmission(b.id))!.testCases);
  });

  it('stdin/expectedOutput without expectedOutput: answerHash null, judged by the run alone', async () => {
    const view = await judge({ language: 'python3', sourceCode: 'print(input())', stdin: 'hello\n' });
    expect(view.verdict).toBe('AC');
    expect(view.tests[0]!.stdout).toBe('hello\n');
    expect((await rawSubmission(view.id))!.testCases).toEqual([
      { inputHash: sha256('hello\n'), inputBytes: 6, answerHash: null, answerBytes: 0 },
    ]);
  });

  it('a document of the older shape (test cases as text) still judges, AC and WA', async () => {
    // Made as the API stored it before issue 10, then rejudged: the worker reads the text shape.
    const id = new ObjectId();
    await db.collection('submissions').insertOne({
      _id: id,
      language: 'python3',
      sourceCode: CAT,
      testCases: [
        { input: '1 2\n', expectedOutput: '1 2\n' },
        { input: 'x\n', expectedOutput: 'y\n' },
      ],
      problemId: null,
      score: null,
      maxScore: null,
      fileName: null,
      groups: [],
      rejudges: 0,
      testCount: 2,
      limits: { cpuTimeMs: 2000, wallTimeMs: 6000, memoryKiB: 262144, outputKiB: 16384 },
      effectiveLimits: null,
      checker: null,
      status: 'finished',
      verdict: 'IE',
      tests: [],
      message: null,
      lastSeq: 1,
      createdAt: new Date(),
      startedAt: null,
      finishedAt: new Date(),
      attempt: 0,
      judge0: null,
      callbackUrl: null,
    });
    const rejudged = await request(api.url, 'POST', `/submissions/${id.toHexString()}/rejudge`);
    expect(rejudged.status, JSON.stringify(rejudged.body)).toBe(202);
    await watch.event(id.toHexString(), 'finished', 90_000);
    const view = (await request<SubmissionView>(api.url, 'GET', `/submissions/${id.toHexString()}`)).body;
    expect(view.verdict).toBe('WA');
    expect(view.tests.map((t) => t.verdict)).toEqual(['AC', 'WA']);
  });
});
