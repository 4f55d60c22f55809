/**
 * Problem ownership (docs/problem-ownership.md) against the real built API with AUTH_MODE=on, real Redis
 * and FerretDB: the first admin key made with `npm run keys -- create`, setter and submitter keys made
 * through `POST /api-keys`. Setter B cannot replace, delete, verify or rejudge setter A's problem (404,
 * nothing changes); a hash of A's secret answer referenced by B in POST /problems is refused naming the
 * field and nothing is stored, while A and admins may reuse it; a submitter's (and B's) view of the
 * problem has no secret hashes and no callback URL, A's has them; submitters may not create problems.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, type ErrorBody } from './support/http.js';
import { ROOT, startApi, testServices, type StartedApi } from './support/stack.js';

const run = promisify(execFile);
const services = testServices('problem-ownership');

interface TestCaseView {
  name: string;
  inputHash: string | null;
  answerHash: string | null;
}
interface ProblemView {
  id: string;
  slug: string;
  revision: number;
  ownerKeyId: string | null;
  callbackUrl: string | null;
  groups: { name: string; sample: boolean; testCases: TestCaseView[] }[];
}

let api: StartedApi;
let db: mongoose.Connection;
let admin: { id: string; key: string };
const keys: Record<'setterA' | 'setterB' | 'submitter', { id: string; key: string }> = {} as never;

const as = (key: string): { headers: Record<string, string> } => ({ headers: { 'x-api-key': key } });

/** A problem body: a sample and two secret test cases, inline. */
function problemBody(slug: string, secretAnswer = '5\n'): Record<string, unknown> {
  return {
    slug,
    title: slug,
    groups: [
      { name: 'sample', testCases: [{ input: '1 2\n', answer: '3\n' }] },
      {
        name: 'secret',
        testCases: [
          { input: '2 3\n', answer: secretAnswer },
          { input: '10 20\n', answer: '30\n' },
        ],
      },
    ],
  };
}

async function createKey(role: string, name: string): Promise<{ id: string; key: string }> {
  const created = await request<{ id: string; key: string }>(api.url, 'POST', '/api-keys', { name, role }, as(admin.key));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { id: created.body.id, key: created.body.key };
}

beforeAll(async () => {
  db = await mongoose.createConnection(services.MONGO_URI, { serverSelectionTimeoutMS: 5000 }).asPromise();
  // Webhooks to 127.0.0.1 allowed: a problem's default callback URL is one (its delivery's visibility is tested).
  api = await startApi({
    ...services,
    AUTH_MODE: 'on',
    WEBHOOK_SECRET: 'ownership-secret-0123456789abcdef-0123',
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  });
  const { stdout } = await run('npm', ['run', '-s', 'keys', '--', 'create', '--role', 'admin', '--name', 'root'], {
    cwd: ROOT,
    env: { ...process.env, ...services },
    timeout: 60_000,
  });
  const match = /^key:\s+(vk_[A-Za-z0-9_-]+)$/m.exec(stdout);
  expect(match, stdout).not.toBeNull();
  const listed = await request<{ id: string; name: string }[]>(api.url, 'GET', '/api-keys', undefined, as(match![1]!));
  admin = { key: match![1]!, id: listed.body.find((k) => k.name === 'root')!.id };
  keys.setterA = await createKey('setter', 'setter A');
  keys.setterB = await createKey('setter', 'setter B');
  keys.submitter = await createKey('submitter', 'submitter');
}, 120_000);

afterAll(async () => {
  await api?.stop();
  await db?.dropDatabase().catch(() => undefined);
  await db?.close();
});

describe('problem ownership', () => {
  let problem: ProblemView;
  let secretAnswerHash: string;

  it('a problem belongs to the setter key that created it; a submitter may not create one', async () => {
    const created = await request<ProblemView>(api.url, 'POST', '/problems', problemBody('a-plus-b'), as(keys.setterA.key));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    problem = created.body;
    expect(problem.ownerKeyId).toBe(keys.setterA.id);
    secretAnswerHash = problem.groups.find((g) => !g.sample)!.testCases[0]!.answerHash!;
    expect(secretAnswerHash).toMatch(/^[0-9a-f]{64}$/);
    const bySubmitter = await request(api.url, 'POST', '/problems', problemBody('not-mine'), as(keys.submitter.key));
    expect(bySubmitter.status).toBe(403);
    expect(await db.collection('problems').countDocuments({ slug: 'not-mine' })).toBe(0);
  });

  it("setter B cannot replace, delete, verify or rejudge setter A's problem: 404 as for a missing one, nothing changes", async () => {
    const notFound = `problem ${problem.id} not found`;
    const tries = [
      await request<ErrorBody>(api.url, 'PUT', `/problems/${problem.id}`, problemBody('taken-over'), as(keys.setterB.key)),
      await request<ErrorBody>(api.url, 'DELETE', `/problems/${problem.id}`, undefined, as(keys.setterB.key)),
      await request<ErrorBody>(api.url, 'POST', `/problems/${problem.id}/rejudge`, undefined, as(keys.setterB.key)),
      await request<ErrorBody>(api.url, 'POST', `/problems/${problem.id}/verify`, undefined, as(keys.setterB.key)),
    ];
    for (const answer of tries) {
      expect(answer.status, JSON.stringify(answer.body)).toBe(404);
      expect(answer.body.message).toBe(notFound);
    }
    const stored = await db.collection('problems').findOne({ _id: new mongoose.Types.ObjectId(problem.id) });
    expect(stored).toMatchObject({ slug: 'a-plus-b', revision: 1, ownerKeyId: keys.setterA.id });
    // The owner may.
    const rejudged = await request(api.url, 'POST', `/problems/${problem.id}/rejudge`, undefined, as(keys.setterA.key));
    expect(rejudged.status, JSON.stringify(rejudged.body)).toBe(202);
  });

  it("refuses B's POST /problems naming a hash of A's secret answer, naming the field; nothing is stored", async () => {
    const before = await db.collection('problems').countDocuments();
    const stolen = {
      slug: 'stolen',
      title: 'stolen',
      groups: [
        {
          name: 'secret',
          testCases: [
            { input: 'x\n', answer: 'x\n' },
            { input: 'x\n', answerHash: secretAnswerHash },
          ],
        },
      ],
    };
    const refused = await request<ErrorBody>(api.url, 'POST', '/problems', stolen, as(keys.setterB.key));
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    expect(refused.body.details).toEqual([{ field: 'groups.0.testCases.1.answerHash', rule: 'must be test data of one of your problems' }]);
    expect(await db.collection('problems').countDocuments()).toBe(before);
    // Nor may B slip it into its own problem with PUT.
    const own = await request<ProblemView>(api.url, 'POST', '/problems', problemBody('b-own', '7\n'), as(keys.setterB.key));
    expect(own.status).toBe(201);
    const put = await request<ErrorBody>(api.url, 'PUT', `/problems/${own.body.id}`, { ...stolen, slug: 'b-own' }, as(keys.setterB.key));
    expect(put.status).toBe(400);
    expect(put.body.message).toBe('groups.0.testCases.1.answerHash must be test data of one of your problems');
    expect(await db.collection('problems').findOne({ slug: 'b-own' })).toMatchObject({ revision: 1 });
    // A may reuse its own data by hash, and so may an admin.
    const reuse = { ...stolen, slug: 'a-again' };
    expect((await request(api.url, 'POST', '/problems', reuse, as(keys.setterA.key))).status).toBe(201);
    expect((await request(api.url, 'POST', '/problems', { ...stolen, slug: 'admin-copy' }, as(admin.key))).status).toBe(201);
  });

  it("a submitter's and another setter's view leave out the secret test cases' hashes; the owner's and an admin's have them", async () => {
    for (const reader of [keys.submitter.key, keys.setterB.key]) {
      const view = await request<ProblemView>(api.url, 'GET', `/problems/${problem.id}`, undefined, as(reader));
      expect(view.status).toBe(200);
      const sample = view.body.groups.find((g) => g.sample)!;
      const secret = view.body.groups.find((g) => !g.sample)!;
      expect(sample.testCases[0]!.answerHash).toMatch(/^[0-9a-f]{64}$/);
      expect(secret.testCases).toHaveLength(2);
      for (const tc of secret.testCases) expect(tc).toMatchObject({ inputHash: null, answerHash: null });
      expect(JSON.stringify(view.body)).not.toContain(secretAnswerHash);
    }
    for (const holder of [keys.setterA.key, admin.key]) {
      const view = await request<ProblemView>(api.url, 'GET', `/problems/${problem.id}`, undefined, as(holder));
      expect(view.body.groups.find((g) => !g.sample)!.testCases[0]!.answerHash).toBe(secretAnswerHash);
    }
  });

  it("a submitter does not see the delivery to its problem's own webhook (it would tell the setter's receiver); the setter does", async () => {
    const body = { ...problemBody('hooked'), callbackUrl: 'http://127.0.0.1:9/setter-hook?token=s3cr3t' };
    const hooked = await request<ProblemView>(api.url, 'POST', '/problems', body, as(keys.setterA.key));
    expect(hooked.status, JSON.stringify(hooked.body)).toBe(201);
    const submission = { language: 'python3', sourceCode: 'print(3)\n', problemId: hooked.body.id };
    const made = await request<{ id: string }>(api.url, 'POST', '/submissions', submission, as(keys.submitter.key));
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    // A delivery attempt as the worker records it (no worker here: written directly).
    await db.collection('webhookdeliveries').insertOne({
      _id: `${made.body.id}-a1` as never,
      submissionId: new mongoose.Types.ObjectId(made.body.id),
      judgingAttempt: 1,
      state: 'pending',
      attempts: 1,
      lastStatus: null,
      lastError: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9',
      lastAttemptAt: new Date(),
      deliveredAt: null,
      createdAt: new Date(),
    });
    const path = `/submissions/${made.body.id}`;
    const bySubmitter = await request<{ delivery: unknown }>(api.url, 'GET', path, undefined, as(keys.submitter.key));
    expect(bySubmitter.status).toBe(200);
    expect(bySubmitter.body.delivery).toBeNull();
    const bySetter = await request<{ delivery: { lastError: string } | null }>(api.url, 'GET', path, undefined, as(keys.setterA.key));
    expect(bySetter.body.delivery?.lastError).toMatch(/127\.0\.0\.1:9/);
  });

  it('the owner may delete its problem; an admin may delete anyone’s', async () => {
    expect((await request(api.url, 'DELETE', `/problems/${problem.id}`, undefined, as(keys.setterA.key))).status).toBe(204);
    const bOwn = await db.collection('problems').findOne({ slug: 'b-own' });
    expect((await request(api.url, 'DELETE', `/problems/${String(bOwn!._id)}`, undefined, as(admin.key))).status).toBe(204);
  });
});
