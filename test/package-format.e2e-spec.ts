import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, type ErrorBody } from './support/http.js';
import { watchEvents, type EventWatch } from './support/events.js';
import { fixtureZip, importPackage, judgeOnProblem, verifyProblem } from './support/problems.js';
import { startApi, startWorker, testServices, type StartedApi, type StartedProcess } from './support/stack.js';
import { makeZip, type ZipEntry } from './support/zip.js';

interface Report {
  id: string;
  status: string;
  ok: boolean | null;
  entries: {
    path: string;
    expected: string;
    expectedVerdicts: string[];
    verdict: string | null;
    ok: boolean | null;
    testsRun: number;
    message: string | null;
  }[];
}

/**
 * The package format's expectations of package submissions, end to end on the real API, worker,
 * sandbox and services: submissions.yaml (2025-09) requirements per test case and DOMjudge's
 * `@EXPECTED_RESULTS@`, checked by verification; and what import refuses, named.
 */
describe('package format: submissions.yaml, @EXPECTED_RESULTS@, refusals', () => {
  const env = testServices('package-format');
  let api: StartedApi;
  let worker: StartedProcess;
  let watch: EventWatch;

  beforeAll(async () => {
    watch = await watchEvents(env.REDIS_URL);
    worker = await startWorker(env);
    api = await startApi(env);
  });

  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
    await watch?.close();
  });

  it('verification checks submissions.yaml per test case (every test judged) and @EXPECTED_RESULTS@ on the verdict', async () => {
    // aplusb's secret cases: 01-small (2 3), 02-big (10^9 10^9), 03-negative (-7 3).
    const extra: ZipEntry[] = [
      {
        name: 'aplusb/submissions/submissions.yaml',
        data: [
          '# WA on 02-big only: 03-negative after it must still be judged (and AC).',
          'mixed/small.py:',
          '  sample:',
          '    permitted: [AC]',
          '  secret/0{1,3}-*:',
          '    permitted: [AC]',
          '  secret/02-big:',
          '    required: [WA]',
          '# The same rules, but this one gets 03-negative wrong too: refused by secret/0{1,3}-*.',
          'mixed/positive.py:',
          '  secret/0{1,3}-*:',
          '    permitted: [AC]',
          '  secret/02-big:',
          '    required: [WA]',
          '',
        ].join('\n'),
      },
      { name: 'aplusb/submissions/mixed/small.py', data: 'a, b = map(int, input().split())\nprint(a + b if a + b < 10**9 else 0)\n' },
      {
        name: 'aplusb/submissions/mixed/positive.py',
        data: 'a, b = map(int, input().split())\nprint(abs(a + b) if a + b < 10**9 else 0)\n',
      },
      {
        name: 'aplusb/submissions/other/either.py',
        data: '# @EXPECTED_RESULTS@: ACCEPTED,WRONG_ANSWER\na, b = map(int, input().split())\nprint(a * b)\n',
      },
      {
        name: 'aplusb/submissions/other/claims-tle.py',
        data: '# @EXPECTED_RESULTS@: TIMELIMIT\na, b = map(int, input().split())\nprint(a - b)\n',
      },
    ];
    const imported = await importPackage<{ id: string }>(api.url, fixtureZip('aplusb', extra), { slug: 'expectations' });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    const report = await verifyProblem<Report>(api.url, imported.body.id, 150_000);
    expect(report.status).toBe('finished');
    const byPath = Object.fromEntries(report.entries.map((e) => [e.path.slice('submissions/'.length), e]));
    // The folders' default requirements still hold (the package has a submissions.yaml).
    expect(byPath['accepted/sum.py']).toMatchObject({ verdict: 'AC', ok: true, expectedVerdicts: ['AC'] });
    expect(byPath['wrong_answer/product.py']).toMatchObject({ verdict: 'WA', ok: true });
    expect(byPath['time_limit_exceeded/spin.py']).toMatchObject({ verdict: 'TLE', ok: true });
    // Judged on all 4 test cases though 02-big (the 3rd) is rejected.
    expect(byPath['mixed/small.py']).toMatchObject({ verdict: 'WA', ok: true, testsRun: 4, message: null });
    expect(byPath['mixed/positive.py']).toMatchObject({ verdict: 'WA', ok: false, testsRun: 4 });
    expect(byPath['mixed/positive.py']!.message).toBe(
      'submissions.yaml secret/0{1,3}-*: permitted [AC], but test 4 (secret/03-negative) got WA — token 1: expected "-4", got "4" (line 1)',
    );
    expect(byPath['other/either.py']).toMatchObject({ verdict: 'WA', ok: true, expectedVerdicts: ['AC', 'WA'] });
    expect(byPath['other/claims-tle.py']).toMatchObject({ verdict: 'WA', ok: false, expectedVerdicts: ['TLE'] });
    expect(report.ok).toBe(false);
  });

  it('import refuses, with 400 naming the file and the feature, what Verdict does not judge', async () => {
    const refusal = async (extra: ZipEntry[]) => {
      const zip = fixtureZip('aplusb', extra);
      const res = await importPackage<ErrorBody>(api.url, zip, { slug: `refused-${Math.random().toString(36).slice(2, 8)}` });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      return [res.body.message].flat().join('; ');
    };
    expect(await refusal([{ name: 'aplusb/data/invalid_output/1.in', data: '1 2\n' }])).toBe(
      'data/invalid_output/1.in: data/invalid_output/ test cases (checks that the output validator rejects or accepts an output) are not supported by Verdict',
    );
    expect(await refusal([{ name: 'aplusb/input_validators/ranges.viva', data: '<integer>\n' }])).toBe(
      'input_validators/ranges.viva: Viva input validators (.viva) are not supported by Verdict',
    );
    expect(await refusal([{ name: 'aplusb/data/invalid_input/huge.in', data: '1 99999999999\n' }])).toBe(
      'data/invalid_input/huge.in: is an invalid input for the input validators to reject, but the package has none (input_validators/)',
    );
    expect(await refusal([{ name: 'aplusb/submissions/submissions.yaml', data: 'accepted:\n  permitted: [AC, MLE]\n' }])).toBe(
      'submissions/submissions.yaml line 2: accepted.permitted has "MLE", not one of AC, WA, TLE, RTE',
    );
    expect(await refusal([{ name: 'aplusb/submissions/mixed/x.py', data: '# @EXPECTED_RESULTS@: SLOW\n' }])).toBe(
      'submissions/mixed/x.py line 1: @EXPECTED_RESULTS@ has "SLOW", not a DOMjudge result (CORRECT, WRONG-ANSWER, TIMELIMIT, RUN-ERROR, ...)',
    );
  });

  it('2025-09 scoring: score.txt per test case, sum and min groups, max_score', async () => {
    // The validator accepts k <= the answer n and scores k (score.txt); k > n is Wrong Answer.
    const validator = [
      'import sys',
      'answer, feedback = sys.argv[2], sys.argv[3]',
      'n = int(open(answer).read())',
      'k = int(sys.stdin.read().split()[0])',
      'if k > n:',
      '    sys.exit(43)',
      "open(feedback + 'score.txt', 'w').write(str(k))",
      'sys.exit(42)',
      '',
    ].join('\n');
    const tc = (name: string, input: number, answer: number): ZipEntry[] => [
      { name: `data/${name}.in`, data: `${input}\n` },
      { name: `data/${name}.ans`, data: `${answer}\n` },
    ];
    const zip = makeZip([
      { name: 'problem.yaml', data: 'problem_format_version: 2025-09\nname: Scores\ntype: scoring\nlimits:\n  time_limit: 2\n' },
      { name: 'output_validator/validate.py', data: validator },
      // sum: 3 test cases worth 20 each; min: 2 worth 40 each.
      { name: 'data/secret/g/test_group.yaml', data: 'max_score: 60\nscore_aggregation: sum\n' },
      { name: 'data/secret/h/test_group.yaml', data: 'max_score: 40\nscore_aggregation: min\n' },
      ...tc('sample/1', 1, 1),
      ...tc('secret/g/1', 20, 20),
      ...tc('secret/g/2', 25, 20),
      ...tc('secret/g/3', 10, 20),
      ...tc('secret/h/1', 40, 40),
      ...tc('secret/h/2', 30, 40),
    ]);
    const imported = await importPackage<{ id: string; maxScore: number | null }>(api.url, zip, { slug: 'scores-2025' });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    const view = await judgeOnProblem(api.url, watch, imported.body.id, 'python3', 'print(input())\n');
    expect(view.maxScore).toBe(100);
    // g: 20 + 0 (WA on g/2, and g/3 still judged) + 10; h: min(40, 30).
    expect(view.groups!.map((g) => [g.name, g.verdict, g.points, g.score, g.passed])).toEqual([
      ['sample', 'AC', 0, 0, 1],
      ['secret/g', 'WA', 60, 30, 2],
      ['secret/h', 'AC', 40, 30, 2],
    ]);
    expect(view.score).toBe(60);
    expect(view.tests.map((r) => [r.name, r.verdict])).toEqual([
      ['sample/1', 'AC'],
      ['secret/g/1', 'AC'],
      ['secret/g/2', 'WA'],
      ['secret/g/3', 'AC'],
      ['secret/h/1', 'AC'],
      ['secret/h/2', 'AC'],
    ]);
  });
});
