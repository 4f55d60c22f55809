import { describe, expect, it } from 'vitest';
import { PackageError } from './package.error.js';
import { listInputValidators, refuseInputValidators } from './input-validators.js';

/** The message `refuseInputValidators` refuses `paths` with, or null when it lets them through. */
function refusal(paths: string[]): string | null {
  try {
    refuseInputValidators(paths);
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(PackageError);
    return (err as PackageError).message;
  }
}

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

describe('refuseInputValidators', () => {
  it('names the file and the exact feature that is not supported', () => {
    expect(refusal(['input_validators/ranges.ctd'])).toBe(
      'input_validators/ranges.ctd: Checktestdata input validators (.ctd) are not supported by Verdict',
    );
    expect(refusal(['input_validators/p.viva'])).toBe(
      'input_validators/p.viva: Viva input validators (.viva) are not supported by Verdict',
    );
    expect(refusal(['input_validators/a/v.cpp', 'input_validators/a/run'])).toBe(
      'input_validators/a/run: input validators with build or run scripts are not supported by Verdict',
    );
    expect(refusal(['input_validators/validate.scala'])).toMatch(
      /^input_validators\/validate\.scala: is not an input validator Verdict could build: it needs exactly one source file \(\.c \.cpp .*\)$/,
    );
    expect(refusal(['input_format_validators/v.py'])).toBe(
      'input_format_validators/v.py: input validators (input_format_validators/) are not supported by Verdict: it does not run them on the test data',
    );
  });

  it('lets a package without input validators through', () => {
    expect(refusal(['problem.yaml', 'data/secret/1.in', 'data/secret/1.ans'])).toBeNull();
  });
});
