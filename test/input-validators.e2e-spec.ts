import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from './support/http.js';
import { fixtureZip, importPackage, verifyProblem } from './support/problems.js';
import { startApi, startWorker, testServices, type StartedApi, type StartedProcess } from './support/stack.js';
import { makeZip, type ZipEntry } from './support/zip.js';

interface InputReport {
  ok: boolean;
  validators: string[];
  testCasesChecked: number;
  invalidInputsChecked: number;
  problems: { testCase: string | null; validator: string | null; problem: string; stderr: string | null }[];
}

interface Report {
  id: string;
  status: string;
  ok: boolean | null;
  inputOnly: boolean;
  inputValidation: InputReport | null;
  entries: { path: string; verdict: string | null; ok: boolean | null }[];
}

interface Imported {
  id: string;
  inputValidators: string[];
  invalidInputCount: number;
  verification: { id: string; status: string; inputOnly: boolean } | null;
}

/**
 * C++ input validator (a directory validator with its own name, as problemtools' examples keep
 * them): `a b` with |a|, |b| <= the bound given as `--max N` (input_validator_flags), else 43.
 */
const BOUNDS_CPP = [
  '#include <cstdio>',
  '#include <cstdlib>',
  '#include <cstring>',
  'int main(int argc, char** argv) {',
  '  long long max = 1000000000LL;',
  '  for (int i = 1; i + 1 < argc; i++) if (std::strcmp(argv[i], "--max") == 0) max = std::atoll(argv[i + 1]);',
  '  long long a, b;',
  '  if (std::scanf("%lld %lld", &a, &b) != 2) { std::fprintf(stderr, "expected two integers\\n"); return 43; }',
  '  if (llabs(a) > max || llabs(b) > max) { std::fprintf(stderr, "|a| or |b| above %lld\\n", max); return 43; }',
  '  return 42;',
  '}',
  '',
].join('\n');

/** Python input validator (a single file): exactly one line of two integers, nothing else. */
const FORMAT_PY = [
  'import re, sys',
  'text = sys.stdin.read()',
  "if not re.fullmatch(r'-?[0-9]+ -?[0-9]+\\n', text):",
  "    print('not one line of two integers: ' + repr(text[:40]), file=sys.stderr)",
  '    sys.exit(43)',
  'sys.exit(42)',
  '',
].join('\n');

/**
 * Input validators run by verification, end to end on the real API, worker, sandbox and services:
 * a Python and a C++ validator over aplusb (problemtools' legacy examples layout:
 * `input_format_validators/`, `data/secret/testdata.yaml` `input_validator_flags`,
 * `data/invalid_input/`), each package imported and its input validation (queued by the import)
 * or full verification read back.
 */
describe('input validators', () => {
  const env = testServices('input-validators');
  let api: StartedApi;
  let worker: StartedProcess;

  beforeAll(async () => {
    worker = await startWorker(env);
    api = await startApi(env);
  });

  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
  });

  const validators = ({ format = FORMAT_PY, bounds = BOUNDS_CPP } = {}): ZipEntry[] => [
    { name: 'aplusb/input_format_validators/bounds/bounds.cpp', data: bounds },
    { name: 'aplusb/input_format_validators/format.py', data: format },
    { name: 'aplusb/data/secret/testdata.yaml', data: 'input_validator_flags: --max 1000000000\n' },
    // Rejected by format.py (two lines) and by bounds (above 10^9) respectively.
    { name: 'aplusb/data/invalid_input/two-lines.in', data: '1\n2\n' },
    { name: 'aplusb/data/invalid_input/too-big.in', data: '1000000001 1\n' },
  ];

  /** Imports aplusb with `extra` (or the zip given) and waits for the input validation the import queued. */
  async function importAndValidate(slug: string, extra: ZipEntry[] | Buffer): Promise<{ imported: Imported; report: Report }> {
    const zip = Buffer.isBuffer(extra) ? extra : fixtureZip('aplusb', extra);
    const imported = await importPackage<Imported>(api.url, zip, { slug });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    const verification = imported.body.verification;
    expect(verification).toMatchObject({ status: 'queued', inputOnly: true });
    for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
      const got = await request<Report>(api.url, 'GET', `/problems/${imported.body.id}/verifications/${verification!.id}`);
      if (got.body.status === 'finished' || got.body.status === 'failed') return { imported: imported.body, report: got.body };
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('input validation did not finish in 120 s');
  }

  it('a valid package: import queues its input validation, which passes; the full verification runs it and the submissions', async () => {
    const { imported, report } = await importAndValidate('iv-valid', validators());
    expect(imported.inputValidators).toEqual(['input_format_validators/bounds/', 'input_format_validators/format.py']);
    expect(imported.invalidInputCount).toBe(2);
    expect(report).toMatchObject({ status: 'finished', ok: true, inputOnly: true, entries: [] });
    expect(report.inputValidation).toEqual({
      ok: true,
      validators: ['input_format_validators/bounds/', 'input_format_validators/format.py'],
      testCasesChecked: 4,
      invalidInputsChecked: 2,
      problems: [],
    });
    const full = await verifyProblem<Report>(api.url, imported.id, 150_000);
    expect(full).toMatchObject({ status: 'finished', ok: true, inputOnly: false });
    expect(full.inputValidation?.ok).toBe(true);
    expect(full.entries.map((e) => [e.path, e.ok])).toContainEqual(['submissions/accepted/sum.py', true]);
  });

  it('a secret test case a validator rejects fails the verification, naming the case, the validator and its stderr', async () => {
    // 2·10^9 + 1 is fine for the accepted submissions (their verdicts hold), but above the bound.
    const extra = [
      ...validators(),
      { name: 'aplusb/data/secret/04-over.in', data: '2000000000 1\n' },
      { name: 'aplusb/data/secret/04-over.ans', data: '2000000001\n' },
    ];
    const { imported, report } = await importAndValidate('iv-rejected', extra);
    expect(report).toMatchObject({ status: 'finished', ok: false });
    expect(report.inputValidation!.problems).toEqual([
      {
        testCase: 'secret/04-over',
        validator: 'input_format_validators/bounds/',
        problem: 'rejected by input_format_validators/bounds/ (exit 43)',
        stderr: '|a| or |b| above 1000000000',
      },
    ]);
    const full = await verifyProblem<Report>(api.url, imported.id, 150_000);
    expect(full.entries.find((e) => e.path === 'submissions/accepted/sum.c')?.ok).toBe(true);
    expect(full.ok).toBe(false);
    expect(full.inputValidation!.problems.map((p) => p.testCase)).toEqual(['secret/04-over']);
  });

  it('a Checktestdata script (.ctd) is an input validator: run by checktestdata, it accepts the test data and rejects an invalid input', async () => {
    const extra: ZipEntry[] = [
      // Two integers of at most 10^9 in absolute value on one line, as Checktestdata writes it.
      { name: 'aplusb/input_validators/ranges.ctd', data: 'INT(-1000000000,1000000000) SPACE INT(-1000000000,1000000000) NEWLINE\nEOF\n' },
      { name: 'aplusb/data/invalid_input/too-big.in', data: '1000000001 1\n' },
    ];
    const { imported, report } = await importAndValidate('iv-ctd', extra);
    expect(imported.inputValidators).toEqual(['input_validators/ranges.ctd']);
    expect(report.inputValidation).toMatchObject({ ok: true, testCasesChecked: 4, invalidInputsChecked: 1, problems: [] });
    // The same script over an input it does not match: a secret case rejected, named with checktestdata's message.
    const bad = await importAndValidate('iv-ctd-bad', [
      ...extra,
      { name: 'aplusb/data/secret/05-text.in', data: '1 x\n' },
      { name: 'aplusb/data/secret/05-text.ans', data: '1\n' },
    ]);
    expect(bad.report.inputValidation!.problems).toEqual([
      expect.objectContaining({
        testCase: 'secret/05-text',
        validator: 'input_validators/ranges.ctd',
        problem: 'rejected by input_validators/ranges.ctd (exit 43)',
      }),
    ]);
    expect(bad.report.inputValidation!.problems[0]!.stderr).toMatch(/expected an integer/);
    // A script that does not parse is the validator failing to operate, named: never an Internal Error.
    const broken = await importAndValidate('iv-ctd-broken', [{ name: 'aplusb/input_validators/ranges.ctd', data: 'INT(1,\n' }]);
    expect(broken.report.inputValidation!.problems[0]).toMatchObject({
      validator: 'input_validators/ranges.ctd',
      problem: expect.stringMatching(/exited with code 2 \(expected 42 or 43\): the input validator failed to operate$/),
    });
  });

  it('an invalid_input case every validator accepts fails the verification', async () => {
    const extra = [...validators(), { name: 'aplusb/data/invalid_input/fine.in', data: '1 2\n' }];
    const { report } = await importAndValidate('iv-accepted-invalid', extra);
    expect(report.ok).toBe(false);
    expect(report.inputValidation!.invalidInputsChecked).toBe(3);
    expect(report.inputValidation!.problems).toEqual([
      {
        testCase: 'invalid_input/fine',
        validator: null,
        problem: 'every input validator accepted this invalid input (exit 42); at least one must reject it (exit 43)',
        stderr: null,
      },
    ]);
  });

  it("a validator that crashes (exit 1) is the package's fault, named with its stderr: never an Internal Error", async () => {
    const crashing = "import sys\nprint('validator bug', file=sys.stderr)\nsys.exit(1)\n";
    const { report } = await importAndValidate('iv-crash', validators({ format: crashing }));
    expect(report.status).toBe('finished');
    expect(report.ok).toBe(false);
    const problems = report.inputValidation!.problems;
    expect(problems[0]).toEqual({
      testCase: 'sample/1',
      validator: 'input_format_validators/format.py',
      problem: 'input_format_validators/format.py exited with code 1 (expected 42 or 43): the input validator failed to operate',
      stderr: 'validator bug',
    });
    // On the invalid inputs the other validator's rejection decides (the format: the others may do anything).
    expect(problems.filter((p) => p.testCase?.startsWith('invalid_input/'))).toEqual([
      expect.objectContaining({ testCase: 'invalid_input/two-lines', validator: 'input_format_validators/format.py' }),
    ]);
    expect(JSON.stringify(report)).not.toMatch(/Internal Error/);
  });

  it('a validator that does not compile is named, and no input is run', async () => {
    const { report } = await importAndValidate('iv-no-compile', validators({ bounds: 'int main( {\n' }));
    expect(report.ok).toBe(false);
    expect(report.inputValidation!.testCasesChecked).toBe(0);
    expect(report.inputValidation!.problems[0]).toMatchObject({ testCase: null, validator: 'input_format_validators/bounds/' });
    expect(report.inputValidation!.problems[0]!.problem).toMatch(
      /^the input validator input_format_validators\/bounds\/ does not compile:/,
    );
  });

  it('2025-09: test_group.yaml input_validator_args per validator by name, for its group only', async () => {
    const zip = makeZip([
      { name: 'problem.yaml', data: 'problem_format_version: 2025-09\nname: Small sums\nlimits:\n  time_limit: 1\n' },
      { name: 'input_validators/bounds/bounds.cpp', data: BOUNDS_CPP },
      { name: 'input_validators/format.py', data: FORMAT_PY },
      // bounds gets --max 5 in secret (format.py gets nothing: an unknown flag would make it fail).
      { name: 'data/secret/test_group.yaml', data: 'input_validator_args:\n  bounds: [--max, "5"]\n' },
      { name: 'data/sample/1.in', data: '6 1\n' },
      { name: 'data/sample/1.ans', data: '7\n' },
      { name: 'data/secret/1.in', data: '5 -5\n' },
      { name: 'data/secret/1.ans', data: '0\n' },
      { name: 'data/secret/2.in', data: '6 1\n' },
      { name: 'data/secret/2.ans', data: '7\n' },
    ]);
    const { report } = await importAndValidate('iv-2025-args', zip);
    expect(report.inputValidation).toMatchObject({ ok: false, testCasesChecked: 3, invalidInputsChecked: 0 });
    expect(report.inputValidation!.problems).toEqual([
      {
        testCase: 'secret/2',
        validator: 'input_validators/bounds/',
        problem: 'rejected by input_validators/bounds/ (exit 43)',
        stderr: '|a| or |b| above 5',
      },
    ]);
  });
});
