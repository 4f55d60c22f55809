import { describe, expect, it } from 'vitest';
import { PackageError } from './package.error.js';
import { inputValidatorArgsOf, listInputValidators, readInputValidators } from './input-validators.js';
import { YamlFile } from './yaml-file.js';

describe('listInputValidators', () => {
  it('takes each file right in the directory as one validator and each subdirectory as one, in every spelling', () => {
    const found = listInputValidators([
      'problem.yaml',
      'input_validators/validate.py',
      'input_validators/ranges.ctd',
      'input_validators/pattern.viva',
      'input_validators/checker/main.cpp',
      'input_validators/checker/testlib.h',
      'input_format_validators/old.cc',
      'data/secret/1.in',
    ]);
    expect(found).toEqual([
      {
        path: 'input_format_validators/old.cc',
        kind: 'program',
        language: 'cpp20',
        script: null,
        files: ['input_format_validators/old.cc'],
      },
      {
        path: 'input_validators/checker/',
        kind: 'program',
        language: 'cpp20',
        script: null,
        files: ['input_validators/checker/main.cpp', 'input_validators/checker/testlib.h'],
      },
      { path: 'input_validators/pattern.viva', kind: 'viva', language: null, script: null, files: ['input_validators/pattern.viva'] },
      { path: 'input_validators/ranges.ctd', kind: 'checktestdata', language: null, script: null, files: ['input_validators/ranges.ctd'] },
      { path: 'input_validators/validate.py', kind: 'program', language: 'python3', script: null, files: ['input_validators/validate.py'] },
    ]);
  });

  it('finds the build or run script of a directory validator, and no language for a directory of two sources', () => {
    const [scripted, two] = listInputValidators([
      'input_validators/a/build',
      'input_validators/a/run',
      'input_validators/a/v.cpp',
      'input_validators/b/x.py',
      'input_validators/b/y.py',
    ]);
    expect(scripted).toMatchObject({ path: 'input_validators/a/', script: 'input_validators/a/build', language: 'cpp20' });
    expect(two).toMatchObject({ path: 'input_validators/b/', kind: 'program', language: null, script: null });
  });

  it('has nothing for a package without input validators (output validators are not input validators)', () => {
    expect(listInputValidators(['output_validator/v.cpp', 'data/secret/1.in', 'input_validatorsX/v.py'])).toEqual([]);
  });
});

describe('readInputValidators', () => {
  /** The message `readInputValidators` refuses a package of `files` (path → content) with, or null when it reads them. */
  async function refusal(files: Record<string, string>): Promise<string | null> {
    const pkg = { paths: () => Object.keys(files), readText: async (path: string) => files[path]! };
    try {
      await readInputValidators(pkg);
      return null;
    } catch (err) {
      expect(err).toBeInstanceOf(PackageError);
      return (err as PackageError).message;
    }
  }

  it('reads a Checktestdata script as the Python program that runs it, the script beside it', async () => {
    const pkg = {
      paths: () => ['input_validators/ranges.ctd'],
      readText: async () => 'INT(1,10) NEWLINE\n',
    };
    const [v] = await readInputValidators(pkg);
    expect(v).toMatchObject({ path: 'input_validators/ranges.ctd', language: 'python3', entry: 'verdict_checktestdata.py' });
    expect(v!.files.map((f) => f.name)).toEqual(['verdict_checktestdata.py', 'ranges.ctd']);
    expect(v!.files[0]!.content).toContain('"ranges.ctd"');
    expect(v!.files[0]!.content).toContain('/usr/local/lib/verdict-checktestdata');
    expect(v!.files[1]!.content).toBe('INT(1,10) NEWLINE\n');
  });

  it('names the file and the exact feature that is not supported', async () => {
    expect(await refusal({ 'input_validators/ranges.ctd': '  \n' })).toBe(
      'input_validators/ranges.ctd: is empty; a Checktestdata script must have content',
    );
    expect(await refusal({ 'input_validators/c/a.ctd': 'EOF', 'input_validators/c/b.ctd': 'EOF' })).toBe(
      'input_validators/c/: holds 2 Checktestdata scripts (.ctd); a Checktestdata validator is exactly one',
    );
    expect(await refusal({ 'input_validators/p.viva': 'x' })).toBe(
      'input_validators/p.viva: Viva input validators (.viva) are not supported by Verdict',
    );
    expect(await refusal({ 'input_validators/a/v.cpp': 'int main(){}', 'input_validators/a/run': '#!/bin/sh' })).toBe(
      'input_validators/a/run: input validators with build or run scripts are not supported by Verdict',
    );
    expect(await refusal({ 'input_validators/validate.scala': 'object V' })).toMatch(
      /^input_validators\/validate\.scala: is not an input validator Verdict could build: it needs exactly one source file \(\.c \.cpp .*\)$/,
    );
    expect(await refusal({ 'input_validators/a/v.cpp': 'int main(){}', 'input_validators/a/sub/x.h': '' })).toBe(
      'input_validators/a/sub/x.h: is in a subdirectory of the input validator; Verdict builds validators from one directory',
    );
  });

  it('reads every validator of every directory, in path order', async () => {
    expect(await refusal({ 'problem.yaml': '', 'data/secret/1.in': '1' })).toBeNull();
    const pkg = {
      paths: () => ['input_validators/b.py', 'input_format_validators/a.c', 'input_validator/v.cpp'],
      readText: async (path: string) => `source of ${path}`,
    };
    expect((await readInputValidators(pkg)).map((v) => [v.path, v.language, v.entry])).toEqual([
      ['input_format_validators/a.c', 'c', 'a.c'],
      ['input_validator/v.cpp', 'cpp20', 'v.cpp'],
      ['input_validators/b.py', 'python3', 'b.py'],
    ]);
  });
});

describe('inputValidatorArgsOf', () => {
  const args = (text: string) => inputValidatorArgsOf(YamlFile.parse('data/secret/test_group.yaml', text));

  it("reads a string or a list as every validator's arguments, a map as each named validator's", () => {
    expect(args('input_validator_args: --n 5\n')).toEqual([{ validator: null, args: ['--n', '5'] }]);
    expect(args('input_validator_args: [--n, 5]\n')).toEqual([{ validator: null, args: ['--n', '5'] }]);
    expect(args('input_validator_args:\n  a: [x]\n  b.py: y z\n')).toEqual([
      { validator: 'a', args: ['x'] },
      { validator: 'b.py', args: ['y', 'z'] },
    ]);
    expect(args('input_validator_flags: nFive=0\n')).toEqual([{ validator: null, args: ['nFive=0'] }]);
    expect(args('output_validator_args: x\n')).toBeUndefined();
    expect(args('input_validator_args:\n')).toBeUndefined();
  });

  it('refuses another shape naming the file, key and line', () => {
    expect(() => args('input_validator_args:\n  a: {b: 1}\n')).toThrow(
      'data/secret/test_group.yaml line 2: input_validator_args.a must be a string or a list of strings',
    );
  });
});
