/**
 * Bad input and unreachable dependencies, against the built API (and the built worker, which
 * answers which languages exist) on real Redis and MongoDB: every bad request is a 400 naming
 * the field and the rule, a dead dependency is a 503, never a 500, and nothing is saved or queued.
 */
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, type ErrorBody } from './support/http.js';
import {
  freePort,
  runApiExpectingFailure,
  startApi,
  startWorker,
  testServices,
  withDatabase,
  type StartedApi,
  type StartedProcess,
} from './support/stack.js';

const services = testServices('api-validation');

let api: StartedApi;
let worker: StartedProcess;
let db: mongoose.Connection;
let redis: Redis;
/** A language the worker offers. */
let language = 'python3';

/** Submissions stored and the ids of the judge jobs in this file's database and queue. */
async function stored(): Promise<{ submissions: number; jobs: Set<string> }> {
  const submissions = await db.collection('submissions').countDocuments();
  const jobs = new Set(await redis.keys(`${services.QUEUE_PREFIX}:submissions:[0-9a-f]*`));
  return { submissions, jobs };
}

/**
 * Nothing was stored or queued since `before`: as many submissions, and no judge job that was not there
 * (one may have gone meanwhile: a job of an earlier, valid submission is removed once judged).
 */
async function expectNothingStored(before: Awaited<ReturnType<typeof stored>>): Promise<void> {
  const now = await stored();
  expect(now.submissions).toBe(before.submissions);
  expect([...now.jobs].filter((job) => !before.jobs.has(job))).toEqual([]);
}

/**
 * POSTs `body` and expects a 400 in the one error shape whose broken rules (`details`, each read as
 * `<field> <rule>`) include each of `expected`, with `message` one string naming them, and nothing stored.
 */
async function expectRejected(body: unknown, expected: (string | RegExp)[]): Promise<string[]> {
  const before = await stored();
  const response = await request<ErrorBody>(api.url, 'POST', '/submissions', body);
  expect(response.status, JSON.stringify(response.body)).toBe(400);
  expect(Object.keys(response.body).sort()).toEqual(['details', 'error', 'message', 'statusCode']);
  expect(response.body.statusCode).toBe(400);
  expect(response.body.error).toBe('Bad Request');
  expect(typeof response.body.message).toBe('string');
  const messages = (response.body.details ?? []).map((d) => `${d.field} ${d.rule}`);
  expect(messages.length).toBeGreaterThan(0);
  expect(response.body.message).toBe(messages.join('; '));
  for (const rule of expected) {
    expect(
      messages.some((m) => (typeof rule === 'string' ? m === rule : rule.test(m))),
      `${String(rule)} in ${JSON.stringify(messages)}`,
    ).toBe(true);
  }
  await expectNothingStored(before);
  return messages;
}

beforeAll(async () => {
  db = await mongoose.createConnection(services.MONGO_URI, { serverSelectionTimeoutMS: 5000 }).asPromise();
  redis = new Redis(services.REDIS_URL);
  worker = await startWorker({ ...services });
  api = await startApi({ ...services });
  const languages = await request<{ id: string }[]>(api.url, 'GET', '/languages');
  expect(languages.status).toBe(200);
  language = languages.body[0]!.id;
});

afterAll(async () => {
  await api?.stop();
  await worker?.stop();
  await db?.dropDatabase().catch(() => undefined);
  await db?.close();
  if (redis) {
    const keys = await redis.keys(`${services.QUEUE_PREFIX}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
});

describe('POST /submissions with bad input → 400 naming the field and the rule, nothing saved', () => {
  const valid = () => ({ language, sourceCode: 'print(1)\n' });

  it('unknown language', async () => {
    await expectRejected({ ...valid(), language: 'cobol-85' }, [/^language must be one of: [a-z0-9+_-]+(, [a-z0-9+_-]+)*$/]);
  });

  it('empty or missing source code and language', async () => {
    await expectRejected({ ...valid(), sourceCode: '' }, ['sourceCode should not be empty']);
    await expectRejected({ language }, ['sourceCode must be a string']);
    await expectRejected({ sourceCode: 'x', language: '' }, ['language should not be empty']);
  });

  it('source code over MAX_SOURCE_BYTES (UTF-8 bytes)', async () => {
    await expectRejected({ ...valid(), sourceCode: 'a'.repeat(65537) }, [
      'sourceCode must not be longer than 65536 bytes (UTF-8); it is 65537 bytes',
    ]);
    // 32769 characters but 65538 bytes.
    await expectRejected({ ...valid(), sourceCode: 'é'.repeat(32769) }, [
      'sourceCode must not be longer than 65536 bytes (UTF-8); it is 65538 bytes',
    ]);
  });

  it('limits ≤ 0, not integers, or above the maxima', async () => {
    await expectRejected({ ...valid(), limits: { cpuTimeMs: 0 } }, ['limits.cpuTimeMs must be a positive number']);
    await expectRejected({ ...valid(), limits: { memoryKiB: -1024 } }, ['limits.memoryKiB must not be less than 4096']);
    await expectRejected({ ...valid(), limits: { memoryKiB: 512 } }, ['limits.memoryKiB must not be less than 4096']);
    await expectRejected({ ...valid(), limits: { wallTimeMs: 2.5 } }, ['limits.wallTimeMs must be an integer number']);
    await expectRejected({ ...valid(), limits: { wallTimeMs: 1 } }, ['limits.wallTimeMs must not be less than 100']);
    await expectRejected({ ...valid(), limits: { cpuTimeMs: 10001 } }, ['limits.cpuTimeMs must not be greater than 10000']);
    await expectRejected({ ...valid(), limits: { wallTimeMs: 30001, memoryKiB: 1048577, outputKiB: 65537 } }, [
      'limits.wallTimeMs must not be greater than 30000',
      'limits.memoryKiB must not be greater than 1048576',
      'limits.outputKiB must not be greater than 65536',
    ]);
  });

  it('too many or too few test cases, and test data over MAX_TEST_DATA_BYTES', async () => {
    const testCase = { input: '1 2\n', expectedOutput: '3\n' };
    await expectRejected({ ...valid(), testCases: Array.from({ length: 101 }, () => testCase) }, [
      'testCases must contain no more than 100 elements',
    ]);
    await expectRejected({ ...valid(), testCases: [] }, ['testCases must contain at least 1 element']);
    await expectRejected({ ...valid(), stdin: 'x'.repeat(8 * 1024 * 1024 + 1) }, [
      'stdin must not be longer than 8388608 bytes (UTF-8); it is 8388609 bytes',
    ]);
    await expectRejected({ ...valid(), testCases: [testCase, { input: '', expectedOutput: 'y'.repeat(8 * 1024 * 1024 + 1) }] }, [
      'testCases.1.expectedOutput must not be longer than 8388608 bytes (UTF-8); it is 8388609 bytes',
    ]);
    await expectRejected({ ...valid(), stdin: '1 2', testCases: [testCase] }, [
      /^testCases must not be combined with stdin or expectedOutput/,
    ]);
  });

  it('wrong types are refused, not converted', async () => {
    await expectRejected({ language: 42, sourceCode: ['print(1)'] }, ['language must be a string', 'sourceCode must be a string']);
    await expectRejected({ ...valid(), limits: { cpuTimeMs: '1000' } }, ['limits.cpuTimeMs must be an integer number']);
    await expectRejected({ ...valid(), limits: 'fast' }, ['limits must be an object']);
    await expectRejected({ ...valid(), testCases: 'many' }, ['testCases must be an array']);
    await expectRejected({ ...valid(), testCases: [{ input: 1, expectedOutput: true }] }, [
      'testCases.0.input must be a string',
      'testCases.0.expectedOutput must be a string',
    ]);
    await expectRejected({ ...valid(), stdin: { text: '1 2' } }, ['stdin must be a string']);
  });

  it('unknown properties', async () => {
    await expectRejected({ ...valid(), priority: 'high' }, ['priority should not exist']);
    await expectRejected({ ...valid(), limits: { stackKiB: 1 } }, ['limits.stackKiB should not exist']);
  });

  it('wait is exactly true or false: another word or a repeated wait is a 400, nothing saved', async () => {
    const before = await stored();
    // (`wait[]=…` is another parameter's name for Express's query parser, as any unknown one, not `wait`.)
    for (const query of ['wait=TRUE', 'wait=1', 'wait=', 'wait=true&wait=false']) {
      const response = await request<ErrorBody>(api.url, 'POST', `/submissions?${query}`, {
        language: 'python3',
        sourceCode: 'print(1)\n',
      });
      expect(response.status, query).toBe(400);
      expect(response.body.details, query).toEqual([{ field: 'wait', rule: 'must be true or false' }]);
    }
    await expectNothingStored(before);
  });

  it('malformed JSON', async () => {
    await expectRejected('{"language": "c", "sourceCode": ', [/^body is not valid JSON: /]);
    await expectRejected("{'language': 'c'}", [/^body is not valid JSON: /]);
  });

  it('JSON nested deeper than 64 levels (a few KB that would overflow the validator) is a 400', async () => {
    const deep = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
    await expectRejected(`{"language":"c","sourceCode":"x","stdin":${deep(3000)}}`, [
      'body must not nest arrays and objects more than 64 levels deep',
    ]);
    await expectRejected(`{"language":"c","sourceCode":"x","priority":${deep(100_000)}}`, [
      'body must not nest arrays and objects more than 64 levels deep',
    ]);
    // Within the bound the ordinary rules answer.
    await expectRejected(`{"language":"c","sourceCode":"x","stdin":${deep(10)}}`, ['stdin must be a string']);
  });

  it('a body over BODY_LIMIT_BYTES is 413, nothing saved', async () => {
    const before = await stored();
    const response = await request<ErrorBody>(api.url, 'POST', '/submissions', { ...valid(), stdin: 'x'.repeat(17 * 1024 * 1024) });
    expect(response.status).toBe(413);
    expect(response.body).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'request body must not be larger than 16777216 bytes',
    });
    await expectNothingStored(before);
  });

  it('a valid submission is stored and queued (so the checks above are not vacuous)', async () => {
    const before = await stored();
    const response = await request<{ id: string; status: string }>(api.url, 'POST', '/submissions', {
      ...valid(),
      stdin: '',
      limits: { cpuTimeMs: 10000, wallTimeMs: 30000, memoryKiB: 1048576, outputKiB: 65536 },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toEqual({ id: expect.stringMatching(/^[0-9a-f]{24}$/), status: 'queued' });
    const after = await stored();
    expect(after.submissions).toBe(before.submissions + 1);
  });
});

describe('one error shape for what is not a JSON body, inline checker options', () => {
  const valid = () => ({ language, sourceCode: 'print(1)\n' });

  /** POSTs `body` as-is with `contentType`; the reply read as JSON. */
  async function postRaw(path: string, body: string | FormData, contentType?: string): Promise<{ status: number; body: ErrorBody }> {
    const response = await fetch(`${api.url}${path}`, {
      method: 'POST',
      headers: contentType ? { 'content-type': contentType } : {},
      body,
    });
    return { status: response.status, body: (await response.json()) as ErrorBody };
  }

  it('a form-encoded or text body is a 415 saying the content type must be application/json, nothing saved', async () => {
    const before = await stored();
    for (const [body, type] of [
      ['language=python3&sourceCode=print(1)', 'application/x-www-form-urlencoded'],
      [JSON.stringify(valid()), 'text/plain'],
    ] as const) {
      const response = await postRaw('/submissions', body, type);
      expect(response.status, type).toBe(415);
      expect(response.body).toEqual({
        statusCode: 415,
        error: 'Unsupported Media Type',
        message: `content-type must be application/json; got ${type}`,
      });
    }
    // JSON with a charset parameter is JSON: it reaches the validation (a 400 naming the missing field, not a 415).
    const json = await postRaw('/submissions', JSON.stringify({ language }), 'application/json; charset=utf-8');
    expect(json.status, JSON.stringify(json.body)).toBe(400);
    expect(json.body.message).toContain('sourceCode must be a string');
    await expectNothingStored(before);
  });

  it('a problem package under another multipart field name is told the right one (400); JSON there is a 415', async () => {
    const form = new FormData();
    form.append('zip', new Blob([Buffer.from('PK')]), 'p.zip');
    const wrong = await postRaw('/problems/import', form);
    expect(wrong.status, JSON.stringify(wrong.body)).toBe(400);
    expect(wrong.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'package must be the multipart/form-data file field "package"; the file came as field "zip"',
      details: [{ field: 'package', rule: 'must be the multipart/form-data file field "package"; the file came as field "zip"' }],
    });
    const json = await postRaw('/problems/import', '{}', 'application/json');
    expect(json.status).toBe(415);
    expect(json.body.message).toBe('content-type must be multipart/form-data; got application/json');
  });

  it('checker options: booleans and non-negative numbers; refused with a problemId', async () => {
    await expectRejected({ ...valid(), checker: { caseSensitive: 'yes', floatAbsoluteTolerance: -1, floatTolerance: 'x' } }, [
      'checker.caseSensitive must be a boolean value',
      'checker.floatAbsoluteTolerance must not be less than 0',
      /^checker\.floatTolerance must be a number/,
    ]);
    await expectRejected({ ...valid(), checker: { ignoreCase: true } }, ['checker.ignoreCase should not exist']);
    await expectRejected({ ...valid(), checker: 'exact' }, ['checker must be an object']);
    await expectRejected({ ...valid(), problemId: '0123456789abcdef01234567', checker: { caseSensitive: true } }, [
      "problemId must not be combined with checker; the problem's test data, limits and checker apply",
    ]);
  });
});

describe('reading with bad input', () => {
  it('GET /submissions with a bad limit or cursor → 400; unknown id → 404', async () => {
    expect((await request(api.url, 'GET', '/submissions?limit=0')).body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'limit must not be less than 1',
      details: [{ field: 'limit', rule: 'must not be less than 1' }],
    });
    expect((await request(api.url, 'GET', '/submissions?limit=101')).body).toMatchObject({
      message: 'limit must not be greater than 100',
    });
    expect((await request(api.url, 'GET', '/submissions?limit=ten')).status).toBe(400);
    expect((await request(api.url, 'GET', '/submissions?cursor=bogus')).body).toMatchObject({
      statusCode: 400,
      message: 'cursor is not valid; pass the nextCursor of a previous page',
      details: [{ field: 'cursor', rule: 'is not valid; pass the nextCursor of a previous page' }],
    });
    expect((await request(api.url, 'GET', '/submissions/not-an-id')).body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'submission not-an-id not found',
    });
    expect((await request(api.url, 'GET', '/submissions/0123456789abcdef01234567')).status).toBe(404);
  });

  it('serves the OpenAPI document', async () => {
    const doc = await request<{ paths: Record<string, unknown> }>(api.url, 'GET', '/docs-json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/submissions', '/submissions/{id}', '/languages', '/health']));
  });
});

describe('unreachable dependencies → 503, nothing half-written', () => {
  it('Redis unreachable: POST is 503 within seconds, nothing saved in MongoDB', async () => {
    const deadRedis = `redis://127.0.0.1:${await freePort()}`;
    const cut = await startApi({ ...services, REDIS_URL: deadRedis });
    try {
      const before = await stored();
      const response = await request<ErrorBody>(cut.url, 'POST', '/submissions', { language, sourceCode: 'print(1)\n' });
      expect(response.status, JSON.stringify(response.body)).toBe(503);
      expect(response.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
      expect(response.body.message).toMatch(/Redis/);
      expect(response.elapsedMs).toBeLessThan(5000);
      await expectNothingStored(before);
      const health = await request<ErrorBody>(cut.url, 'GET', '/health');
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
      expect(health.body.message).toMatch(/^redis is down/);
      expect(health.body.message).not.toMatch(/mongodb/);
      // Reading needs only MongoDB.
      expect((await request(cut.url, 'GET', '/submissions?limit=1')).status).toBe(200);
    } finally {
      await cut.stop();
    }
  });

  it('MongoDB unreachable: POST and reads are 503 within seconds, nothing queued', async () => {
    const deadMongo = withDatabase(`mongodb://127.0.0.1:${await freePort()}`, 'verdict');
    const cut = await startApi({ ...services, MONGO_URI: deadMongo });
    try {
      const before = await stored();
      const response = await request<ErrorBody>(cut.url, 'POST', '/submissions', { language, sourceCode: 'print(1)\n' });
      expect(response.status, JSON.stringify(response.body)).toBe(503);
      expect(response.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
      expect(response.body.message).toMatch(/MongoDB/);
      expect(response.elapsedMs).toBeLessThan(5000);
      await expectNothingStored(before);
      for (const path of ['/submissions', '/submissions/0123456789abcdef01234567']) {
        const read = await request<ErrorBody>(cut.url, 'GET', path);
        expect(read.status, path).toBe(503);
        expect(read.body.message).toMatch(/MongoDB/);
      }
      const health = await request<ErrorBody>(cut.url, 'GET', '/health');
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
      expect(health.body.message).toMatch(/^mongodb is down/);
      expect(health.body.message).not.toMatch(/redis/);
    } finally {
      await cut.stop();
    }
  });
});

describe('configuration', () => {
  it('an invalid variable stops the API with a message naming it', async () => {
    const { code, output } = await runApiExpectingFailure({
      ...services,
      MAX_CPU_TIME_MS: 'lots',
      DEFAULT_MEMORY_KIB: '99999999',
      LOG_LEVEL: 'chatty',
    });
    expect(code).toBe(1);
    expect(output).toContain('MAX_CPU_TIME_MS must be an integer number');
    expect(output).toContain('DEFAULT_MEMORY_KIB must not be greater than MAX_MEMORY_KIB');
    expect(output).toContain('LOG_LEVEL must be one of');
  });
});
