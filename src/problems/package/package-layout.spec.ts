import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeZip, type ZipEntry } from '../../../test/support/zip.js';
import { LEGACY_TIME_LIMIT_RULES } from '../../persistence/problems/problem-records.js';
import { PackageError } from './package.error.js';
import { parsePackage, type LayoutBounds } from './package-layout.js';
import { ZipPackage } from './zip-package.js';

const bounds: LayoutBounds = {
  defaults: { cpuTimeMs: 2000, wallTimeMs: 0, memoryKiB: 262144, outputKiB: 16384 },
  maxima: { cpuTimeMs: 10000, wallTimeMs: 30000, memoryKiB: 1048576, outputKiB: 65536 },
  maxTestCases: 100,
};
const dir = mkdtempSync(join(tmpdir(), 'layout-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

async function parse(entries: ZipEntry[], opts: { slug?: string; fileName?: string } = {}, layoutBounds: LayoutBounds = bounds) {
  const path = join(dir, `p${n++}.zip`);
  writeFileSync(path, makeZip(entries));
  const pkg = await ZipPackage.open(path, { maxEntries: 200, maxUncompressedBytes: 1 << 24, maxRatio: 1000 });
  try {
    return await parsePackage(pkg, opts, layoutBounds);
  } finally {
    await pkg.close();
  }
}

/** The PackageError message a package is refused with (fails the test if it is accepted or fails otherwise). */
async function refusal(
  entries: ZipEntry[],
  opts: { slug?: string; fileName?: string } = {},
  layoutBounds: LayoutBounds = bounds,
): Promise<string> {
  const error = await parse(entries, opts, layoutBounds).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'the package should be refused').toBeInstanceOf(PackageError);
  return (error as PackageError).message;
}

const data = (...names: string[]): ZipEntry[] =>
  names.flatMap((name) => [
    { name: `${name}.in`, data: '1\n' },
    { name: `${name}.ans`, data: '1\n' },
  ]);

describe('parsePackage', () => {
  it("keeps submissions.yaml requirements and DOMjudge's @EXPECTED_RESULTS@ with each package submission", async () => {
    const p = await parse([
      { name: 'problem.yaml', data: 'problem_format_version: 2025-09\nname: E\n' },
      ...data('data/secret/1'),
      { name: 'submissions/submissions.yaml', data: 'mixed/slow.py:\n  language: pypy3\n  required: [TLE]\n' },
      { name: 'submissions/accepted/a.c', data: '// @EXPECTED_RESULTS@: WRONG-ANSWER\nint main(){}\n' },
      { name: 'submissions/mixed/slow.py', data: 'print(1)\n' },
      { name: 'submissions/mixed/odd.rs', data: '// @EXPECTED_RESULTS@: CORRECT,WRONG_ANSWER\nfn main(){}\n' },
    ]);
    expect(p.packageSubmissions.map((s) => [s.path, s.language, s.expectedResults, s.requirements])).toEqual([
      ['submissions/accepted/a.c', 'c', undefined, [{ tests: null, permitted: ['AC'], required: null, score: null, message: null }]],
      ['submissions/mixed/odd.rs', 'rust', ['AC', 'WA'], undefined],
      ['submissions/mixed/slow.py', 'pypy3', undefined, [{ tests: null, permitted: null, required: ['TLE'], score: null, message: null }]],
    ]);
  });

  it('legacy scoring: groups under secret, points from accept_score (min) or accept_score × cases', async () => {
    const p = await parse(
      [
        { name: 'problem.yaml', data: 'name: S\ntype: scoring\nlimits:\n  time_multiplier: 3\n' },
        { name: 'data/secret/a/testdata.yaml', data: 'grader_flags: min\naccept_score: 25\n' },
        { name: 'data/secret/b/testdata.yaml', data: 'accept_score: 5\n' },
        ...data('data/sample/1', 'data/secret/a/1', 'data/secret/a/deeper/2', 'data/secret/b/1', 'data/secret/b/2', 'data/secret/c/1'),
      ],
      { fileName: 'My Problem.zip' },
    );
    expect(p.slug).toBe('my-problem');
    expect(p.groups.map((g) => [g.name, g.points, g.testCases.map((t) => t.name)])).toEqual([
      ['sample', 0, ['sample/1']],
      ['secret/a', 25, ['secret/a/1', 'secret/a/deeper/2']],
      ['secret/b', 10, ['secret/b/1', 'secret/b/2']],
      ['secret/c', 1, ['secret/c/1']],
    ]);
    expect(p).toMatchObject({
      type: 'scoring',
      timeLimitGiven: false,
      timeLimitSource: 'derived',
      timeLimitRules: { legacy: true, acToTimeLimit: 3, timeLimitToTle: 2, timeResolutionMs: 1000 },
      format: 'legacy',
    });
    expect(p.limits).toEqual({ cpuTimeMs: 2000, wallTimeMs: 6000, memoryKiB: 1048576, outputKiB: 8192 });
  });

  it('2023-07-draft and 2025-09: time_limit, multipliers, type lists, inherited validator args', async () => {
    const p = await parse([
      {
        name: 'problem.yaml',
        data: 'problem_format_version: 2025-09\nname: {en: Hello, de: Hallo}\ntype: [scoring, interactive]\nlimits:\n  time_limit: 0.5\n  time_multipliers:\n    ac_to_time_limit: 3\n  memory: 64\n',
      },
      { name: 'output_validator/interactor.cpp', data: 'int main(){}' },
      { name: 'output_validator/testlib.h', data: '#pragma once\n' },
      { name: 'data/test_group.yaml', data: 'output_validator_args: [--mode, strict]\n' },
      { name: 'data/secret/g1/test_group.yaml', data: 'score: 40\n' },
      ...data('data/secret/g1/1'),
    ]);
    expect(p).toMatchObject({
      title: 'Hello',
      interactive: true,
      type: 'scoring',
      timeLimitGiven: true,
      timeLimitSource: 'package',
      timeLimitRules: { legacy: false, acToTimeLimit: 3, timeLimitToTle: 1.5, timeResolutionMs: 1000 },
      format: '2025-09',
    });
    expect(p.limits).toMatchObject({ cpuTimeMs: 500, memoryKiB: 65536 });
    expect(p.checker).toMatchObject({ kind: 'custom', language: 'cpp20', entry: 'interactor.cpp' });
    expect(p.checker.files.map((f) => f.name)).toEqual(['interactor.cpp', 'testlib.h']);
    expect(p.groups).toEqual([expect.objectContaining({ name: 'secret/g1', points: 40, validatorArgs: ['--mode', 'strict'] })]);
  });

  it('DOMjudge: domjudge-problem.ini with quoted values', async () => {
    const p = await parse([{ name: 'domjudge-problem.ini', data: "name = 'Quoted'\ntimelimit='1.5'\n" }, ...data('data/secret/1')], {
      slug: 'dj',
    });
    expect(p).toMatchObject({ slug: 'dj', title: 'Quoted', format: 'domjudge', timeLimitGiven: true });
    expect(p.limits.cpuTimeMs).toBe(1500);
  });

  it('refuses, naming the file and line', async () => {
    const refusal = (entries: ZipEntry[]) =>
      parse(entries).then(
        () => null,
        (e: unknown) => (e instanceof PackageError ? e.message : String(e)),
      );
    expect(await refusal([{ name: 'problem.yaml', data: 'name: X\ntype: multi-pass\n' }, ...data('data/secret/1')])).toBe(
      'problem.yaml line 2: type "multi-pass" problems are not supported by Verdict',
    );
    expect(await refusal([{ name: 'problem.yaml', data: 'name: X\nlimits:\n  memory: 4096\n' }, ...data('data/secret/1')])).toBe(
      'problem.yaml line 3: limits.memory 4096 MiB is above the server maximum of 1048576 KiB (MAX_MEMORY_KIB)',
    );
    expect(await refusal([{ name: 'problem.yaml', data: 'name: X\nvalidator_flags: float_tolerance\n' }, ...data('data/secret/1')])).toBe(
      'problem.yaml line 2: validator_flags float_tolerance needs a non-negative number after it',
    );
    expect(
      await refusal([
        { name: 'problem.yaml', data: 'name: X\nvalidation: custom\n' },
        ...data('data/secret/1'),
        { name: 'output_validators/v/a.cpp', data: '' },
        { name: 'output_validators/v/b.cpp', data: '' },
      ]),
    ).toBe('output_validators/v/: has several source files (a.cpp, b.cpp); Verdict builds one (headers may go beside it)');
    expect(
      await refusal([
        { name: 'problem.yaml', data: 'name: X\n' },
        { name: 'data/secret/1.ans', data: '1' },
      ]),
    ).toBe('data/secret/1.ans: has no input file data/secret/1.in');
    expect(
      await refusal([{ name: '.timelimit', data: 'fast' }, { name: 'problem.yaml', data: 'name: X\n' }, ...data('data/secret/1')]),
    ).toBe('.timelimit line 1: must hold a positive number of seconds, not "fast"');
  });
});

const yaml = (text: string): ZipEntry => ({ name: 'problem.yaml', data: text });
const secret = data('data/secret/1');

describe("legacy (problemtools) packages, shaped like Kattis problemtools' examples", () => {
  it('a custom validator in output_validators/<name>/ with its header; unknown limits keys and .desc files are ignored', async () => {
    // Like problemtools' examples/different: `validation: custom`, limits.time_safety_margin, a C++ validator
    // with validate.h beside it, test case descriptions (.desc), only secret data, submissions in many languages.
    const p = await parse([
      yaml('name: Differences\nsource: Somewhere\nlicense: cc by-sa\nvalidation: custom\nlimits:\n  time_safety_margin: 4\n'),
      { name: 'output_validators/diff_validator/validate.cc', data: '#include "validate.h"\nint main(){}\n' },
      { name: 'output_validators/diff_validator/validate.h', data: '#pragma once\n' },
      ...data('data/secret/01', 'data/secret/02_extreme_cases'),
      { name: 'data/secret/01.desc', data: 'small\n' },
      { name: 'submissions/accepted/sol.c', data: 'int main(){}' },
      { name: 'submissions/accepted/Sol.java', data: 'class Main{}' },
      { name: 'submissions/accepted/sol.scala', data: 'object Main' },
      { name: 'submissions/accepted/multi/sol.pl', data: '' },
      { name: 'submissions/wrong_answer/int.cc', data: 'int main(){}' },
      { name: 'submissions/time_limit_exceeded/linear.py', data: 'while True: pass' },
      { name: 'submissions/accepted/old.py', data: '#!/usr/bin/env python2\nprint 3\n' },
    ]);
    expect(p).toMatchObject({
      format: 'legacy',
      title: 'Differences',
      type: 'pass-fail',
      interactive: false,
      timeLimitGiven: false,
      timeLimitSource: 'derived',
      timeLimitRules: { legacy: true, acToTimeLimit: 5, timeLimitToTle: 4, timeResolutionMs: 1000 },
    });
    expect(p.checker).toMatchObject({ kind: 'custom', language: 'cpp20', entry: 'validate.cc', args: [] });
    expect(p.checker.files.map((f) => f.name)).toEqual(['validate.cc', 'validate.h']);
    expect(p.groups).toEqual([
      {
        name: 'secret',
        points: 0,
        sample: false,
        validatorArgs: [],
        inputValidatorArgs: [],
        testCases: [
          { name: 'secret/01', inputPath: 'data/secret/01.in', answerPath: 'data/secret/01.ans' },
          { name: 'secret/02_extreme_cases', inputPath: 'data/secret/02_extreme_cases.in', answerPath: 'data/secret/02_extreme_cases.ans' },
        ],
      },
    ]);
    // A file in no language Verdict offers (Scala, Python 2 by its #! line as problemtools reads it) and a
    // directory (a multi-file submission, kept once) are kept with language null, for the report to say not judged.
    expect(p.packageSubmissions.map((s) => [s.path, s.expected, s.language])).toEqual([
      ['submissions/accepted/Sol.java', 'accepted', 'java17'],
      ['submissions/accepted/multi/', 'accepted', null],
      ['submissions/accepted/old.py', 'accepted', null],
      ['submissions/accepted/sol.c', 'accepted', 'c'],
      ['submissions/accepted/sol.scala', 'accepted', null],
      ['submissions/time_limit_exceeded/linear.py', 'time_limit_exceeded', 'python3'],
      ['submissions/wrong_answer/int.cc', 'wrong_answer', 'cpp20'],
    ]);
  });

  it("scoring with testdata.yaml as in problemtools' examples/echo: grader_flags min scores accept_score once", async () => {
    const p = await parse([
      yaml('source: Somewhere\nlicense: public domain\ntype: scoring\nname: Echoes\ngrading:\n    show_test_data_groups: true\n'),
      { name: 'data/secret/testdata.yaml', data: 'on_reject: continue\nrange: 0 2\ngrader_flags: first_error accept_if_any_accepted\n' },
      {
        name: 'data/secret/subtask2/testdata.yaml',
        data: 'on_reject: break\naccept_score: 1\nrange: 0 1\ngrader_flags: min\ninput_validator_flags: nFive=0\n',
      },
      ...data(
        'data/sample/1',
        'data/secret/subtask1/1',
        'data/secret/subtask1/3',
        'data/secret/subtask2/01',
        'data/secret/subtask2/02',
        'data/secret/subtask2/03',
      ),
    ]);
    expect(p.type).toBe('scoring');
    // A group without its own testdata.yaml scores the default accept_score (1) per case.
    expect(p.groups.map((g) => [g.name, g.points, g.testCases.length])).toEqual([
      ['sample', 0, 1],
      ['secret/subtask1', 2, 2],
      ['secret/subtask2', 1, 3],
    ]);
    // secret's grader_flags accept_if_any_accepted: every part of secret carries it, the samples do not; no
    // data/testdata.yaml, so no ignore_sample.
    expect(p.groups.map((g) => [g.name, g.acceptIfAnyAccepted ?? false, g.ignoreInVerdict ?? false])).toEqual([
      ['sample', false, false],
      ['secret/subtask1', true, false],
      ['secret/subtask2', true, false],
    ]);
    const ignoring = await parse([
      yaml('name: E\ntype: scoring\n'),
      { name: 'data/testdata.yaml', data: 'on_reject: continue\ngrader_flags: ignore_sample\n' },
      ...data('data/sample/1', 'data/secret/a/1'),
    ]);
    expect(ignoring.groups.map((g) => [g.name, g.ignoreInVerdict ?? false])).toEqual([
      ['sample', true],
      ['secret/a', false],
    ]);
  });

  it('validator_flags of problem.yaml configure the default output validator', async () => {
    const p = await parse([yaml('name: Pi\nvalidator_flags: float_tolerance 1e-6 case_sensitive\n'), ...secret]);
    expect(p.checker).toEqual({
      kind: 'default',
      caseSensitive: true,
      spaceChangeSensitive: false,
      floatAbsoluteTolerance: 1e-6,
      floatRelativeTolerance: 1e-6,
      language: null,
      entry: null,
      files: [],
      args: [],
    });
    const relative = await parse([yaml('name: Pi\nvalidator_flags: float_relative_tolerance 0.001 space_change_sensitive\n'), ...secret]);
    expect(relative.checker).toMatchObject({ spaceChangeSensitive: true, floatAbsoluteTolerance: null, floatRelativeTolerance: 0.001 });
  });

  it('a custom validator receives validator_flags as its arguments', async () => {
    const p = await parse([
      yaml('name: X\nvalidation: custom\nvalidator_flags: strict  --eps 3\n'),
      { name: 'output_validators/check/check.py', data: 'print()' },
      ...secret,
    ]);
    expect(p.checker).toMatchObject({ kind: 'custom', language: 'python3', entry: 'check.py', args: ['strict', '--eps', '3'] });
  });

  it('validation: custom interactive makes an interactive problem; its secret cases may omit .ans', async () => {
    const p = await parse([
      yaml('name: Guess\nvalidation: custom interactive\n'),
      { name: 'output_validators/interactor/interactor.cpp', data: 'int main(){}' },
      { name: 'data/secret/1.in', data: '7\n' },
    ]);
    expect(p).toMatchObject({ interactive: true, checker: { kind: 'custom', entry: 'interactor.cpp' } });
    expect(p.groups[0]!.testCases).toEqual([{ name: 'secret/1', inputPath: 'data/secret/1.in', answerPath: null }]);
  });

  it('problem_format_version legacy-icpc reads as legacy', async () => {
    expect((await parse([yaml('problem_format_version: legacy-icpc\nname: X\n'), ...secret])).format).toBe('legacy');
  });
});

describe('2023-07-draft and 2025-09 packages', () => {
  it("type interactive as in problemtools' examples/guess (2023-07-draft): ac_to_time_limit defaults to 2", async () => {
    const p = await parse([
      yaml(
        'problem_format_version: 2023-07-draft\nsource: Somewhere\nlicense: cc by-sa\n\ntype: interactive\nname: Guess a number\n\nlimits:\n  time_multipliers:\n    time_limit_to_tle: 4\n',
      ),
      { name: 'output_validators/guess_validator/validate.cc', data: 'int main(){}' },
      { name: 'output_validators/guess_validator/validate.h', data: '#pragma once\n' },
      { name: 'data/sample/1.interaction', data: '> 500\n< lower\n' },
      ...data('data/sample/1'),
      { name: 'data/secret/01.in', data: '1\n' },
      { name: 'data/secret/02.in', data: '1000\n' },
    ]);
    expect(p).toMatchObject({
      format: '2023-07-draft',
      interactive: true,
      type: 'pass-fail',
      timeLimitGiven: false,
      timeLimitSource: 'derived',
      timeLimitRules: { legacy: false, acToTimeLimit: 2, timeLimitToTle: 4, timeResolutionMs: 1000 },
    });
    expect(p.checker).toMatchObject({ kind: 'custom', language: 'cpp20', entry: 'validate.cc' });
    expect(p.groups.map((g) => [g.name, g.testCases.map((t) => t.answerPath)])).toEqual([
      ['sample', ['data/sample/1.ans']],
      ['secret', [null, null]],
    ]);
  });

  it('a 2023-07-draft package with output_validators/ uses it even without `validation`', async () => {
    const p = await parse([
      yaml('problem_format_version: 2023-07-draft\nname: X\n'),
      { name: 'output_validators/v/v.py', data: 'import sys\n' },
      ...secret,
    ]);
    expect(p.checker).toMatchObject({ kind: 'custom', language: 'python3' });
  });

  it('2025-09: name as a map (en first), output_validator/ with one source, test_group.yaml max_score and output_validator_args', async () => {
    // Shaped like the format repository's examples/problems/maximal (name map, data/secret/test_group.yaml).
    const p = await parse([
      yaml(
        'problem_format_version: 2025-09\ntype: scoring\nname:\n  sv: Exempel\n  en: Sample problem\nuuid: 0000\ncredits:\n  authors: [A. Author]\nlimits:\n  time_limit: 10\n',
      ),
      { name: 'output_validator/validator.py', data: 'import sys' },
      { name: 'data/sample/test_group.yaml', data: 'input_visualizer_args: [sample]\n' },
      { name: 'data/secret/test_group.yaml', data: 'output_validator_args: [--strict]\n' },
      { name: 'data/secret/g1/test_group.yaml', data: 'max_score: 30\n' },
      { name: 'data/secret/g2/test_group.yaml', data: 'max_score: 70\noutput_validator_args: [--lenient, "2"]\n' },
      ...data('data/sample/1', 'data/secret/g1/a', 'data/secret/g2/a', 'data/secret/g2/b'),
    ]);
    expect(p).toMatchObject({ format: '2025-09', title: 'Sample problem', type: 'scoring', timeLimitGiven: true });
    expect(p.limits).toEqual({ cpuTimeMs: 10000, wallTimeMs: 30000, memoryKiB: 1048576, outputKiB: 8192 });
    expect(p.checker).toMatchObject({
      kind: 'custom',
      language: 'python3',
      entry: 'validator.py',
      files: [{ name: 'validator.py', content: 'import sys' }],
    });
    expect(p.groups.map((g) => [g.name, g.points, g.validatorArgs])).toEqual([
      ['sample', 0, []],
      ['secret/g1', 30, ['--strict']],
      ['secret/g2', 70, ['--lenient', '2']],
    ]);
  });

  it('2025-09 default validator: flags from test_group.yaml output_validator_args, inherited from data/ down', async () => {
    const p = await parse([
      yaml('problem_format_version: 2025-09\nname: Spaces\n'),
      { name: 'data/test_group.yaml', data: 'output_validator_args: [space_change_sensitive]\n' },
      { name: 'data/secret/b/test_group.yaml', data: 'output_validator_args: [float_tolerance, "0.5"]\n' },
      ...data('data/sample/1', 'data/secret/a/1', 'data/secret/b/1'),
    ]);
    expect(p.checker.kind).toBe('default');
    expect(p.groups.map((g) => [g.name, g.validatorArgs])).toEqual([
      ['sample', ['space_change_sensitive']],
      ['secret/a', ['space_change_sensitive']],
      ['secret/b', ['float_tolerance', '0.5']],
    ]);
  });

  it('`draft` reads as 2025-09; a time_limit in problem.yaml wins over .timelimit', async () => {
    const p = await parse([
      { name: '.timelimit', data: '9\n' },
      yaml('problem_format_version: draft\nname: X\nlimits:\n  time_limit: 0.25\n'),
      ...secret,
    ]);
    expect(p).toMatchObject({ format: '2025-09', limits: { cpuTimeMs: 250, wallTimeMs: 750 } });
  });
});

describe('DOMjudge packages', () => {
  it('domjudge-problem.ini alone: name, timelimit in seconds; comments and blank lines skipped', async () => {
    const p = await parse(
      [{ name: 'domjudge-problem.ini', data: '; exported\nprobid = A\nname = "Hello"\n\ntimelimit = 2\ncolor = #ff0000\n' }, ...secret],
      { fileName: 'hello.zip' },
    );
    expect(p).toMatchObject({
      format: 'domjudge',
      title: 'Hello',
      slug: 'hello',
      timeLimitGiven: true,
      timeLimitSource: 'package',
      timeLimitRules: LEGACY_TIME_LIMIT_RULES,
    });
    expect(p.limits).toMatchObject({ cpuTimeMs: 2000, wallTimeMs: 6000, memoryKiB: 1048576 });
  });

  it('beside a legacy problem.yaml: memory from the yaml, time from the ini; special_compare means a custom validator', async () => {
    const p = await parse([
      { name: 'domjudge-problem.ini', data: "timelimit='3'\nspecial_compare='float'\n" },
      yaml('name: Both\nlimits:\n  memory: 512\n'),
      { name: 'output_validators/float/compare.cpp', data: 'int main(){}' },
      ...secret,
    ]);
    expect(p).toMatchObject({
      format: 'legacy',
      title: 'Both',
      limits: { cpuTimeMs: 3000, memoryKiB: 524288 },
      checker: { kind: 'custom' },
    });
  });

  it('refuses a malformed ini line and a bad timelimit, naming the file (and line)', async () => {
    expect(await refusal([{ name: 'domjudge-problem.ini', data: 'name = X\nthis is not ini\n' }, ...secret])).toBe(
      'domjudge-problem.ini line 2: is not "key = value": "this is not ini"',
    );
    expect(await refusal([{ name: 'domjudge-problem.ini', data: 'timelimit = fast\n' }, ...secret])).toBe(
      'domjudge-problem.ini: timelimit must be a positive number of seconds, not "fast"',
    );
    expect(await refusal([{ name: 'domjudge-problem.ini', data: 'special_compare = x\n' }, ...secret])).toBe(
      'output_validators/: is missing, but the problem needs a custom output validator (validation: custom, or interactive)',
    );
  });
});

describe('limits', () => {
  it('.timelimit (seconds, rounded up to ms) sets the CPU time limit; the wall limit follows the default rule', async () => {
    const p = await parse([{ name: '.timelimit', data: '2.5\n' }, yaml('name: X\n'), ...secret]);
    expect(p).toMatchObject({ timeLimitGiven: true, limits: { cpuTimeMs: 2500, wallTimeMs: 7500 } });
    expect((await parse([{ name: '.timelimit', data: '0.0001' }, yaml('name: X\n'), ...secret])).limits.cpuTimeMs).toBe(1);
  });

  it('no time limit: the server default, timeLimitGiven false (verification derives one)', async () => {
    const p = await parse([yaml('name: X\n'), ...secret]);
    expect(p).toMatchObject({ timeLimitGiven: false, limits: { cpuTimeMs: 2000, wallTimeMs: 6000 } });
  });

  it("memory and output in MiB; left out, the format's defaults (2048, 8 MiB) lowered to the server maxima", async () => {
    expect((await parse([yaml('name: X\nlimits:\n  memory: 256\n  output: 1\n'), ...secret])).limits).toMatchObject({
      memoryKiB: 262144,
      outputKiB: 1024,
    });
    const small: LayoutBounds = { ...bounds, maxima: { ...bounds.maxima, memoryKiB: 65536, outputKiB: 4096 } };
    expect((await parse([yaml('name: X\n'), ...secret], {}, small)).limits).toMatchObject({ memoryKiB: 65536, outputKiB: 4096 });
    expect((await parse([yaml('name: X\n'), ...secret])).limits).toMatchObject({ memoryKiB: 1048576, outputKiB: 8192 });
  });

  it('a limit above the server maximum refuses the package, naming the file, the field and the variable to raise', async () => {
    expect(await refusal([yaml('problem_format_version: 2025-09\nname: X\nlimits:\n  time_limit: 20\n'), ...secret])).toBe(
      'problem.yaml line 4: limits.time_limit 20 s is above the server maximum of 10000 ms (MAX_CPU_TIME_MS)',
    );
    expect(await refusal([{ name: '.timelimit', data: '10.5\n' }, yaml('name: X\n'), ...secret])).toBe(
      '.timelimit line 1: time limit 10.5 s is above the server maximum of 10000 ms (MAX_CPU_TIME_MS)',
    );
    expect(await refusal([{ name: 'domjudge-problem.ini', data: 'timelimit = 11\n' }, ...secret])).toBe(
      'domjudge-problem.ini: timelimit 11 s is above the server maximum of 10000 ms (MAX_CPU_TIME_MS)',
    );
    expect(await refusal([yaml('name: X\nlimits:\n  output: 65\n'), ...secret])).toBe(
      'problem.yaml line 3: limits.output 65 MiB is above the server maximum of 65536 KiB (MAX_OUTPUT_KIB)',
    );
    // Exactly the maximum is allowed.
    expect(
      (await parse([{ name: '.timelimit', data: '10' }, yaml('name: X\nlimits:\n  memory: 1024\n  output: 64\n'), ...secret])).limits,
    ).toEqual({
      cpuTimeMs: 10000,
      wallTimeMs: 30000,
      memoryKiB: 1048576,
      outputKiB: 65536,
    });
  });

  it("a legacy package's time limit comes from .timelimit, so its refusal names .timelimit even when problem.yaml has limits.time_limit", async () => {
    expect(await refusal([{ name: '.timelimit', data: '30' }, yaml('name: X\nlimits:\n  time_limit: 1\n'), ...secret])).toMatch(
      /^\.timelimit line 1: /,
    );
  });

  it('refuses limits that are not positive numbers, on their line', async () => {
    expect(await refusal([yaml('name: X\nlimits:\n  memory: lots\n'), ...secret])).toBe(
      'problem.yaml line 3: limits.memory must be a number, not "lots"',
    );
    expect(await refusal([yaml('name: X\nlimits:\n  memory: .inf\n'), ...secret])).toBe(
      'problem.yaml line 3: limits.memory must be a number, not Infinity',
    );
    expect(await refusal([yaml('name: X\nlimits:\n  time_multiplier: 0\n'), ...secret])).toBe(
      'problem.yaml line 3: limits.time_multiplier must be greater than 0, not 0',
    );
    expect(await refusal([yaml('problem_format_version: 2023-07-draft\nname: X\nlimits:\n  time_limit: -1\n'), ...secret])).toBe(
      'problem.yaml line 4: limits.time_limit must be greater than 0, not -1',
    );
    expect(await refusal([yaml('name: X\nlimits:\n  time_safety_margin: -2\n'), ...secret])).toBe(
      'problem.yaml line 3: limits.time_safety_margin must be greater than 0, not -2',
    );
    const modern = 'problem_format_version: 2025-09\nname: X\nlimits:\n';
    expect(await refusal([yaml(`${modern}  time_resolution: 0\n`), ...secret])).toBe(
      'problem.yaml line 4: limits.time_resolution must be greater than 0, not 0',
    );
    expect(await refusal([yaml(`${modern}  time_resolution: 0.0001\n`), ...secret])).toBe(
      'problem.yaml line 4: limits.time_resolution must be at least 0.001 (1 ms, what Verdict measures), not 0.0001',
    );
    expect(await refusal([yaml(`${modern}  time_multipliers:\n    time_limit_to_tle: x\n`), ...secret])).toBe(
      'problem.yaml line 5: limits.time_multipliers.time_limit_to_tle must be a number, not "x"',
    );
  });
});

describe('time-limit rules (limits.time_multipliers, time_resolution; legacy time_multiplier, time_safety_margin)', () => {
  it('2025-09 reads all three, time_resolution in seconds stored as ms; a stated time_limit makes the source `package`', async () => {
    const p = await parse([
      yaml(
        'problem_format_version: 2025-09\nname: X\nlimits:\n  time_limit: 2.5\n  time_resolution: 0.1\n  time_multipliers:\n    ac_to_time_limit: 3\n    time_limit_to_tle: 2.5\n',
      ),
      ...secret,
    ]);
    expect(p).toMatchObject({
      timeLimitGiven: true,
      timeLimitSource: 'package',
      timeLimitRules: { legacy: false, acToTimeLimit: 3, timeLimitToTle: 2.5, timeResolutionMs: 100 },
      limits: { cpuTimeMs: 2500 },
    });
  });

  it('2023-07-draft without limits: the defaults 2 / 1.5 / 1 s, and `derived` (no time limit stated)', async () => {
    const p = await parse([yaml('problem_format_version: 2023-07-draft\nname: X\n'), ...secret]);
    expect(p).toMatchObject({
      timeLimitGiven: false,
      timeLimitSource: 'derived',
      timeLimitRules: { legacy: false, acToTimeLimit: 2, timeLimitToTle: 1.5, timeResolutionMs: 1000 },
    });
  });

  it('legacy: time_multiplier and time_safety_margin, whole seconds; time_multipliers/time_resolution are not legacy keys', async () => {
    const p = await parse([
      { name: '.timelimit', data: '3\n' },
      yaml('name: X\nlimits:\n  time_multiplier: 4\n  time_safety_margin: 3\n  time_resolution: 0.1\n'),
      ...secret,
    ]);
    expect(p).toMatchObject({
      timeLimitGiven: true,
      timeLimitSource: 'package',
      timeLimitRules: { legacy: true, acToTimeLimit: 4, timeLimitToTle: 3, timeResolutionMs: 1000 },
    });
    expect((await parse([yaml('name: X\n'), ...secret])).timeLimitRules).toEqual(LEGACY_TIME_LIMIT_RULES);
  });
});

describe('test data', () => {
  it('groups: sample first, then secret and secret/<group> in name order, cases by name; deeper directories belong to their group', async () => {
    const p = await parse([
      yaml('name: X\n'),
      ...data('data/secret/small/2', 'data/secret/big/b/1', 'data/secret/big/a', 'data/secret/0', 'data/sample/2', 'data/sample/10'),
    ]);
    expect(p.groups.map((g) => [g.name, g.sample, g.testCases.map((t) => t.name)])).toEqual([
      ['sample', true, ['sample/10', 'sample/2']],
      ['secret', false, ['secret/0']],
      ['secret/big', false, ['secret/big/a', 'secret/big/b/1']],
      ['secret/small', false, ['secret/small/2']],
    ]);
  });

  it('pass-fail groups are worth nothing, whatever their yaml says; scoring samples too', async () => {
    expect(
      (await parse([yaml('name: X\n'), { name: 'data/secret/g/testdata.yaml', data: 'accept_score: 5\n' }, ...data('data/secret/g/1')]))
        .groups[0]!.points,
    ).toBe(0);
    const scoring = await parse([
      yaml('name: X\ntype: scoring\n'),
      { name: 'data/sample/testdata.yaml', data: 'accept_score: 5\n' },
      ...data('data/sample/1', 'data/secret/1'),
    ]);
    expect(scoring.groups.map((g) => g.points)).toEqual([0, 1]);
  });

  it('points: scoring.score (2023-07-draft testdata.yaml) before score and max_score', async () => {
    const p = await parse([
      yaml('problem_format_version: 2023-07-draft\nname: X\ntype: scoring\n'),
      { name: 'data/secret/a/testdata.yaml', data: 'scoring:\n  score: 12\nscore: 99\n' },
      { name: 'data/secret/b/testdata.yaml', data: 'score: 8\n' },
      ...data('data/secret/a/1', 'data/secret/b/1'),
    ]);
    expect(p.groups.map((g) => g.points)).toEqual([12, 8]);
  });

  it('refuses a missing answer, an answer without input, no test cases, and more than MAX_PROBLEM_TEST_CASES', async () => {
    expect(await refusal([yaml('name: X\n'), { name: 'data/secret/1.in', data: '1' }])).toBe(
      'data/secret/1.in: has no answer file data/secret/1.ans',
    );
    expect(await refusal([yaml('name: X\n'), ...secret, { name: 'data/sample/3.ans', data: '1' }])).toBe(
      'data/sample/3.ans: has no input file data/sample/3.in',
    );
    expect(await refusal([yaml('name: X\n'), { name: 'data/README', data: '' }])).toBe(
      'data/: has no test cases (data/sample/*.in and data/secret/**/*.in with their .ans)',
    );
    const many = data(...Array.from({ length: 4 }, (_, i) => `data/secret/${i}`));
    expect(await refusal([yaml('name: X\n'), ...many], {}, { ...bounds, maxTestCases: 3 })).toBe(
      'data/: has 4 test cases; at most 3 are allowed (MAX_PROBLEM_TEST_CASES)',
    );
  });

  it('refuses bad default validator flags of a group, naming its directory', async () => {
    expect(
      await refusal([
        yaml('name: X\n'),
        { name: 'data/secret/g/testdata.yaml', data: 'output_validator_flags: ignore_case\n' },
        ...data('data/secret/g/1'),
      ]),
    ).toBe('data/secret/g/: output validator flags of this group: unknown default output validator flag "ignore_case"');
  });

  it('refuses points that add up to more than MAX_PROBLEM_POINTS (1e308 twice would be Infinity)', async () => {
    expect(
      await refusal([
        yaml('name: X\ntype: scoring\n'),
        { name: 'data/secret/testdata.yaml', data: 'accept_score: 1e308\n' },
        ...data('data/secret/1', 'data/secret/2'),
      ]),
    ).toBe("data/: the test groups' points add up to Infinity, more than 1000000");
  });

  it('refuses a 2025-09 max_score that is not a number (unbounded is not supported), on its line', async () => {
    expect(
      await refusal([
        yaml('problem_format_version: 2025-09\nname: X\ntype: scoring\n'),
        { name: 'data/secret/g/test_group.yaml', data: 'max_score: unbounded\n' },
        ...data('data/secret/g/1'),
      ]),
    ).toBe('data/secret/g/test_group.yaml line 1: max_score "unbounded" is not supported by Verdict');
    expect(
      await refusal([
        yaml('problem_format_version: 2025-09\nname: X\ntype: scoring\n'),
        { name: 'data/secret/g/test_group.yaml', data: 'max_score: many\n' },
        ...data('data/secret/g/1'),
      ]),
    ).toBe('data/secret/g/test_group.yaml line 1: max_score must be a number, not "many"');
  });

  it('2025-09 scoring: max_score and score_aggregation (pass-fail, sum, min) per group; refuses what Verdict does not judge', async () => {
    const head = yaml('problem_format_version: 2025-09\nname: X\ntype: scoring\n');
    const g = (text: string): ZipEntry => ({ name: 'data/secret/g/test_group.yaml', data: text });
    const h = (text: string): ZipEntry => ({ name: 'data/secret/h/test_group.yaml', data: text });
    const ok = await parse([
      head,
      g('max_score: 60\nscore_aggregation: sum\n'),
      h('max_score: 40\n'),
      ...data('data/sample/1', 'data/secret/g/1', 'data/secret/h/1'),
    ]);
    expect(ok.groups.map((x) => [x.name, x.points, x.aggregation])).toEqual([
      ['sample', 0, undefined],
      ['secret/g', 60, 'sum'],
      ['secret/h', 40, undefined],
    ]);
    // Test cases right in secret: max_score 100 and sum by default.
    const flat = await parse([head, ...data('data/secret/1', 'data/secret/2')]);
    expect(flat.groups.map((x) => [x.name, x.points, x.aggregation])).toEqual([['secret', 100, 'sum']]);
    const flatMin = await parse([
      head,
      { name: 'data/secret/test_group.yaml', data: 'score_aggregation: min\nmax_score: 30\n' },
      ...data('data/secret/1'),
    ]);
    expect(flatMin.groups.map((x) => [x.name, x.points, x.aggregation])).toEqual([['secret', 30, 'min']]);
    expect(await refusal([head, g('max_score: 50\nrequire_pass: sample\n'), ...data('data/secret/g/1')])).toBe(
      'data/secret/g/test_group.yaml line 2: require_pass is not supported by Verdict (test data group dependencies)',
    );
    expect(await refusal([head, g('max_score: 50\nscore_aggregation: avg\n'), ...data('data/secret/g/1')])).toBe(
      'data/secret/g/test_group.yaml line 2: score_aggregation must be pass-fail, sum or min, not "avg"',
    );
    expect(await refusal([head, g('output_validator_args: [x]\n'), ...data('data/secret/g/1')])).toBe(
      'data/secret/g/test_group.yaml: must give max_score: the default (unbounded) is not supported by Verdict',
    );
    expect(
      await refusal([
        head,
        { name: 'data/secret/test_group.yaml', data: 'score_aggregation: min\n' },
        g('max_score: 5\n'),
        ...data('data/secret/g/1'),
      ]),
    ).toBe(
      'data/secret/test_group.yaml line 1: score_aggregation "min" over test data groups is not supported by Verdict (groups are summed)',
    );
    expect(await refusal([head, g('max_score: 60\n'), h('max_score: 50\n'), ...data('data/secret/g/1', 'data/secret/h/1')])).toBe(
      "data/secret/: test data groups' max_score add up to 110, more than secret's max_score 100",
    );
    expect(await refusal([yaml('problem_format_version: 2025-09\nname: X\n'), g('max_score: 5\n'), ...data('data/secret/g/1')])).toBe(
      'data/secret/g/test_group.yaml line 1: max_score is for scoring problems only (problem.yaml type has no "scoring")',
    );
  });

  it('refuses input validators it cannot run, invalid/valid output test data and validator build/run scripts, naming the file and the feature', async () => {
    const head = yaml('problem_format_version: 2025-09\nname: X\n');
    expect(await refusal([head, { name: 'input_validators/ranges.viva', data: '<integer>\n' }, ...data('data/secret/1')])).toBe(
      'input_validators/ranges.viva: Viva input validators (.viva) are not supported by Verdict',
    );
    expect(
      await refusal([
        yaml('name: X\n'),
        { name: 'input_format_validators/v/build', data: '#!/bin/sh\n' },
        { name: 'input_format_validators/v/v.cpp', data: 'int main(){}' },
        ...data('data/secret/1'),
      ]),
    ).toBe('input_format_validators/v/build: input validators with build or run scripts are not supported by Verdict');
    expect(await refusal([head, { name: 'input_validators/v.py', data: '\n' }, ...data('data/secret/1')])).toBe(
      'input_validators/v.py: is empty; an input validator source must have content',
    );
    expect(await refusal([head, { name: 'data/invalid_input/neg.in', data: '-1\n' }, ...data('data/secret/1')])).toBe(
      'data/invalid_input/neg.in: is an invalid input for the input validators to reject, but the package has none (input_validators/)',
    );
    for (const dir of ['invalid_output', 'valid_output']) {
      expect(await refusal([head, { name: `data/${dir}/x.in`, data: '1\n' }, ...data('data/secret/1')])).toBe(
        `data/${dir}/x.in: data/${dir}/ test cases (checks that the output validator rejects or accepts an output) are not supported by Verdict`,
      );
    }
    expect(
      await refusal([
        head,
        { name: 'output_validator/build', data: '#!/bin/sh\n' },
        { name: 'output_validator/v.cpp', data: 'int main(){}' },
        ...data('data/secret/1'),
      ]),
    ).toBe('output_validator/build: validators with build or run scripts are not supported by Verdict');
  });

  it('reads input validators, their input_validator_args per group (inherited, per validator by name) and data/invalid_input', async () => {
    const p = await parse([
      yaml('problem_format_version: 2025-09\nname: X\n'),
      { name: 'input_validators/validate.py', data: 'import sys\nsys.exit(42)\n' },
      { name: 'input_validators/range/range.cpp', data: '#include "r.h"\nint main(){return 42;}\n' },
      { name: 'input_validators/range/r.h', data: '#pragma once\n' },
      { name: 'input_validators/range/README', data: 'notes\n' },
      { name: 'data/secret/test_group.yaml', data: 'input_validator_args:\n  range: [--max, "10"]\n  validate: --strict\n' },
      { name: 'data/secret/big/test_group.yaml', data: 'input_validator_args: --big\n' },
      { name: 'data/invalid_input/test_group.yaml', data: 'input_validator_args: [--max, "5"]\n' },
      { name: 'data/invalid_input/neg.in', data: '-1\n' },
      { name: 'data/invalid_input/deep/huge.in', data: '99\n' },
      ...data('data/sample/1', 'data/secret/1', 'data/secret/big/1'),
    ]);
    expect(p.inputValidators).toEqual([
      {
        path: 'input_validators/range/',
        language: 'cpp20',
        entry: 'range.cpp',
        files: [
          { name: 'range.cpp', content: '#include "r.h"\nint main(){return 42;}\n' },
          { name: 'r.h', content: '#pragma once\n' },
        ],
      },
      {
        path: 'input_validators/validate.py',
        language: 'python3',
        entry: 'validate.py',
        files: [{ name: 'validate.py', content: 'import sys\nsys.exit(42)\n' }],
      },
    ]);
    expect(Object.fromEntries(p.groups.map((g) => [g.name, g.inputValidatorArgs]))).toEqual({
      sample: [],
      secret: [
        { validator: 'range', args: ['--max', '10'] },
        { validator: 'validate', args: ['--strict'] },
      ],
      'secret/big': [{ validator: null, args: ['--big'] }],
    });
    expect(p.invalidInputs).toEqual([
      { name: 'invalid_input/deep/huge', inputPath: 'data/invalid_input/deep/huge.in', args: [{ validator: null, args: ['--max', '5'] }] },
      { name: 'invalid_input/neg', inputPath: 'data/invalid_input/neg.in', args: [{ validator: null, args: ['--max', '5'] }] },
    ]);
  });

  it("reads legacy testdata.yaml input_validator_flags as every validator's arguments", async () => {
    const p = await parse([
      yaml('name: X\n'),
      { name: 'input_format_validators/v.py', data: 'exit(42)\n' },
      { name: 'data/secret/testdata.yaml', data: 'input_validator_flags: nFive=0 x\n' },
      ...data('data/secret/1'),
    ]);
    expect(p.inputValidators.map((v) => v.path)).toEqual(['input_format_validators/v.py']);
    expect(p.groups[0]!.inputValidatorArgs).toEqual([{ validator: null, args: ['nFive=0', 'x'] }]);
  });
});

describe('what is refused, and how it is named', () => {
  it('not a problem package, unknown format versions, bad YAML', async () => {
    expect(await refusal([...secret, { name: 'README.md', data: '' }])).toBe(
      'problem.yaml: is missing (and there is no domjudge-problem.ini); is this a problem package?',
    );
    expect(await refusal([yaml('problem_format_version: 2023-07\nname: X\n'), ...secret])).toBe(
      'problem.yaml line 1: problem_format_version "2023-07" is not a version Verdict reads (legacy, 2023-07-draft, 2025-09)',
    );
    expect(await refusal([yaml('name: X\nname: Y\n'), ...secret])).toMatch(/^problem\.yaml line 2: invalid YAML: /);
    expect(await refusal([yaml('name: [unclosed\n'), ...secret])).toMatch(/^problem\.yaml line \d: invalid YAML: /);
    expect(await refusal([yaml('- just\n- a list\n'), ...secret])).toBe(
      'problem.yaml line 1: must be a YAML mapping (key: value lines) at the top level',
    );
  });

  it("problem types Verdict cannot judge (multi-pass, submit-answer) and unknown ones, as in problemtools' examples/checkers (pvp)", async () => {
    expect(await refusal([yaml('source: Somewhere\nlicense: cc by-sa\n\ntype: pvp\nvalidation: custom\n'), ...secret])).toBe(
      'problem.yaml line 4: type has an unknown value "pvp"',
    );
    expect(await refusal([yaml('problem_format_version: 2025-09\nname: X\ntype: [pass-fail, multi-pass]\n'), ...secret])).toBe(
      'problem.yaml line 3: type "multi-pass" problems are not supported by Verdict',
    );
    // The legacy spelling (`validation: custom multi-pass`), which was imported single-pass before.
    expect(await refusal([yaml('name: X\nvalidation: custom multi-pass\n'), ...secret])).toBe(
      'problem.yaml line 2: validation "multi-pass" problems are not supported by Verdict',
    );
    expect(await refusal([yaml('problem_format_version: 2025-09\nname: X\ntype: submit-answer\n'), ...secret])).toBe(
      'problem.yaml line 3: type "submit-answer" problems are not supported by Verdict',
    );
    expect(await refusal([yaml('name: X\nvalidation: interactive\n'), ...secret])).toBe(
      'problem.yaml line 2: validation must start with "default" or "custom", not "interactive"',
    );
    expect(await refusal([yaml('name: X\nvalidation: ""\n'), ...secret])).toBe(
      'problem.yaml line 2: validation must start with "default" or "custom", not ""',
    );
    // Legacy `custom score` (score.txt scores the groups) is refused, not judged with score.txt ignored; words
    // the format does not have are refused too.
    expect(await refusal([yaml('name: X\ntype: scoring\nvalidation: custom score\n'), ...secret])).toBe(
      'problem.yaml line 3: validation "custom score" (test case scores from the validator\'s score.txt) is not supported by Verdict for legacy packages',
    );
    expect(await refusal([yaml('name: X\nvalidation: custom scoring\n'), ...secret])).toBe(
      'problem.yaml line 2: validation "scoring" is not a validation option of the format (custom, interactive, score, multi-pass)',
    );
  });

  it('validators it cannot build', async () => {
    const custom = yaml('name: X\nvalidation: custom\n');
    expect(await refusal([custom, ...secret])).toBe(
      'output_validators/: is missing, but the problem needs a custom output validator (validation: custom, or interactive)',
    );
    expect(
      await refusal([custom, ...secret, { name: 'output_validators/a/a.cpp', data: '' }, { name: 'output_validators/b/b.cpp', data: '' }]),
    ).toBe('output_validators/: holds 2 validators (a, b); Verdict takes exactly one');
    expect(
      await refusal([
        custom,
        ...secret,
        { name: 'output_validators/v/v.cpp', data: '' },
        { name: 'output_validators/v/lib/x.h', data: '' },
      ]),
    ).toBe('output_validators/v/lib/x.h: is in a subdirectory of the output validator; Verdict builds validators from one directory');
    expect(
      await refusal([
        custom,
        ...secret,
        { name: 'output_validators/v/build', data: '#!/bin/sh' },
        { name: 'output_validators/v/v.scala', data: '' },
      ]),
    ).toMatch(
      /^output_validators\/v\/build: is not a source file Verdict can build \(\.c \.cpp .*\), and the output validator has no other$/,
    );
  });

  it('refuses an empty validator source or header, a validator of only non-source files or of an unknown language, naming the file', async () => {
    const custom = yaml('name: X\nvalidation: custom\n');
    expect(await refusal([custom, ...secret, { name: 'output_validators/v/validate.py', data: '' }])).toBe(
      'output_validators/v/validate.py: is empty; the output validator source must have content',
    );
    expect(await refusal([custom, ...secret, { name: 'output_validators/v/validate.c', data: ' \n\t\n' }])).toBe(
      'output_validators/v/validate.c: is empty; the output validator source must have content',
    );
    expect(await refusal([custom, ...secret, { name: 'output_validator/validate.cpp', data: '' }])).toBe(
      'output_validator/validate.cpp: is empty; the output validator source must have content',
    );
    expect(
      await refusal([
        custom,
        ...secret,
        { name: 'output_validators/v/validate.cpp', data: '#include "v.h"\nint main() {}\n' },
        { name: 'output_validators/v/v.h', data: '' },
      ]),
    ).toBe('output_validators/v/v.h: is empty; the output validator header must have content');
    expect(await refusal([custom, ...secret, { name: 'output_validators/v/validate.scala', data: 'fun main() {}\n' }])).toMatch(
      /^output_validators\/v\/validate\.scala: is not a source file Verdict can build \(\.c \.cpp /,
    );
    expect(
      await refusal([
        custom,
        ...secret,
        { name: 'output_validators/v/README.txt', data: 'x' },
        { name: 'output_validators/v/run', data: '#!/bin/sh\n' },
      ]),
    ).toMatch(/^output_validators\/v\/(README\.txt|run): is not a source file Verdict can build/);
    expect(await refusal([custom, ...secret, { name: 'output_validators/v/v.h', data: 'int x;\n' }])).toMatch(
      /^output_validators\/v\/: has no source file Verdict can build \(\.c /,
    );
  });

  it('a slug it cannot make; otherwise the slug comes from the slug field, the top directory, the file name, the title', async () => {
    expect(await refusal([yaml('name: "!!!"\n'), ...secret])).toBe(
      'slug cannot be made from the package; pass a slug field with the upload',
    );
    expect((await parse([yaml('name: My Title\n'), ...secret], { slug: 'given' })).slug).toBe('given');
    expect((await parse([yaml('name: My Title\n'), ...secret], { fileName: 'Week 3 (final).ZIP' })).slug).toBe('week-3-final-');
    expect((await parse([yaml('name: My Title\n'), ...secret])).slug).toBe('my-title');
    const top = await parse([{ name: 'sumtwo/problem.yaml', data: 'name: S\n' }, ...data('sumtwo/data/secret/1')], { fileName: 'x.zip' });
    expect(top).toMatchObject({ slug: 'sumtwo', title: 'S' });
  });

  it('the statement: the first of statement/ or problem_statement/ files, Markdown before HTML and LaTeX', async () => {
    const p = await parse([
      yaml('name: X\n'),
      ...secret,
      { name: 'problem_statement/problem.en.tex', data: '\\problemname{X}' },
      { name: 'problem_statement/problem.en.md', data: '# X' },
    ]);
    expect(p.statement).toBe('# X');
    expect((await parse([yaml('name: X\n'), ...secret])).statement).toBe('');
  });
});

describe('odd values are read or refused with a PackageError (a 400), never a crash (a 500)', () => {
  const problemYamls = [
    'limits: 5\n',
    'name: [a]\n',
    'type: {a: 1}\n',
    'validation: [custom]\n',
    'validator_flags: [a, b]\n',
    'problem_format_version: [x]\n',
    'limits:\n  memory: 1e400\n',
    '~\n',
    'a: 1\n---\nb: 2\n',
  ];
  const groupYamls = [
    'scoring: 5\n',
    'score: x\n',
    'grader_flags: {a: 1}\n',
    'output_validator_flags: {name: x, flags: y}\n',
    '- a\n',
    'max_score: -5\n',
  ];

  it.each([
    ...problemYamls.map((text) => [`problem.yaml ${JSON.stringify(text)}`, [yaml(text), ...data('data/secret/g/1')]] as const),
    ...groupYamls.map(
      (text) =>
        [
          `testdata.yaml ${JSON.stringify(text)}`,
          [yaml('name: X\ntype: scoring\n'), { name: 'data/secret/g/testdata.yaml', data: text }, ...data('data/secret/g/1')],
        ] as const,
    ),
    ['a problem.yaml that is not UTF-8', [{ name: 'problem.yaml', data: Buffer.from([0xff, 0xfe, 0x00]) }, ...secret]] as const,
  ])('%s', async (_what, entries) => {
    await parse([...entries], { slug: 's' }).catch((error: unknown) => expect(error).toBeInstanceOf(PackageError));
  });
});
