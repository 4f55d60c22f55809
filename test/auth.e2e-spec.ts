/**
 * API keys and ownership (issue 10, docs/auth.md) against the real built API with AUTH_MODE=on, a real
 * worker, Redis and MongoDB: the first admin key made with `npm run keys -- create`; 401 for a missing,
 * unknown, revoked or expired key; 403 for a role too low; submitter A denied submitter B's submission
 * (404, as an unknown id) over REST, the list, SSE, Socket.IO and the Judge0 API while B reads it; a
 * setter seeing the submissions to its problem with the checker's full message, which submitters never see.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionView } from '../libs/contracts/index.js';
import { watchEvents, readSse, type EventWatch } from './support/events.js';
import { request, type ErrorBody } from './support/http.js';
import { fixtureZip } from './support/problems.js';
import { connectResults, type ResultsClient } from './support/results-client.js';
import { ROOT, startApi, startWorker, testServices, type StartedApi, type StartedProcess } from './support/stack.js';

const run = promisify(execFile);
const services = testServices('auth');
const UNKNOWN_ID = '0123456789abcdef01234567';
const SUM = 'a, b = map(int, input().split())\nprint(a + b)\n';
/** Right on the aplusb fixture's sample, wrong on its first secret test (2 3 → 6, not 5). */
const WRONG_ON_SECRET = 'a, b = map(int, input().split())\nprint(a * b if a > 1 else a + b)\n';

let api: StartedApi;
let worker: StartedProcess;
let watch: EventWatch;
let db: mongoose.Connection;
let adminKey: string;
const keys: Record<'a' | 'b' | 'setter' | 'otherSetter', { id: string; key: string }> = {} as never;
const clients: ResultsClient[] = [];

const as = (key: string | undefined): { headers: Record<string, string> } => ({ headers: key ? { 'x-api-key': key } : {} });

/** `npm run keys -- <args>` with the test's MONGO_URI; its exit code and output. */
async function keysCommand(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npm', ['run', '-s', 'keys', '--', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...services },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

async function createKey(role: string, name: string, extra: Record<string, unknown> = {}): Promise<{ id: string; key: string }> {
  const created = await request<{ id: string; key: string; role: string }>(
    api.url,
    'POST',
    '/api-keys',
    { name, role, ...extra },
    as(adminKey),
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect(created.body.role).toBe(role);
  return { id: created.body.id, key: created.body.key };
}

/** Submits inline A+B as `key`, waits for the verdict; the submission id. */
async function judgedAs(key: string): Promise<string> {
  const created = await request<{ id: string }>(
    api.url,
    'POST',
    '/submissions',
    { language: 'python3', sourceCode: SUM, stdin: '1 2\n', expectedOutput: '3\n' },
    as(key),
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  await watch.finished(created.body.id, 120_000);
  return created.body.id;
}

beforeAll(async () => {
  watch = await watchEvents(services.REDIS_URL);
  db = await mongoose.createConnection(services.MONGO_URI).asPromise();
  worker = await startWorker({ ...services });
  // Loopback, yet keys required: AUTH_MODE=on wins over the loopback rule.
  api = await startApi({ ...services, AUTH_MODE: 'on' });
}, 120_000);

afterAll(async () => {
  for (const client of clients) client.close();
  await Promise.all([api?.stop(), worker?.stop()]);
  await watch?.close();
  await db?.close();
});

describe('API keys', () => {
  it('says at start that authentication is on', () => {
    expect(api.output()).toContain('authentication is ON');
  });

  it('`npm run keys -- create` prints a key, once, that works; list shows it without the key; bad input is refused', async () => {
    const made = await keysCommand('create', '--role', 'admin', '--name', 'root');
    expect(made.code, made.stderr).toBe(0);
    const match = /^key:\s+(vk_[A-Za-z0-9_-]{43})$/m.exec(made.stdout);
    expect(match, made.stdout).not.toBeNull();
    adminKey = match![1]!;
    const listed = await request<{ name: string }[]>(api.url, 'GET', '/api-keys', undefined, as(adminKey));
    expect(listed.status).toBe(200);
    expect(listed.body.map((k) => k.name)).toEqual(['root']);

    const list = await keysCommand('list');
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('"root"');
    expect(list.stdout).not.toContain(adminKey);
    const refused = await keysCommand('create', '--role', 'wizard', '--name', 'x');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--role must be one of: admin, setter, submitter');
    // Only the hash is stored.
    const stored = await db.collection('apikeys').find().toArray();
    expect(JSON.stringify(stored)).not.toContain(adminKey);
    expect(stored[0]!['keyHash']).toMatch(/^[0-9a-f]{64}$/);
  }, 120_000);

  it('refuses a missing or unknown key with 401 in the error shape, one message for every bad key', async () => {
    const missing = await request<ErrorBody>(api.url, 'GET', '/submissions');
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: expect.stringContaining('x-api-key') });
    const unknown = await request<ErrorBody>(api.url, 'GET', '/submissions', undefined, as(`vk_${'x'.repeat(43)}`));
    const garbage = await request<ErrorBody>(api.url, 'GET', '/submissions', undefined, as('hello'));
    expect(unknown.status).toBe(401);
    expect(garbage.body).toEqual(unknown.body);
    // Public routes stay open; operations are for admins.
    expect((await request(api.url, 'GET', '/health')).status).toBe(200);
    expect((await request(api.url, 'GET', '/languages')).status).toBe(200);
    expect((await request(api.url, 'GET', '/metrics')).status).toBe(401);
    // The OpenAPI document (public) declares the key, required unless an operation says otherwise.
    const doc = await request<{
      components: { securitySchemes: Record<string, unknown> };
      security: unknown[];
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    }>(api.url, 'GET', '/docs-json');
    expect(doc.status).toBe(200);
    expect(doc.body.components.securitySchemes['x-api-key']).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-api-key' });
    expect(doc.body.security).toEqual([{ 'x-api-key': [] }]);
    expect(doc.body.paths['/health']!.get!.security).toEqual([]);
    expect(doc.body.paths['/submissions']!.get!.security).toBeUndefined();
  });

  it('lets an admin create keys (shown once, never listed), not a submitter (403); Bearer works too', async () => {
    keys.a = await createKey('submitter', 'alice');
    keys.b = await createKey('submitter', 'bob');
    keys.setter = await createKey('setter', 'setter');
    keys.otherSetter = await createKey('setter', 'other setter');
    const denied = await request<ErrorBody>(api.url, 'POST', '/api-keys', { name: 'x', role: 'admin' }, as(keys.a.key));
    expect(denied.status).toBe(403);
    expect(denied.body.message).toBe('this needs the admin role; your key has the submitter role');
    expect((await request(api.url, 'GET', '/metrics', undefined, as(keys.setter.key))).status).toBe(403);
    expect((await request(api.url, 'GET', '/metrics', undefined, as(adminKey))).status).toBe(200);
    const listed = await request<Record<string, unknown>[]>(api.url, 'GET', '/api-keys', undefined, {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    expect(listed.status).toBe(200);
    expect(listed.body).toHaveLength(5);
    const text = JSON.stringify(listed.body);
    for (const k of Object.values(keys)) expect(text).not.toContain(k.key);
    expect(listed.body.every((k) => !('key' in k) && !('keyHash' in k))).toBe(true);
    const invalid = await request<ErrorBody>(api.url, 'POST', '/api-keys', { name: 'x', role: 'root', expiresInDays: 0 }, as(adminKey));
    expect(invalid.status).toBe(400);
    expect(invalid.body.details!.map((d) => d.field).sort()).toEqual(['expiresInDays', 'role']);
  });

  it('refuses a revoked key at once and an expired one', async () => {
    const doomed = await createKey('submitter', 'doomed');
    expect((await request(api.url, 'GET', '/submissions', undefined, as(doomed.key))).status).toBe(200);
    const doomedSocket = await connectResults(api.url, { apiKey: doomed.key });
    clients.push(doomedSocket);
    const doomedGone = new Promise((resolve) => doomedSocket.socket.once('disconnect', resolve));
    const idleSocket = await connectResults(api.url, { apiKey: doomed.key });
    clients.push(idleSocket);
    const idleGone = new Promise((resolve) => idleSocket.socket.once('disconnect', resolve));
    const revoked = await request<{ revokedAt: string | null }>(api.url, 'DELETE', `/api-keys/${doomed.id}`, undefined, as(adminKey));
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const after = await request<ErrorBody>(api.url, 'GET', '/submissions', undefined, as(doomed.key));
    expect(after.status).toBe(401);
    expect(after.body.message).toBe('the API key is not valid (unknown, revoked or expired)');
    expect((await request(api.url, 'DELETE', `/api-keys/${UNKNOWN_ID}`, undefined, as(adminKey))).status).toBe(404);
    // A socket connected with it before is refused its next subscribe and disconnected.
    expect(await doomedSocket.subscribe(UNKNOWN_ID).catch(() => ({ ok: false }))).toMatchObject({ ok: false });
    await doomedGone;
    // One that asks for nothing is disconnected by the periodic check of every socket's key (every 10 s).
    await idleGone;
    expect(doomedSocket.messages.some((m) => m.kind === 'error' && /API key is not valid.*disconnected/.test(m.error.message))).toBe(true);

    // The shortest life a key may get is 0.001 days (86 s): its expiry is moved to the past before its first use.
    const brief = await createKey('submitter', 'brief', { expiresInDays: 0.001 });
    const stored = await db.collection('apikeys').findOne({ _id: new mongoose.Types.ObjectId(brief.id) });
    expect((stored!['expiresAt'] as Date).getTime() - Date.now()).toBeGreaterThan(80_000);
    await db.collection('apikeys').updateOne({ _id: stored!._id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await request<ErrorBody>(api.url, 'GET', '/submissions', undefined, as(brief.key));
    expect(expired.status).toBe(401);
    expect(expired.body.message).toBe(after.body.message);
  });
});

describe('submission ownership', () => {
  let bobsId: string;

  beforeAll(async () => {
    bobsId = await judgedAs(keys.b.key);
  }, 180_000);

  it("REST: A gets 404 for B's submission, as for an unknown id; B and the admin read it; lists are each one's own", async () => {
    const byA = await request<ErrorBody>(api.url, 'GET', `/submissions/${bobsId}`, undefined, as(keys.a.key));
    const unknown = await request<ErrorBody>(api.url, 'GET', `/submissions/${UNKNOWN_ID}`, undefined, as(keys.a.key));
    expect(byA.status).toBe(404);
    expect(byA.body.message).toBe(`submission ${bobsId} not found`);
    expect(unknown.body.message).toBe(`submission ${UNKNOWN_ID} not found`);
    const byB = await request<SubmissionView>(api.url, 'GET', `/submissions/${bobsId}`, undefined, as(keys.b.key));
    expect(byB.status).toBe(200);
    expect(byB.body.verdict).toBe('AC');
    expect((await request(api.url, 'GET', `/submissions/${bobsId}`, undefined, as(adminKey))).status).toBe(200);

    const alicesId = await judgedAs(keys.a.key);
    const ids = async (key: string): Promise<string[]> => {
      const page = await request<{ items: { id: string }[] }>(api.url, 'GET', '/submissions', undefined, as(key));
      expect(page.status).toBe(200);
      return page.body.items.map((i) => i.id);
    };
    expect(await ids(keys.a.key)).toEqual([alicesId]);
    expect(await ids(keys.b.key)).toEqual([bobsId]);
    expect(await ids(adminKey)).toEqual(expect.arrayContaining([alicesId, bobsId]));
    expect(await ids(keys.setter.key)).toEqual([]);

    // Rejudging is for the problem's setter and admins: B may read its submission, not rejudge it.
    expect((await request(api.url, 'POST', `/submissions/${bobsId}/rejudge`, undefined, as(keys.a.key))).status).toBe(404);
    expect((await request(api.url, 'POST', `/submissions/${bobsId}/rejudge`, undefined, as(keys.b.key))).status).toBe(403);
  }, 180_000);

  it("SSE: A gets 404 for B's submission's events; B gets the stream", async () => {
    const byA = await readSse(`${api.url}/submissions/${bobsId}/events`, { headers: { 'x-api-key': keys.a.key }, timeoutMs: 10_000 });
    expect(byA.status).toBe(404);
    const noKey = await readSse(`${api.url}/submissions/${bobsId}/events`, { timeoutMs: 10_000 });
    expect(noKey.status).toBe(401);
    const byB = await readSse(`${api.url}/submissions/${bobsId}/events`, { headers: { 'x-api-key': keys.b.key }, timeoutMs: 30_000 });
    expect(byB.status).toBe(200);
    // The stream ends once the submission is finished: after `finished`, or a finished `state` standing in.
    expect(byB.ended).toBe(true);
    const last = byB.messages.at(-1)!;
    expect(last.event === 'finished' || (last.event === 'state' && (last.data as SubmissionView).status === 'finished')).toBe(true);
  });

  it("Socket.IO: no key or a bad one is refused at connection; A's subscribe to B's submission answers as an unknown id", async () => {
    await expect(connectResults(api.url)).rejects.toThrow(/API key is required/);
    await expect(connectResults(api.url, { apiKey: 'vk_nope' })).rejects.toThrow(/API key is not valid/);
    const alice = await connectResults(api.url, { apiKey: keys.a.key });
    const bob = await connectResults(api.url, { apiKey: keys.b.key });
    clients.push(alice, bob);
    const denied = await alice.subscribe(bobsId);
    const unknown = await alice.subscribe(UNKNOWN_ID);
    expect(denied).toEqual({ ok: false, submissionId: bobsId, message: `submission ${bobsId} not found` });
    expect(unknown).toEqual({ ok: false, submissionId: UNKNOWN_ID, message: `submission ${UNKNOWN_ID} not found` });
    expect(alice.messages.filter((m) => m.kind === 'state')).toEqual([]);
    const allowed = await bob.subscribe(bobsId);
    expect(allowed.ok).toBe(true);
    await bob.finished(bobsId, 10_000);
  });

  it("Judge0 API: X-Auth-Token works; A gets 404 for B's token, null in a batch, nothing in the list", async () => {
    const created = await request<{ token: string }>(
      api.url,
      'POST',
      '/judge0/submissions?wait=true',
      { language_id: 71, source_code: 'print(42)\n' },
      { headers: { 'x-auth-token': keys.b.key }, timeoutMs: 60_000 },
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const token = created.body.token;
    expect(
      (await request(api.url, 'GET', `/judge0/submissions/${token}`, undefined, { headers: { 'x-auth-token': keys.b.key } })).status,
    ).toBe(200);
    const byA = await request<{ error: string }>(api.url, 'GET', `/judge0/submissions/${token}`, undefined, {
      headers: { 'x-auth-token': keys.a.key },
    });
    expect(byA.status).toBe(404);
    expect(byA.body.error).toBe(`submission with token ${token} doesn't exist`);
    const batch = await request<{ submissions: unknown[] }>(
      api.url,
      'GET',
      `/judge0/submissions/batch?tokens=${token}`,
      undefined,
      as(keys.a.key),
    );
    expect(batch.body.submissions).toEqual([null]);
    const list = await request<{ meta: { total_count: number } }>(api.url, 'GET', '/judge0/submissions', undefined, as(keys.a.key));
    expect(list.body.meta.total_count).toBe(0);
    expect((await request(api.url, 'GET', '/judge0/submissions')).status).toBe(401);
    // Judge0's information routes stay open.
    expect((await request(api.url, 'GET', '/judge0/about')).status).toBe(200);
  }, 120_000);

  it('the verdict CLI sends --api-key (or VERDICT_API_KEY) on HTTP and Socket.IO; without one it says so', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'verdict-auth-'));
    try {
      const source = path.join(dir, 'sum.py');
      await writeFile(source, SUM);
      await writeFile(path.join(dir, '1.in'), '2 2\n');
      const cli = (args: string[], env: Record<string, string> = {}) =>
        run(
          process.execPath,
          [path.join(ROOT, 'bin/verdict.mjs'), 'submit', source, '--stdin', path.join(dir, '1.in'), '--server', api.url, ...args],
          {
            env: { ...process.env, VERDICT_API_KEY: '', ...env },
            timeout: 120_000,
          },
        ).then(
          (r) => ({ code: 0, ...r }),
          (e: { code: number; stdout: string; stderr: string }) => e,
        );
      const withOption = await cli(['--api-key', keys.a.key, '--json']);
      expect(withOption.code, withOption.stderr).toBe(0);
      const judged = JSON.parse(withOption.stdout) as SubmissionView;
      expect(judged.verdict).toBe('AC');
      // It is A's: B cannot read it.
      expect((await request(api.url, 'GET', `/submissions/${judged.id}`, undefined, as(keys.b.key))).status).toBe(404);
      const fromEnv = await cli(['--json'], { VERDICT_API_KEY: keys.b.key });
      expect(fromEnv.code, fromEnv.stderr).toBe(0);
      const without = await cli([]);
      expect(without.code).toBe(2);
      expect(without.stderr).toMatch(/401 .*pass --api-key or set VERDICT_API_KEY/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 240_000);

  it("a setter sees the submissions to its problem with the checker's full message; submitters and other setters do not", async () => {
    const form = new FormData();
    form.append('package', new Blob([fixtureZip('aplusb')], { type: 'application/zip' }), 'aplusb.zip');
    form.append('slug', 'auth-aplusb');
    const imported = await fetch(`${api.url}/problems/import`, { method: 'POST', body: form, headers: { 'x-api-key': adminKey } });
    const problem = (await imported.json()) as { id: string };
    expect(imported.status, JSON.stringify(problem)).toBe(201);
    // The setter's ownership, as problem creation by that key records it.
    await db.collection('problems').updateOne({ _id: new mongoose.Types.ObjectId(problem.id) }, { $set: { ownerKeyId: keys.setter.id } });

    const created = await request<{ id: string }>(
      api.url,
      'POST',
      '/submissions',
      { problemId: problem.id, language: 'python3', sourceCode: WRONG_ON_SECRET },
      as(keys.a.key),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await watch.finished(created.body.id, 120_000);
    const view = async (key: string): Promise<{ status: number; body: SubmissionView }> =>
      request<SubmissionView>(api.url, 'GET', `/submissions/${created.body.id}`, undefined, as(key));

    const mine = await view(keys.a.key);
    expect(mine.body.verdict).toBe('WA');
    expect(mine.body.tests[1]!.checkerMessage).toBeNull();
    const setters = await view(keys.setter.key);
    expect(setters.status).toBe(200);
    expect(setters.body.tests[1]!.checkerMessage).toBe('token 1: expected "5", got "6" (line 1)');
    expect((await view(adminKey)).body.tests[1]!.checkerMessage).toBe('token 1: expected "5", got "6" (line 1)');
    expect((await view(keys.otherSetter.key)).status).toBe(404);
    expect((await view(keys.b.key)).status).toBe(404);

    const listed = await request<{ items: { id: string }[] }>(api.url, 'GET', '/submissions', undefined, as(keys.setter.key));
    expect(listed.body.items.map((i) => i.id)).toEqual([created.body.id]);

    const setter = await connectResults(api.url, { apiKey: keys.setter.key });
    clients.push(setter);
    expect(await setter.subscribeProblem(problem.id)).toEqual({ ok: true, problemId: problem.id });
    expect((await setter.subscribe(created.body.id)).ok).toBe(true);
    const alice = await connectResults(api.url, { apiKey: keys.a.key });
    clients.push(alice);
    expect((await alice.subscribeProblem(problem.id)).ok).toBe(false);

    // The setter may rejudge it (once finished); its submitter may not.
    expect((await request(api.url, 'POST', `/submissions/${created.body.id}/rejudge`, undefined, as(keys.a.key))).status).toBe(403);
    expect((await request(api.url, 'POST', `/submissions/${created.body.id}/rejudge`, undefined, as(keys.setter.key))).status).toBe(202);
  }, 240_000);
});
