import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeZip, type ZipEntry } from '../../../test/support/zip.js';
import { PackageError } from './package.error.js';
import { parsePackage, type LayoutBounds } from './package-layout.js';
import { ZipPackage } from './zip-package.js';

const bounds: LayoutBounds = {
  defaults: { cpuTimeMs: 2000, wallTimeMs: 0, memoryKiB: 262144, outputKiB: 16384 },
  maxima: { cpuTimeMs: 10000, wallTimeMs: 30000, memoryKiB: 1048576, outputKiB: 65536 },
  maxTestCases: 100,
};
const dir = mkdtempSync(join(tmpdir(), 'layout-spec-'));
let n = 0;

async function parse(entries: ZipEntry[], opts: { slug?: string; fileName?: string } = {}) {
  const path = join(dir, `p${n++}.zip`);
  writeFileSync(path, makeZip(entries));
  const pkg = await ZipPackage.open(path, { maxEntries: 100, maxUncompressedBytes: 1 << 24, maxRatio: 1000 });
  try {
    return await parsePackage(pkg, opts, bounds);
  } finally {
    await pkg.close();
  }
}

const data = (...names: string[]): ZipEntry[] => names.flatMap((name) => [{ name: `${name}.in`, data: '1\n' }, { name: `${name}.ans`, data: '1\n' }]);

describe('parsePackage', () => {
  it('legacy scoring: groups under secret, points from accept_score (min) or accept_score × cases', async () => {
    const p = await parse([
      { name: 'problem.yaml', data: 'name: S\ntype: scoring\nlimits:\n  time_multiplier: 3\n' },
      { name: 'data/secret/a/testdata.yaml', data: 'grader_flags: min\naccept_score: 25\n' },
      { name: 'data/secret/b/testdata.yaml', data: 'accept_score: 5\n' },
      ...data('data/sample/1', 'data/secret/a/1', 'data/secret/a/deeper/2', 'data/secret/b/1', 'data/secret/b/2', 'data/secret/c/1'),
    ], { fileName: 'My Problem.zip' });
    expect(p.slug).toBe('my-problem');
    expect(p.groups.map((g) => [g.name, g.points, g.testCases.map((t) => t.name)])).toEqual([
      ['sample', 0, ['sample/1']],
      ['secret/a', 25, ['secret/a/1', 'secret/a/deeper/2']],
      ['secret/b', 10, ['secret/b/1', 'secret/b/2']],
      ['secret/c', 1, ['secret/c/1']],
    ]);
    expect(p).toMatchObject({ type: 'scoring', timeLimitGiven: false, timeMultiplier: 3, format: 'legacy' });
    expect(p.limits).toEqual({ cpuTimeMs: 2000, wallTimeMs: 6000, memoryKiB: 1048576, outputKiB: 8192 });
  });

  it('2023-07-draft and 2025-09: time_limit, multipliers, type lists, inherited validator args', async () => {
    const p = await parse([
      { name: 'problem.yaml', data: 'problem_format_version: 2025-09\nname: {en: Hello, de: Hallo}\ntype: [scoring, interactive]\nlimits:\n  time_limit: 0.5\n  time_multipliers:\n    ac_to_time_limit: 3\n  memory: 64\n' },
      { name: 'output_validator/interactor.cpp', data: 'int main(){}' },
      { name: 'output_validator/testlib.h', data: '' },
      { name: 'data/test_group.yaml', data: 'output_validator_args: [--mode, strict]\n' },
      { name: 'data/secret/g1/test_group.yaml', data: 'score: 40\n' },
      ...data('data/secret/g1/1'),
    ]);
    expect(p).toMatchObject({ title: 'Hello', interactive: true, type: 'scoring', timeLimitGiven: true, timeMultiplier: 3, format: '2025-09' });
    expect(p.limits).toMatchObject({ cpuTimeMs: 500, memoryKiB: 65536 });
    expect(p.checker).toMatchObject({ kind: 'custom', language: 'cpp17', entry: 'interactor.cpp' });
    expect(p.checker.files.map((f) => f.name)).toEqual(['interactor.cpp', 'testlib.h']);
    expect(p.groups).toEqual([expect.objectContaining({ name: 'secret/g1', points: 40, validatorArgs: ['--mode', 'strict'] })]);
  });

  it('DOMjudge: domjudge-problem.ini with quoted values', async () => {
    const p = await parse([{ name: 'domjudge-problem.ini', data: "name = 'Quoted'\ntimelimit='1.5'\n" }, ...data('data/secret/1')], { slug: 'dj' });
    expect(p).toMatchObject({ slug: 'dj', title: 'Quoted', format: 'domjudge', timeLimitGiven: true });
    expect(p.limits.cpuTimeMs).toBe(1500);
  });

  it('refuses, naming the file and line', async () => {
    const refusal = (entries: ZipEntry[]) => parse(entries).then(() => null, (e: unknown) => (e instanceof PackageError ? e.message : String(e)));
    expect(await refusal([{ name: 'problem.yaml', data: 'name: X\ntype: multi-pass\n' }, ...data('data/secret/1')])).toBe(
      'problem.yaml line 2: type "multi-pass" problems are not supported by Verdict',
    );
    expect(await refusal([{ name: 'problem.yaml', data: 'name: X\nlimits:\n  memory: 4096\n' }, ...data('data/secret/1')])).toBe(
      'problem.yaml line 3: limits.memory 4096 MiB is above the server maximum of 1048576 KiB (MAX_MEMORY_KIB)',
    );
    expect(await refusal([{ name: 'problem.yaml', data: 'name: X\nvalidator_flags: float_tolerance\n' }, ...data('data/secret/1')])).toBe(
      'problem.yaml line 2: validator_flags float_tolerance needs a non-negative number after it',
    );
    expect(await refusal([{ name: 'problem.yaml', data: 'name: X\nvalidation: custom\n' }, ...data('data/secret/1'), { name: 'output_validators/v/a.cpp', data: '' }, { name: 'output_validators/v/b.cpp', data: '' }])).toBe(
      'output_validators/v/: has several source files (a.cpp, b.cpp); Verdict builds one (headers may go beside it)',
    );
    expect(await refusal([{ name: 'problem.yaml', data: 'name: X\n' }, { name: 'data/secret/1.ans', data: '1' }])).toBe('data/secret/1.ans: has no input file data/secret/1.in');
    expect(await refusal([{ name: '.timelimit', data: 'fast' }, { name: 'problem.yaml', data: 'name: X\n' }, ...data('data/secret/1')])).toBe(
      '.timelimit line 1: must hold a positive number of seconds, not "fast"',
    );
  });
});
