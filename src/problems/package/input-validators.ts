import { posix } from 'node:path';
import { PackageError } from './package.error.js';
import { LANGUAGE_BY_EXTENSION } from '../../../libs/judging/index.js';

/**
 * Where packages keep input validators: `input_validators/` (2023-07-draft, 2025-09; legacy accepts
 * it too), legacy's older `input_format_validators/`, and the singular spelling some tools write.
 */
export const INPUT_VALIDATOR_DIRS = ['input_validators/', 'input_format_validators/', 'input_validator/'] as const;

/** How an input validator is run, as the problem package format defines its kinds. */
export type InputValidatorKind = 'program' | 'checktestdata' | 'viva';

/** One input validator of a package: a file right in the directory, or a subdirectory (one program). */
export interface PackageInputValidator {
  /** Its path in the package: `input_validators/validate.py`, or `input_validators/checker/` for a directory. */
  path: string;
  kind: InputValidatorKind;
  /** The languages table's id of its source (a program of one source file), else null. */
  language: string | null;
  /** Its `build` or `run` script, when it has one (a directory validator), else null. */
  script: string | null;
  /** Every file of it, by path in the package. */
  files: string[];
}

/**
 * The input validators of a package, sorted by path: every file right in an input validator
 * directory is one validator, every subdirectory is one (its files together). A `.ctd` file is a
 * Checktestdata script, a `.viva` file a Viva pattern (problem package format, "Input
 * Validators"); anything else is a program.
 */
export function listInputValidators(paths: readonly string[]): PackageInputValidator[] {
  const byPath = new Map<string, string[]>();
  for (const dir of INPUT_VALIDATOR_DIRS) {
    for (const file of paths.filter((p) => p.startsWith(dir) && !p.endsWith('/'))) {
      const rest = file.slice(dir.length);
      const key = rest.includes('/') ? `${dir}${rest.slice(0, rest.indexOf('/'))}/` : file;
      byPath.set(key, [...(byPath.get(key) ?? []), file]);
    }
  }
  return [...byPath.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, files]) => {
      const directory = path.endsWith('/');
      const kindOf = (p: string): InputValidatorKind =>
        p.toLowerCase().endsWith('.ctd') ? 'checktestdata' : p.toLowerCase().endsWith('.viva') ? 'viva' : 'program';
      const kind = directory ? (files.map(kindOf).find((k) => k !== 'program') ?? 'program') : kindOf(path);
      const script = directory ? (files.find((f) => ['build', 'run'].includes(f.slice(path.length))) ?? null) : null;
      const sources = files.filter((f) => LANGUAGE_BY_EXTENSION[posix.extname(f).toLowerCase()]);
      const language = kind === 'program' && sources.length === 1 ? LANGUAGE_BY_EXTENSION[posix.extname(sources[0]!).toLowerCase()]! : null;
      return { path, kind, language, script, files };
    });
}

/**
 * Refuses a package that has input validators, naming the first one and the exact reason: a
 * Checktestdata or Viva validator, a validator with a build or run script, a source Verdict has no
 * language for, or (any other) because Verdict does not run input validators on the test data yet.
 * @throws PackageError naming the validator's file.
 */
export function refuseInputValidators(paths: readonly string[]): void {
  const validator = listInputValidators(paths)[0];
  if (!validator) return;
  const first = validator.files[0]!;
  const dir = INPUT_VALIDATOR_DIRS.find((d) => validator.path.startsWith(d))!;
  if (validator.kind === 'checktestdata')
    throw new PackageError(first, 'Checktestdata input validators (.ctd) are not supported by Verdict');
  if (validator.kind === 'viva') throw new PackageError(first, 'Viva input validators (.viva) are not supported by Verdict');
  if (validator.script) throw new PackageError(validator.script, 'input validators with build or run scripts are not supported by Verdict');
  if (!validator.language) {
    const known = Object.keys(LANGUAGE_BY_EXTENSION).join(' ');
    throw new PackageError(first, `is not an input validator Verdict could build: it needs exactly one source file (${known})`);
  }
  throw new PackageError(first, `input validators (${dir}) are not supported by Verdict: it does not run them on the test data`);
}
