/**
 * The OpenAPI document the built API serves (/docs-json) is lint-clean under Redocly's recommended rules
 * (redocly.yaml), and it describes what the API really answers: real requests against the built API and
 * worker (real Redis, MongoDB and sandbox), each response body validated against the document's schema for
 * its operation and status, with properties the document does not list refused. Also the judging options
 * of inline submissions (`checker`) and what results say about their cut output and effective limits.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionView } from '../libs/contracts/index.js';
import { watchEvents, type EventWatch } from './support/events.js';
import { type ErrorBody } from './support/http.js';
import { ResponseSchemas, type OpenApiDocument } from './support/openapi-responses.js';
import { fixtureZip } from './support/problems.js';
import { ROOT, startApi, startWorker, testServices, type StartedApi, type StartedProcess } from './support/stack.js';

const run = promisify(execFile);
/** Redocly CLI's entry point (its `redocly` binary), from the installed package. */
const REDOCLY_CLI = path.join(path.dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')), 'bin/cli.js');
const services = testServices('openapi');

let api: StartedApi;
let worker: StartedProcess;
let watch: EventWatch;
let doc: OpenApiDocument;
let schemas: ResponseSchemas;
let workDir: string;
/** Response checks made, `<METHOD> <path template> <status>`: the tests below assert they cover what they claim. */
const checked = new Set<string>();

/**
 * Sends a request (a JSON body, or a raw string/FormData with `contentType`), then validates the response body
 * against the document's schema for `template` and the status; fails on any mismatch.
 */
async function call<T = unknown>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  template: string,
  pathname: string,
  body?: unknown,
  contentType?: string,
): Promise<{ status: number; body: T }> {
  const raw = typeof body === 'string' || body instanceof FormData;
  const headers: Record<string, string> = contentType
    ? { 'content-type': contentType }
    : body !== undefined && !raw
      ? { 'content-type': 'application/json' }
      : {};
  const response = await fetch(`${api.url}${pathname}`, {
    method,
    headers,
    body: body === undefined ? undefined : raw ? (body as string | FormData) : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  const parsed: unknown = text === '' ? '' : JSON.parse(text);
  const problems = schemas.problems(method, template, response.status, parsed);
  expect(problems, `${method} ${pathname} → ${response.status} ${text.slice(0, 2000)}`).toEqual([]);
  checked.add(`${method} ${template} ${response.status}`);
  return { status: response.status, body: parsed as T };
}

/** Submits inline test cases in python3 and returns the finished submission as `GET /submissions/{id}` gives it (validated). */
async function judged(body: Record<string, unknown>): Promise<SubmissionView> {
  const created = await call<{ id: string }>('POST', '/submissions', '/submissions', { language: 'python3', ...body });
  expect(created.status).toBe(201);
  await watch.finished(created.body.id, 120_000);
  const view = await call<SubmissionView>('GET', '/submissions/{id}', `/submissions/${created.body.id}`);
  expect(view.status).toBe(200);
  return view.body;
}

beforeAll(async () => {
  watch = await watchEvents(services.REDIS_URL);
  worker = await startWorker({ ...services });
  api = await startApi({ ...services });
  const res = await fetch(`${api.url}/docs-json`);
  expect(res.status).toBe(200);
  doc = (await res.json()) as OpenApiDocument;
  if (process.env.DUMP_OPENAPI) await writeFile(process.env.DUMP_OPENAPI, JSON.stringify(doc, null, 2));
  schemas = new ResponseSchemas(doc);
  workDir = await mkdtemp(path.join(tmpdir(), 'verdict-openapi-'));
});

afterAll(async () => {
  await api?.stop();
  await worker?.stop();
  await watch?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('the OpenAPI document', () => {
  /** Runs Redocly's linter with redocly.yaml on `document`; its exit code and report. */
  async function lint(document: unknown, name: string): Promise<{ code: number; output: string }> {
    const file = path.join(workDir, name);
    await writeFile(file, JSON.stringify(document));
    try {
      const { stdout, stderr } = await run(
        process.execPath,
        [REDOCLY_CLI, 'lint', file, '--config', path.join(ROOT, 'redocly.yaml'), '--format', 'stylish'],
        { cwd: workDir, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' }, timeout: 120_000 },
      );
      return { code: 0, output: stdout + stderr };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof e.code === 'number' ? e.code : -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
    }
  }

  it('passes Redocly lint (recommended rules, redocly.yaml) without an error', async () => {
    const result = await lint(doc, 'openapi.json');
    expect(result.code, result.output).toBe(0);
    expect(result.output).not.toMatch(/\berror\b.*\d+ errors?|[1-9]\d* errors?/);
  }, 180_000);

  it('the linter is really run: an operation without a summary is an error', async () => {
    const broken = structuredClone(doc);
    delete broken.paths['/submissions']!.post!.summary;
    const result = await lint(broken, 'broken.json');
    expect(result.code, result.output).not.toBe(0);
    expect(result.output).toMatch(/operation-summary/);
  }, 180_000);

  it('gives every operation a summary and every 4xx/5xx the one error body; links itself from its description', () => {
    for (const [pathname, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        expect(operation.summary, `${method} ${pathname}`).toBeTruthy();
        for (const [status, response] of Object.entries(operation.responses ?? {})) {
          if (Number(status) < 400) continue;
          expect(response.content?.['application/json']?.schema, `${method} ${pathname} ${status}`).toEqual({
            $ref: '#/components/schemas/ErrorBodyDto',
          });
        }
      }
    }
    expect((doc as unknown as { info: { description: string } }).info.description).toContain('/docs-json');
    expect(Object.keys(doc.paths).some((p) => p.startsWith('/judge0'))).toBe(false);
  });

  it('types counts and sizes as integers with their bounds, and marks nullable fields', () => {
    const components = doc.components!.schemas as Record<
      string,
      { properties: Record<string, Record<string, unknown>>; required?: string[] }
    >;
    const test = components.TestResultDto!.properties;
    for (const field of ['test', 'cpuTimeMs', 'wallTimeMs', 'memoryKiB', 'stdoutBytes', 'stderrBytes']) {
      expect(test[field], field).toMatchObject({ type: 'integer', minimum: expect.any(Number) });
    }
    expect(test.exitCode).toMatchObject({ type: 'integer', nullable: true, minimum: 0, maximum: 255 });
    const view = components.SubmissionViewDto!;
    expect(view.required).toEqual(
      expect.arrayContaining(['problemId', 'score', 'maxScore', 'groups', 'effectiveLimits', 'sourceCode', 'delivery']),
    );
    expect(view.properties.problemId).toMatchObject({ nullable: true });
    expect(components.SubmissionSummaryDto!.properties).not.toHaveProperty('sourceCode');
    expect(test).toHaveProperty('group');
    expect(test).toHaveProperty('name');
    // Requests too: limits are integers with their least value, checker tolerances non-negative numbers.
    expect(components.LimitsDto!.properties.cpuTimeMs).toMatchObject({ type: 'integer', minimum: 1 });
    expect(components.LimitsDto!.properties.memoryKiB).toMatchObject({ type: 'integer', minimum: 4096 });
    expect(components.CreateSubmissionDto!.properties.checker).toBeDefined();
    for (const field of ['floatAbsoluteTolerance', 'floatRelativeTolerance', 'floatTolerance']) {
      expect(components.DefaultCheckerDto!.properties[field], field).toMatchObject({ type: 'number', minimum: 0 });
    }
    expect(components.ErrorBodyDto!.required).toEqual(expect.arrayContaining(['statusCode', 'error', 'message']));
    expect(components.ErrorBodyDto!.properties.message).toMatchObject({ type: 'string' });
  });
});

describe('real responses match the document (schemas strict: no property it leaves out)', () => {
  it('languages, health, a judged submission, a page of submissions', async () => {
    const languages = await call<{ id: string }[]>('GET', '/languages', '/languages');
    expect(languages.status).toBe(200);
    expect(languages.body.map((l) => l.id)).toContain('python3');
    expect((await call('GET', '/health', '/health')).status).toBe(200);

    const view = await judged({
      sourceCode: 'a, b = map(int, input().split())\nprint(a + b)\n',
      testCases: [
        { input: '1 2\n', expectedOutput: '3\n' },
        { input: '20 22\n', expectedOutput: '42\n' },
      ],
      limits: { cpuTimeMs: 1000, wallTimeMs: 3000, memoryKiB: 131072, outputKiB: 1024 },
    });
    expect(view).toMatchObject({ status: 'finished', verdict: 'AC', testCount: 2, problemId: null, delivery: null, checker: null });
    const page = await call<{ items: SubmissionView[] }>('GET', '/submissions', '/submissions?limit=5');
    expect(page.status).toBe(200);
    expect(page.body.items.map((s) => s.id)).toContain(view.id);
    for (const item of page.body.items) expect(item).not.toHaveProperty('sourceCode');
  }, 180_000);

  it('a problem imported from a package, read, listed, and judged against (groups, named tests)', async () => {
    const form = new FormData();
    form.append('package', new Blob([fixtureZip('aplusb')], { type: 'application/zip' }), 'aplusb.zip');
    form.append('slug', 'openapi-aplusb');
    const imported = await call<{ id: string }>('POST', '/problems/import', '/problems/import', form);
    expect(imported.status).toBe(201);
    expect((await call('GET', '/problems/{id}', `/problems/${imported.body.id}`)).status).toBe(200);
    expect((await call('GET', '/problems', '/problems?limit=5')).status).toBe(200);
    const created = await call<{ id: string }>('POST', '/submissions', '/submissions', {
      problemId: imported.body.id,
      language: 'python3',
      sourceCode: 'a, b = map(int, input().split())\nprint(a + b)\n',
    });
    expect(created.status).toBe(201);
    await watch.finished(created.body.id, 180_000);
    const view = await call<SubmissionView>('GET', '/submissions/{id}', `/submissions/${created.body.id}`);
    expect(view.body).toMatchObject({ verdict: 'AC', problemId: imported.body.id });
    expect(view.body.groups!.length).toBeGreaterThan(0);
    expect(view.body.tests[0]).toMatchObject({ group: expect.any(String), name: expect.any(String) });
    const rejudged = await call('POST', '/submissions/{id}/rejudge', `/submissions/${created.body.id}/rejudge`);
    expect(rejudged.status).toBe(202);
  }, 300_000);

  it('API keys: created (with the key once), listed without it, revoked; a bad body and an unknown id', async () => {
    const created = await call<{ id: string; key: string }>('POST', '/api-keys', '/api-keys', {
      name: 'openapi',
      role: 'submitter',
      expiresInDays: 1,
    });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^vk_/);
    expect((await call('POST', '/api-keys', '/api-keys', { name: 'x', role: 'root' })).status).toBe(400);
    const listed = await call<{ id: string }[]>('GET', '/api-keys', '/api-keys');
    expect(listed.body.map((k) => k.id)).toContain(created.body.id);
    expect((await call('DELETE', '/api-keys/{id}', `/api-keys/${created.body.id}`)).status).toBe(200);
    expect((await call('DELETE', '/api-keys/{id}', '/api-keys/0123456789abcdef01234567')).status).toBe(404);
  });

  it('errors: 400, 404, 409, 413, 415, each in the one error shape the document gives', async () => {
    const missing = await call<ErrorBody>('POST', '/submissions', '/submissions', { language: 'python3' });
    expect(missing.status).toBe(400);
    expect(missing.body.details).toEqual(expect.arrayContaining([{ field: 'sourceCode', rule: 'must be a string' }]));
    expect((await call('GET', '/submissions', '/submissions?limit=0')).status).toBe(400);
    expect((await call('GET', '/submissions/{id}', '/submissions/0123456789abcdef01234567')).status).toBe(404);
    expect((await call('POST', '/submissions/{id}/rejudge', '/submissions/0123456789abcdef01234567/rejudge')).status).toBe(404);
    expect((await call('GET', '/problems/{id}', '/problems/0123456789abcdef01234567')).status).toBe(404);
    expect((await call('DELETE', '/problems/{id}', '/problems/0123456789abcdef01234567')).status).toBe(404);
    const large = await call<ErrorBody>('POST', '/submissions', '/submissions', {
      language: 'python3',
      sourceCode: 'x'.repeat(17 * 1024 * 1024),
    });
    expect(large.status).toBe(413);
    const form = await call<ErrorBody>('POST', '/submissions', '/submissions', 'language=python3', 'application/x-www-form-urlencoded');
    expect(form.status).toBe(415);
    expect(form.body.message).toBe('content-type must be application/json; got application/x-www-form-urlencoded');
    const problem = await call<{ id: string }>('POST', '/problems', '/problems', {
      slug: 'openapi-dup',
      title: 'Dup',
      groups: [{ name: 'secret', testCases: [{ input: '1\n', answer: '1\n' }] }],
    });
    expect(problem.status).toBe(201);
    const dup = await call<ErrorBody>('POST', '/problems', '/problems', {
      slug: 'openapi-dup',
      title: 'Dup',
      groups: [{ name: 'secret', testCases: [{ input: '1\n', answer: '1\n' }] }],
    });
    expect(dup.status).toBe(409);
    expect((await call('DELETE', '/problems/{id}', `/problems/${problem.body.id}`)).status).toBe(204);
  }, 120_000);
});

describe('inline checker options (`checker` on POST /submissions)', () => {
  const printPi = { sourceCode: 'print("3.14159")\n', testCases: [{ input: '', expectedOutput: '3.1416\n' }] };

  it('a float answer: Wrong Answer without a tolerance, Accepted within floatAbsoluteTolerance 1e-3 (and floatTolerance)', async () => {
    expect((await judged(printPi)).verdict).toBe('WA');
    const tolerant = await judged({ ...printPi, checker: { floatAbsoluteTolerance: 1e-3 } });
    expect(tolerant.verdict).toBe('AC');
    expect(tolerant.checker).toEqual({
      caseSensitive: false,
      spaceChangeSensitive: false,
      floatAbsoluteTolerance: 1e-3,
      floatRelativeTolerance: null,
    });
    const both = await judged({ ...printPi, checker: { floatTolerance: 1e-3 } });
    expect(both.verdict).toBe('AC');
    expect(both.checker).toMatchObject({ floatAbsoluteTolerance: 1e-3, floatRelativeTolerance: 1e-3 });
    expect((await judged({ ...printPi, checker: { floatAbsoluteTolerance: 1e-6 } })).verdict).toBe('WA');
  }, 180_000);

  it('case-insensitive by default, Wrong Answer with caseSensitive true', async () => {
    const yes = { sourceCode: 'print("YES")\n', testCases: [{ input: '', expectedOutput: 'yes\n' }] };
    expect((await judged(yes)).verdict).toBe('AC');
    const strict = await judged({ ...yes, checker: { caseSensitive: true } });
    expect(strict.verdict).toBe('WA');
    expect(strict.tests[0]!.checkerMessage).toMatch(/YES|yes/);
  }, 180_000);
});

describe('results say what they cut and which limits applied', () => {
  it('stdout and stderr sizes and whether the preview cut them; the source code; the effective limits (python3: time × 2)', async () => {
    const sourceCode = 'import sys\nsys.stdout.write("x" * 10000)\nsys.stderr.write("warn\\n")\n';
    const view = await judged({ sourceCode, limits: { cpuTimeMs: 1000, wallTimeMs: 3000, memoryKiB: 131072, outputKiB: 1024 } });
    expect(view.verdict).toBe('AC');
    const [test] = view.tests;
    // OUTPUT_PREVIEW_BYTES defaults to 4096.
    expect(test).toMatchObject({ stdoutBytes: 10000, stdoutTruncated: true, stderrBytes: 5, stderrTruncated: false, stderr: 'warn\n' });
    expect(test!.stdout).toBe('x'.repeat(4096));
    expect(view.sourceCode).toBe(sourceCode);
    expect(view.effectiveLimits).toEqual({ cpuTimeMs: 2000, wallTimeMs: 6000, memoryKiB: 131072, outputKiB: 1024 });
    expect(view.limits).toEqual({ cpuTimeMs: 1000, wallTimeMs: 3000, memoryKiB: 131072, outputKiB: 1024 });
    const small = await judged({ sourceCode: 'print(7)\n' });
    expect(small.tests[0]).toMatchObject({ stdout: '7\n', stdoutBytes: 2, stdoutTruncated: false, stderrBytes: 0, stderrTruncated: false });
  }, 180_000);

  it('covered: every operation above was checked against its documented status', () => {
    for (const key of [
      'GET /languages 200',
      'GET /health 200',
      'POST /submissions 201',
      'POST /submissions 400',
      'POST /submissions 413',
      'POST /submissions 415',
      'GET /submissions 200',
      'GET /submissions/{id} 200',
      'GET /submissions/{id} 404',
      'POST /problems/import 201',
      'POST /problems 409',
      'GET /problems/{id} 200',
      'POST /api-keys 201',
      'POST /api-keys 400',
      'GET /api-keys 200',
      'DELETE /api-keys/{id} 200',
      'DELETE /api-keys/{id} 404',
    ]) {
      expect(checked, key).toContain(key);
    }
  });
});
