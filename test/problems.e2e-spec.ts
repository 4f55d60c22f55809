import path from 'node:path';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionView } from '../libs/contracts/index.js';
import { watchEvents, type EventWatch } from './support/events.js';
import { request, type ErrorBody } from './support/http.js';
import { fixtureZip, importPackage, judgeOnProblem, PROBLEM_FIXTURES, verifyProblem } from './support/problems.js';
import { startApi, startWorker, testServices, type StartedApi, type StartedProcess } from './support/stack.js';
import { directoryEntries, makeZip, type ZipEntry } from './support/zip.js';

/** The subset of a problem view these tests read. */
interface ProblemView {
  id: string;
  slug: string;
  title: string;
  type: string;
  interactive: boolean;
  testCount: number;
  maxScore: number | null;
  revision: number;
  limits: { cpuTimeMs: number; wallTimeMs: number; memoryKiB: number; outputKiB: number };
  timeLimitGiven: boolean;
  timeLimitSource: 'package' | 'derived';
  timeLimitRules: { legacy: boolean; acToTimeLimit: number; timeLimitToTle: number; timeResolutionMs: number };
  derivedTimeLimit: { ms: number; verificationId: string; problemRevision: number; at: string } | null;
  appliedTimeLimit: { ms: number; from: 'derived' | 'stated' | 'server-default' };
  packageFormat: string | null;
  checker: {
    kind: string;
    caseSensitive: boolean;
    spaceChangeSensitive: boolean;
    floatAbsoluteTolerance: number | null;
    floatRelativeTolerance: number | null;
    language: string | null;
    args: string[];
  };
  groups: {
    name: string;
    points: number;
    sample: boolean;
    validatorArgs: string[];
    testCases: { name: string; inputHash: string; inputBytes: number }[];
  }[];
  packageSubmissions: { path: string; expected: string; language: string | null }[];
}

/**
 * Problems end to end on the real processes and services: CRUD, package import (each layout),
 * judging against stored test data with every kind of output validator, scoring, rejudging,
 * and malformed packages refused whole with nothing stored.
 */
describe('problems', () => {
  const env = testServices('problems');
  let api: StartedApi;
  let worker: StartedProcess;
  let watch: EventWatch;
  let db: mongoose.Connection;

  beforeAll(async () => {
    watch = await watchEvents(env.REDIS_URL);
    db = await mongoose.createConnection(env.MONGO_URI).asPromise();
    worker = await startWorker({ ...env, WORKER_CONCURRENCY: '2' });
    api = await startApi({ ...env, PROBLEM_PACKAGE_MAX_UNCOMPRESSED_BYTES: String(160 << 20), PROBLEM_PACKAGE_MAX_RATIO: '100' });
  });

  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
    await watch?.close();
    await db?.dropDatabase().catch(() => undefined);
    await db?.close();
  });

  /** Counts of what a refused import must not leave behind. */
  async function stored(): Promise<{ problems: number; files: number; chunks: number }> {
    return {
      problems: await db.collection('problems').countDocuments(),
      files: await db.collection('testdata_files').countDocuments(),
      chunks: await db.collection('testdata_chunks').countDocuments(),
    };
  }

  async function importFixture(name: string, extra: ZipEntry[] = []): Promise<ProblemView> {
    const res = await importPackage<ProblemView>(api.url, fixtureZip(name, extra), { fileName: `${name}.zip` });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }

  const judge = (problem: ProblemView, sourceCode: string, language = 'python3'): Promise<SubmissionView> =>
    judgeOnProblem(api.url, watch, problem.id, language, sourceCode);

  describe('CRUD', () => {
    const body = {
      slug: 'crud-aplusb',
      title: 'A+B (JSON)',
      statement: '# A+B\nAdd two numbers.',
      limits: { cpuTimeMs: 1000, memoryKiB: 65536 },
      groups: [
        { name: 'sample', testCases: [{ input: '1 2\n', answer: '3\n' }] },
        {
          name: 'secret',
          testCases: [
            { input: '2 3\n', answer: '5\n' },
            { input: '10 20\n', answer: '30\n' },
          ],
        },
      ],
    };
    let created: ProblemView;

    it('creates a problem from JSON, test data stored by hash, wall time 3 × CPU time', async () => {
      const res = await request<ProblemView>(api.url, 'POST', '/problems', body);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      created = res.body;
      expect(created).toMatchObject({ slug: 'crud-aplusb', type: 'pass-fail', testCount: 3, revision: 1 });
      expect(created.limits).toEqual({ cpuTimeMs: 1000, wallTimeMs: 3000, memoryKiB: 65536, outputKiB: 16384 });
      expect(created.groups.map((g) => [g.name, g.sample, g.testCases.length])).toEqual([
        ['sample', true, 1],
        ['secret', false, 2],
      ]);
      expect(created.groups[0]!.testCases[0]!.inputHash).toMatch(/^[0-9a-f]{64}$/);
      const got = await request<ProblemView>(api.url, 'GET', `/problems/${created.id}`);
      expect(got.body).toEqual(created);
      const list = await request<{ items: ProblemView[] }>(api.url, 'GET', '/problems');
      expect(list.body.items.map((p) => p.slug)).toContain('crud-aplusb');
    });

    it('400 names each field and rule; 409 for a taken slug; 404 for an unknown id', async () => {
      const bad = await request<ErrorBody>(api.url, 'POST', '/problems', {
        slug: 'Not A Slug',
        title: '',
        checker: { kind: 'magic' },
        groups: [{ name: 'x', testCases: [{ input: '1', inputHash: 'abc' }] }],
      });
      expect(bad.status).toBe(400);
      expect(bad.body.details).toEqual(
        expect.arrayContaining([
          { field: 'slug', rule: 'must be 1 to 64 characters of a-z 0-9 - _, starting with a letter or digit' },
          { field: 'title', rule: 'should not be empty' },
          { field: 'checker.kind', rule: expect.stringMatching(/^must be one of the following values/) },
          { field: 'groups.0.testCases.0.inputHash', rule: 'must be a SHA-256 in lowercase hex (64 digits)' },
        ]),
      );
      expect(bad.body.message).toContain('title should not be empty');
      const rules = await request<ErrorBody>(api.url, 'POST', '/problems', {
        ...body,
        slug: 'crud-rules',
        limits: { cpuTimeMs: 999_999 },
        groups: [{ name: 'secret', testCases: [{ input: '1', answer: '1', answerHash: 'a'.repeat(64) }, { input: '2' }] }],
      });
      expect(rules.status).toBe(400);
      expect(rules.body.message).toBe(
        [
          'limits.cpuTimeMs must not be greater than 10000',
          'groups.0.testCases.0 must have exactly one of answer and answerHash',
          'groups.0.testCases.1 must have exactly one of answer and answerHash',
        ].join('; '),
      );
      const missing = await request<ErrorBody>(api.url, 'POST', '/problems', {
        ...body,
        slug: 'crud-missing',
        groups: [{ name: 'secret', testCases: [{ inputHash: 'b'.repeat(64), answer: '1' }] }],
      });
      expect(missing.body.message).toBe('groups.0.testCases.0.inputHash names no stored file');
      const dup = await request<ErrorBody>(api.url, 'POST', '/problems', body);
      expect(dup.status).toBe(409);
      expect(dup.body.message).toMatch(/slug "crud-aplusb" is taken/);
      expect((await request(api.url, 'GET', '/problems/0123456789abcdef01234567')).status).toBe(404);
    });

    it('judges against the problem, then PUT changes the data and a rejudge uses it', async () => {
      const right = await judge(created, 'a, b = map(int, input().split())\nprint(a + b)\n');
      expect(right.verdict).toBe('AC');
      expect(right.problemId).toBe(created.id);
      expect(right.tests.map((t) => [t.name, t.group])).toEqual([
        ['sample/1', 'sample'],
        ['secret/1', 'secret'],
        ['secret/2', 'secret'],
      ]);
      const put = await request<ProblemView>(api.url, 'PUT', `/problems/${created.id}`, {
        ...body,
        groups: [...body.groups, { name: 'extra', testCases: [{ input: '5 5\n', answer: '11\n' }] }],
      });
      expect(put.status, JSON.stringify(put.body)).toBe(200);
      expect(put.body).toMatchObject({ revision: 2, testCount: 4 });
      const rejudge = await request<{ id: string; status: string }>(api.url, 'POST', `/submissions/${right.id}/rejudge`);
      expect(rejudge.status).toBe(202);
      const { finished } = await watch.finished(right.id, 60_000).then(async () => {
        // The first `finished` event is the first judging's; wait for the second.
        for (;;) {
          const view = await request<SubmissionView>(api.url, 'GET', `/submissions/${right.id}`);
          if (view.body.status === 'finished' && view.body.testCount === 4) return { finished: view.body };
          await new Promise((r) => setTimeout(r, 100));
        }
      });
      expect(finished.verdict).toBe('WA');
      expect(finished.tests.at(-1)).toMatchObject({ name: 'extra/1', verdict: 'WA' });
      const all = await request<{ rejudged: number; skipped: number }>(api.url, 'POST', `/problems/${created.id}/rejudge`);
      expect(all.status).toBe(202);
      expect(all.body.rejudged + all.body.skipped).toBe(1);
    });

    it('refuses to delete a problem with submissions unless archived; deleting removes its unused test data', async () => {
      const refused = await request<ErrorBody>(api.url, 'DELETE', `/problems/${created.id}`);
      expect(refused.status).toBe(409);
      expect(refused.body.message).toMatch(/has 1 submission\(s\); archive it first/);
      const archived = await request<ProblemView>(api.url, 'PUT', `/problems/${created.id}`, { ...body, archived: true });
      expect(archived.status).toBe(200);
      const closed = await request<ErrorBody>(api.url, 'POST', '/submissions', {
        problemId: created.id,
        language: 'python3',
        sourceCode: 'print(1)',
      });
      expect(closed.status).toBe(400);
      expect(closed.body.message).toMatch(/^problemId names an archived problem/);
      const hashes = archived.body.groups.flatMap((g) => g.testCases.map((tc) => tc.inputHash));
      const deleted = await request(api.url, 'DELETE', `/problems/${created.id}`);
      expect(deleted.status).toBe(204);
      expect((await request(api.url, 'GET', `/problems/${created.id}`)).status).toBe(404);
      expect(await db.collection('testdata_files').countDocuments({ _id: { $in: hashes } as never })).toBe(0);
    });

    it('refuses problemId together with inline test cases or limits', async () => {
      const res = await request<ErrorBody>(api.url, 'POST', '/submissions', {
        problemId: '0123456789abcdef01234567',
        language: 'python3',
        sourceCode: 'print(1)',
        stdin: '1',
        limits: { cpuTimeMs: 100 },
      });
      expect(res.status).toBe(400);
      expect(res.body.message).toBe("problemId must not be combined with stdin, limits; the problem's test data, limits and checker apply");
    });
  });

  describe('import and judge', () => {
    it('A+B (legacy layout, .timelimit): samples first, secret in name order; WA stops at the first rejection', async () => {
      const p = await importFixture('aplusb');
      expect(p).toMatchObject({ slug: 'aplusb', title: 'A plus B', packageFormat: 'legacy', testCount: 4, timeLimitGiven: true });
      expect(p.limits).toMatchObject({ cpuTimeMs: 1000, memoryKiB: 256 * 1024, outputKiB: 1024 });
      expect(p.groups.map((g) => g.testCases.map((t) => t.name))).toEqual([
        ['sample/1'],
        ['secret/01-small', 'secret/02-big', 'secret/03-negative'],
      ]);
      expect(p.packageSubmissions.map((s) => [s.path, s.expected, s.language])).toEqual([
        ['submissions/accepted/sum.c', 'accepted', 'c'],
        ['submissions/accepted/sum.py', 'accepted', 'python3'],
        ['submissions/time_limit_exceeded/spin.py', 'time_limit_exceeded', 'python3'],
        ['submissions/wrong_answer/product.py', 'wrong_answer', 'python3'],
      ]);
      const ac = await judge(p, 'a, b = map(int, input().split())\nprint(a + b)\n');
      expect(ac.verdict).toBe('AC');
      expect(ac.tests.map((t) => t.verdict)).toEqual(['AC', 'AC', 'AC', 'AC']);
      expect(ac.groups?.map((g) => [g.name, g.verdict, g.passed])).toEqual([
        ['sample', 'AC', 1],
        ['secret', 'AC', 3],
      ]);
      const wa = await judge(p, 'a, b = map(int, input().split())\nprint(a * b if a > 1 else a + b)\n');
      expect(wa.verdict).toBe('WA');
      expect(wa.tests.map((t) => [t.name, t.verdict])).toEqual([
        ['sample/1', 'AC'],
        ['secret/01-small', 'WA'],
      ]);
      // A secret test says only its verdict (not even which token is wrong); the full message is stored for operators only.
      expect(wa.tests[1]!.checkerMessage).toBeNull();
      expect(JSON.stringify(wa)).not.toContain('judgeMessage');
      const doc = await db.collection('submissions').findOne({ _id: new mongoose.Types.ObjectId(wa.id) });
      expect(doc!['tests'][1].judgeMessage).toBe('token 1: expected "5", got "6" (line 1)');
    });

    it('float_tolerance 1e-6: 3.14159e0 passes, off by 1e-3 fails', async () => {
      const p = await importFixture('floaty');
      expect(p.checker).toMatchObject({ kind: 'default', floatAbsoluteTolerance: 1e-6, floatRelativeTolerance: 1e-6 });
      const ok = await judge(p, 'n = int(input())\nprint("3.14159e0" if n == 1 else "6.283180000e0")\n');
      expect(ok.verdict, JSON.stringify(ok.tests)).toBe('AC');
      const off = await judge(p, 'n = int(input())\nprint(3.14159 * n + 0.001)\n');
      expect(off.verdict).toBe('WA');
      expect(off.tests[0]!.checkerMessage).toMatch(/beyond the tolerance/);
    });

    it('case-insensitive by default (2023-07-draft layout)', async () => {
      const p = await importFixture('yesno');
      expect(p).toMatchObject({ packageFormat: '2023-07-draft', title: 'Is it even?' });
      expect(p.checker.caseSensitive).toBe(false);
      const shouting = await judge(p, 'print("YES" if int(input()) % 2 == 0 else "NO")\n');
      expect(shouting.verdict).toBe('AC');
      const wrong = await judge(p, 'print("YES")\n');
      expect(wrong.verdict).toBe('WA');
    });

    it('space_change_sensitive (2025-09 layout, test_group.yaml): exact spacing passes, a double space fails', async () => {
      const p = await importFixture('spacey');
      expect(p.packageFormat).toBe('2025-09');
      expect(p.groups.every((g) => g.validatorArgs.includes('space_change_sensitive'))).toBe(true);
      const exact = await judge(p, 'print(" ".join(str(i) for i in range(1, int(input()) + 1)))\n');
      expect(exact.verdict).toBe('AC');
      const doubled = await judge(p, 'print("  ".join(str(i) for i in range(1, int(input()) + 1)))\n');
      expect(doubled.verdict).toBe('WA');
      expect(doubled.tests[0]!.checkerMessage).toMatch(/whitespace/);
    });

    it('custom output validator (output_validators/): any valid answer passes, a wrong one gets its judgemessage', async () => {
      const p = await importFixture('twosum');
      expect(p.checker).toMatchObject({ kind: 'custom', language: 'python3' });
      const zeroFirst = await judge(p, 'n = int(input())\nprint(0, n)\n');
      expect(zeroFirst.verdict, JSON.stringify(zeroFirst)).toBe('AC');
      expect(zeroFirst.tests[0]!.checkerMessage).toBe('ok: 0 + 5');
      const half = await judge(p, 'n = int(input())\nprint(n // 2, n - n // 2)\n');
      expect(half.verdict).toBe('AC');
      const wrong = await judge(p, 'n = int(input())\nprint(n, 1)\n');
      expect(wrong.verdict).toBe('WA');
      expect(wrong.tests[0]!.checkerMessage).toBe('5 + 1 = 6, not 5');
    });

    it('a validator that crashes is an Internal Error with its message', async () => {
      const zip = makeZip([
        ...directoryEntries(path.join(PROBLEM_FIXTURES, 'twosum'), 'broken').filter((e) => !e.name.includes('output_validators')),
        { name: 'broken/output_validators/v/validator.py', data: 'import sys\nsys.stderr.write("cannot read input")\nsys.exit(3)\n' },
      ]);
      const res = await importPackage<ProblemView>(api.url, zip, { fileName: 'broken.zip' });
      expect(res.status).toBe(201);
      const s = await judge(res.body, 'print(0, 5)\n');
      expect(s.verdict).toBe('IE');
      expect(s.tests[0]!.checkerMessage).toMatch(/exited with code 3 \(expected 42 or 43\)[\s\S]*cannot read input/);
      expect(s.message).toMatch(/exited with code 3/);
    });

    it('an empty validator source or one Verdict cannot build is a 400 naming the file, not a 500', async () => {
      const twosum = directoryEntries(path.join(PROBLEM_FIXTURES, 'twosum'), 'empty').filter((e) => !e.name.includes('output_validators'));
      const empty = await importPackage<ErrorBody>(
        api.url,
        makeZip([...twosum, { name: 'empty/output_validators/v/validate.py', data: '' }]),
        {
          fileName: 'empty.zip',
        },
      );
      expect(empty.status, JSON.stringify(empty.body)).toBe(400);
      expect(empty.body.message).toBe('output_validators/v/validate.py: is empty; the output validator source must have content');
      const scala = await importPackage<ErrorBody>(
        api.url,
        makeZip([...twosum, { name: 'empty/output_validators/v/validate.scala', data: 'object V\n' }]),
        {
          fileName: 'empty.zip',
        },
      );
      expect(scala.status, JSON.stringify(scala.body)).toBe(400);
      expect(scala.body.message).toMatch(/^output_validators\/v\/validate\.scala: is not a source file Verdict can build/);
    });

    it('interactive (2025-09, output_validator/): correct, wrong and too slow', async () => {
      const p = await importFixture('guess');
      expect(p).toMatchObject({ interactive: true, packageFormat: '2025-09' });
      const search = [
        'lo, hi = 1, 1000',
        'while True:',
        '    mid = (lo + hi) // 2',
        '    print(mid, flush=True)',
        '    reply = input().strip()',
        '    if reply == "correct":',
        '        break',
        '    if reply == "lower":',
        '        hi = mid - 1',
        '    else:',
        '        lo = mid + 1',
        '',
      ].join('\n');
      const correct = await judge(p, search);
      expect(correct.verdict, JSON.stringify(correct.tests)).toBe('AC');
      // judgemessage.txt is shown for the sample only; secret tests show teammessage.txt (none here).
      expect(correct.tests.map((t) => t.checkerMessage)).toEqual([expect.stringMatching(/^found 17 in \d+ guesses$/), null, null, null]);
      // Guesses 1 forever: the interactor gives up first with Wrong Answer (the submission then crashes on EOF).
      const wrong = await judge(p, 'while True:\n    print(1, flush=True)\n    input()\n');
      expect(wrong.verdict).toBe('WA');
      expect(wrong.tests[0]!.checkerMessage).toBe('no correct guess in 10 guesses');
      // Floods guesses without reading a reply: the pipe fills and the submission blocks (no Output
      // Limit Exceeded); the interactor reads its ten guesses and gives up first with Wrong Answer.
      const flood = await judge(p, 'while True:\n    print(1)\n');
      expect(flood.verdict).toBe('WA');
      expect(flood.tests[0]!.checkerMessage).toBe('no correct guess in 10 guesses');
      // Finds the number, then loops: the interactor accepted first, but the submission's time limit decides.
      const loops = await judge(p, search.replace('        break', '        while True:\n            pass'));
      expect(loops.verdict).toBe('TLE');
      // Thinks forever before its first guess: the submission's time limit.
      const slow = await judge(p, 'x = 0\nwhile True:\n    x += 1\n');
      expect(slow.verdict).toBe('TLE');
      expect(slow.tests).toHaveLength(1);
      // Waits for input that never comes (both wait): the wall-clock limit ends the deadlock.
      const stuck = await judge(p, 'import sys\nsys.stdin.readline()\n');
      expect(stuck.verdict).toBe('TLE');
      expect(stuck.tests[0]!.wallTimeMs).toBeGreaterThanOrEqual(p.limits.wallTimeMs * 2); // Python's time multiplier
    });

    it("scoring with two groups: a group-1-only solution gets group 1's points", async () => {
      const p = await importFixture('subtasks');
      expect(p).toMatchObject({ type: 'scoring', maxScore: 100 });
      expect(p.groups.map((g) => [g.name, g.points])).toEqual([
        ['sample', 0],
        ['secret/group1', 30],
        ['secret/group2', 70],
      ]);
      const full = await judge(p, 'n = int(input())\nprint(n * (n + 1) // 2)\n');
      expect(full).toMatchObject({ verdict: 'AC', score: 100, maxScore: 100 });
      const partial = await judge(p, 'n = int(input())\nprint(sum(range(1, n + 1)) if n <= 10 else 0)\n');
      expect(partial).toMatchObject({ verdict: 'WA', score: 30, maxScore: 100 });
      expect(partial.groups?.map((g) => [g.name, g.verdict, g.score])).toEqual([
        ['sample', 'AC', 0],
        ['secret/group1', 'AC', 30],
        ['secret/group2', 'WA', 0],
      ]);
      const { events } = await watch.finished(partial.id);
      expect(events.at(-1)).toMatchObject({ type: 'finished', score: 30, maxScore: 100 });
    });

    it('DOMjudge package (domjudge-problem.ini): name and time limit', async () => {
      const entries = directoryEntries(path.join(PROBLEM_FIXTURES, 'aplusb'), '')
        .filter((e) => e.name.startsWith('data/'))
        .concat([{ name: 'domjudge-problem.ini', data: "name='Sum (DOMjudge)'\ntimelimit = 2\n" }]);
      const res = await importPackage<ProblemView>(api.url, makeZip(entries), { fileName: 'dj-sum.zip' });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toMatchObject({ slug: 'dj-sum', title: 'Sum (DOMjudge)', packageFormat: 'domjudge', testCount: 4 });
      expect(res.body.limits.cpuTimeMs).toBe(2000);
      const s = await judge(res.body, 'a, b = map(int, input().split())\nprint(a + b)\n');
      expect(s.verdict).toBe('AC');
    });

    it('a 64 MiB input reaches the program through stdin', async () => {
      const line = '1234567890 987654321 5555555\n';
      const lines = Math.ceil((64 << 20) / line.length) + 1000;
      // Vary the lines so the zip is not a "bomb" by ratio.
      const parts: string[] = [];
      for (let i = 0; i < lines; i++) parts.push(`${(i * 7919) % 1000003} ${i} ${(i * 31) % 977}\n`);
      const input = Buffer.from(parts.join(''));
      expect(input.length).toBeGreaterThan(20 << 20);
      const big = Buffer.concat([input, input, input]).subarray(0, (64 << 20) + 12345);
      const count = big.toString('latin1').split('\n').length - 1;
      const res = await importPackage<ProblemView>(
        api.url,
        makeZip([
          { name: 'problem.yaml', data: 'name: Count lines\nlimits:\n  memory: 512\n' },
          { name: '.timelimit', data: '5\n' },
          { name: 'data/secret/big.in', data: big },
          { name: 'data/secret/big.ans', data: `${count}\n` },
        ]),
        { fileName: 'count-lines.zip' },
      );
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.groups[0]!.testCases[0]!.inputBytes).toBe((64 << 20) + 12345);
      const s = await judge(res.body, 'import sys\nprint(sys.stdin.buffer.read().count(b"\\n"))\n');
      expect(s.verdict, JSON.stringify(s.tests)).toBe('AC');
    });
  });

  describe('verification', () => {
    interface Report {
      id: string;
      status: string;
      ok: boolean | null;
      timeLimitMs: number | null;
      timeLimitDerived: boolean;
      tleThresholdMs: number | null;
      timeLimitApplied: boolean;
      slowestAcceptedMs: number | null;
      entries: { path: string; expected: string; verdict: string | null; ok: boolean | null; cpuTimeMs: number }[];
    }

    it('runs the package submissions with the package time limit and reports expected vs actual', async () => {
      const p = await importPackage<ProblemView>(api.url, fixtureZip('aplusb'), { slug: 'aplusb-verify' });
      expect(p.status).toBe(201);
      const report = await verifyProblem<Report>(api.url, p.body.id, 120_000);
      expect(report).toMatchObject({ status: 'finished', ok: true, timeLimitMs: 1000, timeLimitDerived: false });
      expect(report.entries.map((e) => [e.path, e.verdict, e.ok])).toEqual([
        ['submissions/accepted/sum.c', 'AC', true],
        ['submissions/accepted/sum.py', 'AC', true],
        ['submissions/time_limit_exceeded/spin.py', 'TLE', true],
        ['submissions/wrong_answer/product.py', 'WA', true],
      ]);
      expect(report.entries[2]!.cpuTimeMs).toBeGreaterThanOrEqual(1000);
    });

    it('derives the time limit from the slowest accepted run when the package gives none (legacy: ⌈slowest × 5⌉ s), and applies it', async () => {
      const entries = directoryEntries(path.join(PROBLEM_FIXTURES, 'aplusb'), '').filter((e) => e.name !== '.timelimit');
      const p = await importPackage<ProblemView>(api.url, makeZip(entries), { slug: 'aplusb-no-limit' });
      expect(p.status).toBe(201);
      expect(p.body).toMatchObject({
        timeLimitGiven: false,
        timeLimitSource: 'derived',
        timeLimitRules: { legacy: true, acToTimeLimit: 5, timeLimitToTle: 2, timeResolutionMs: 1000 },
        derivedTimeLimit: null,
        appliedTimeLimit: { ms: 2000, from: 'server-default' },
      });
      const report = await verifyProblem<Report>(api.url, p.body.id, 120_000);
      expect(report).toMatchObject({ status: 'finished', ok: true, timeLimitDerived: true, timeLimitApplied: true });
      // Legacy time_multiplier 5, whole seconds rounded up; TLE submissions must run time_safety_margin 2 × that.
      expect(report.timeLimitMs).toBe(Math.max(1, Math.ceil((report.slowestAcceptedMs! * 5) / 1000)) * 1000);
      expect(report.tleThresholdMs).toBe(report.timeLimitMs! * 2);
      expect(report.entries.find((e) => e.expected === 'time_limit_exceeded')).toMatchObject({ verdict: 'TLE', ok: true });
      const view = await request<ProblemView>(api.url, 'GET', `/problems/${p.body.id}`);
      expect(view.body).toMatchObject({
        appliedTimeLimit: { ms: report.timeLimitMs, from: 'derived' },
        derivedTimeLimit: { ms: report.timeLimitMs, verificationId: report.id, problemRevision: 1 },
      });
    });

    it('a TLE-folder submission under a generous stated limit is AC with `package`; a derived verification makes it TLE', async () => {
      // 2025-09: 5 s stated; ac_to_time_limit 2, time_limit_to_tle 1.5, time_resolution 0.25 s.
      const slow = 'import time\nwhile time.process_time() < 1.5:\n    pass\na, b = map(int, input().split())\nprint(a + b)\n';
      const right = 'a, b = map(int, input().split())\nprint(a + b)\n';
      const zip = makeZip([
        {
          name: 'problem.yaml',
          data:
            'problem_format_version: 2025-09\nname: Derived\nuuid: 0d6f0a45-2bde-4d2b-8a1b-5b8f0f1f2a3c\n' +
            'limits:\n  time_limit: 5\n  time_resolution: 0.25\n  time_multipliers:\n    ac_to_time_limit: 2\n    time_limit_to_tle: 1.5\n',
        },
        { name: 'data/secret/1.in', data: '1 2\n' },
        { name: 'data/secret/1.ans', data: '3\n' },
        { name: 'submissions/accepted/sum.py', data: right },
        { name: 'submissions/time_limit_exceeded/slow.py', data: slow },
      ]);
      const bad = await importPackage<ErrorBody>(api.url, zip, { slug: 'derived-bad', timeLimitSource: 'fastest' });
      expect(bad.status).toBe(400);
      expect(bad.body.details).toContainEqual({ field: 'timeLimitSource', rule: 'must be "package" or "derived"' });
      const p = await importPackage<ProblemView>(api.url, zip, { slug: 'derived-vs-stated', timeLimitSource: 'package' });
      expect(p.status, JSON.stringify(p.body)).toBe(201);
      expect(p.body).toMatchObject({
        timeLimitSource: 'package',
        timeLimitRules: { legacy: false, acToTimeLimit: 2, timeLimitToTle: 1.5, timeResolutionMs: 250 },
        appliedTimeLimit: { ms: 5000, from: 'stated' },
      });

      // As the package states it: 1.5 s is well within 5 s, so the TLE submission is accepted, and verification says so.
      expect((await judge(p.body, slow)).verdict).toBe('AC');
      const stated = await verifyProblem<Report>(api.url, p.body.id, 120_000);
      expect(stated).toMatchObject({ ok: false, timeLimitMs: 5000, timeLimitDerived: false, timeLimitApplied: false });
      expect(stated.entries.find((e) => e.expected === 'time_limit_exceeded')).toMatchObject({ verdict: 'AC', ok: false });

      // The operator switches the problem to a derived limit (PUT keeps the package's rules and submissions).
      const full = (await request<ProblemView>(api.url, 'GET', `/problems/${p.body.id}`)).body;
      const refused = await request<ErrorBody>(api.url, 'PUT', `/problems/${p.body.id}`, { timeLimitSource: 'auto' });
      expect(refused.status).toBe(400);
      expect(refused.body.details).toContainEqual({ field: 'timeLimitSource', rule: 'must be "package" or "derived"' });
      const put = await request<ProblemView>(api.url, 'PUT', `/problems/${p.body.id}`, {
        slug: full.slug,
        title: full.title,
        limits: { cpuTimeMs: full.limits.cpuTimeMs, memoryKiB: full.limits.memoryKiB, outputKiB: full.limits.outputKiB },
        groups: full.groups.map((g) => ({
          name: g.name,
          sample: g.sample,
          testCases: g.testCases.map((tc) => ({
            name: tc.name,
            inputHash: tc.inputHash,
            answerHash: (tc as { answerHash?: string }).answerHash,
          })),
        })),
        timeLimitSource: 'derived',
      });
      expect(put.status, JSON.stringify(put.body)).toBe(200);
      expect(put.body).toMatchObject({
        revision: 2,
        timeLimitSource: 'derived',
        timeLimitRules: { timeResolutionMs: 250 },
        derivedTimeLimit: null,
        appliedTimeLimit: { ms: 5000, from: 'stated' },
      });

      const derived = await verifyProblem<Report>(api.url, p.body.id, 120_000);
      expect(derived, JSON.stringify(derived)).toMatchObject({
        status: 'finished',
        ok: true,
        timeLimitDerived: true,
        timeLimitApplied: true,
      });
      // Smallest multiple of 250 ms ≥ slowest accepted (Python's time halved by its ×2 multiplier) × 2.
      expect(derived.timeLimitMs).toBe(Math.max(1, Math.ceil((derived.slowestAcceptedMs! * 2) / 250)) * 250);
      expect(derived.timeLimitMs).toBeLessThan(1500 / 2 / 1.5);
      expect(derived.tleThresholdMs).toBe(Math.ceil(derived.timeLimitMs! * 1.5));
      expect(derived.entries.find((e) => e.expected === 'time_limit_exceeded')).toMatchObject({ verdict: 'TLE', ok: true });
      const after = (await request<ProblemView>(api.url, 'GET', `/problems/${p.body.id}`)).body;
      expect(after).toMatchObject({
        appliedTimeLimit: { ms: derived.timeLimitMs, from: 'derived' },
        derivedTimeLimit: { ms: derived.timeLimitMs, verificationId: derived.id, problemRevision: 2 },
      });

      // New submissions are judged with the derived limit: the TLE-folder submission is TLE, the accepted one still AC.
      const tle = await judge(after, slow);
      expect(tle.verdict).toBe('TLE');
      expect(tle.limits.cpuTimeMs).toBe(derived.timeLimitMs);
      expect((await judge(after, right)).verdict).toBe('AC');
    });

    it('scripts/verify-problem.mjs prints the report and exits 0 when all is as expected, 1 when not', async () => {
      const { execFile } = await import('node:child_process');
      const run = (args: string[]) =>
        new Promise<{ code: number; stdout: string }>((resolve) =>
          execFile(
            process.execPath,
            ['scripts/verify-problem.mjs', '--api', api.url, ...args],
            { cwd: path.join(PROBLEM_FIXTURES, '../../..') },
            (err, stdout) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout }),
          ),
        );
      const good = await run([
        (await request<{ items: ProblemView[] }>(api.url, 'GET', '/problems?limit=100')).body.items.find((p) => p.slug === 'aplusb-verify')!
          .id,
      ]);
      expect(good.code, good.stdout).toBe(0);
      expect(good.stdout).toMatch(/OK\s+submissions\/time_limit_exceeded\/spin\.py\s+expected TLE\s+got TLE/);
      expect(good.stdout).toMatch(/4 of 4 submissions as expected/);
      // A "wrong answer" submission that is in fact right.
      const { writeFileSync, mkdtempSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      const zipPath = path.join(mkdtempSync(path.join(tmpdir(), 'verify-')), 'mislabelled.zip');
      writeFileSync(
        zipPath,
        fixtureZip('aplusb', [
          { name: 'aplusb/submissions/wrong_answer/actually-right.py', data: 'a, b = map(int, input().split())\nprint(a + b)\n' },
        ]),
      );
      const bad = await run(['--slug', 'aplusb-mislabelled', zipPath]);
      expect(bad.code, bad.stdout).toBe(1);
      expect(bad.stdout).toMatch(/FAIL submissions\/wrong_answer\/actually-right\.py\s+expected WA\s+got AC/);
      expect(bad.stdout).toMatch(/4 of 5 submissions as expected/);
    });
  });

  describe('malformed packages are refused whole, nothing stored', () => {
    async function refused(zip: Buffer, pattern: RegExp): Promise<void> {
      const before = await stored();
      const res = await importPackage<ErrorBody>(api.url, zip, { fileName: 'bad.zip' });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.message).toMatch(pattern);
      expect(await stored()).toEqual(before);
    }

    it('a test input without its .ans', () =>
      refused(
        makeZip(directoryEntries(path.join(PROBLEM_FIXTURES, 'aplusb'), 'p').filter((e) => e.name !== 'p/data/secret/02-big.ans')),
        /^data\/secret\/02-big\.in: has no answer file data\/secret\/02-big\.ans$/,
      ));

    it('bad YAML, with its line', () =>
      refused(
        makeZip([
          { name: 'problem.yaml', data: 'name: Broken\nlimits:\n  memory: [256\n' },
          { name: 'data/secret/1.in', data: '1' },
          { name: 'data/secret/1.ans', data: '1' },
        ]),
        /^problem\.yaml line \d: invalid YAML/,
      ));

    it('a bad value in problem.yaml, with its line', () =>
      refused(
        makeZip([
          { name: 'problem.yaml', data: 'name: X\nlimits:\n  memory: lots\n' },
          { name: 'data/secret/1.in', data: '1' },
          { name: 'data/secret/1.ans', data: '1' },
        ]),
        /^problem\.yaml line 3: limits\.memory must be a number, not "lots"$/,
      ));

    it('a ../ path (path traversal)', () =>
      refused(
        makeZip([...directoryEntries(path.join(PROBLEM_FIXTURES, 'aplusb'), ''), { name: 'data/../../../etc/evil.in', data: 'x' }]),
        /^data\/\.\.\/\.\.\/\.\.\/etc\/evil\.in: has a "\.\." path component \(path traversal\); refused$/,
      ));

    it('an absolute path', () =>
      refused(
        makeZip([...directoryEntries(path.join(PROBLEM_FIXTURES, 'aplusb'), ''), { name: '/tmp/evil.in', data: 'x' }]),
        /^\/tmp\/evil\.in: is an absolute path/,
      ));

    it('a symlink entry', () =>
      refused(
        makeZip([
          ...directoryEntries(path.join(PROBLEM_FIXTURES, 'aplusb'), ''),
          { name: 'data/secret/04.in', data: '/etc/shadow', mode: 0o120777, method: 'store' },
          { name: 'data/secret/04.ans', data: '1' },
        ]),
        /^data\/secret\/04\.in: is a symbolic link; packages must hold regular files only$/,
      ));

    it('a zip bomb: more uncompressed bytes than allowed', () =>
      refused(
        makeZip([
          ...directoryEntries(path.join(PROBLEM_FIXTURES, 'aplusb'), ''),
          { name: 'data/secret/bomb.in', data: Buffer.alloc(170 << 20) },
          { name: 'data/secret/bomb.ans', data: '0' },
        ]),
        /^data\/secret\/bomb\.in: the package unpacks to more than 167772160 bytes .*zip bomb/,
      ));

    it('a zip bomb: a compression ratio beyond the limit', () =>
      refused(
        makeZip([
          ...directoryEntries(path.join(PROBLEM_FIXTURES, 'aplusb'), ''),
          { name: 'data/secret/zeros.in', data: Buffer.alloc(16 << 20) },
          { name: 'data/secret/zeros.ans', data: '0' },
        ]),
        /^data\/secret\/zeros\.in: compresses \d+:1, more than 100:1 .*zip bomb/,
      ));

    it('not a zip, no problem.yaml, no test data', async () => {
      await refused(Buffer.from('just text'), /^package is not a readable zip file/);
      await refused(makeZip([{ name: 'README', data: 'hi' }]), /^problem\.yaml: is missing/);
      await refused(makeZip([{ name: 'problem.yaml', data: 'name: Empty\n' }]), /^data\/: has no test cases/);
    });

    it('an upload without the package field', async () => {
      const form = new FormData();
      form.append('slug', 'nothing');
      const res = await fetch(`${api.url}/problems/import`, { method: 'POST', body: form });
      expect(res.status).toBe(400);
      expect(((await res.json()) as ErrorBody).message).toBe(
        'package must be a zip file sent as the multipart/form-data file field "package"',
      );
    });
  });
});
