import { posix } from 'node:path';
import type { InputValidatorArgsData, InputValidatorData } from '../../persistence/problems/problem-records.js';
import { checktestdataValidator } from './checktestdata-validator.js';
import { PackageError } from './package.error.js';
import { LANGUAGE_BY_EXTENSION } from '../../../libs/judging/index.js';
import type { YamlFile } from './yaml-file.js';
import type { ZipPackage } from './zip-package.js';

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

/** Headers that may go beside a validator's one source file. */
const HEADER_EXTENSIONS = new Set(['.h', '.hpp', '.hh', '.hxx']);
/** Most bytes of one validator source file read. */
const MAX_SOURCE_BYTES = 1024 * 1024;

/**
 * The input validators of a package, read to be built and run by verification like custom output
 * validators (problem package format, "Input Validators": each is a program given the test input
 * on stdin). Each must be a program of one source file in a language Verdict has (headers may go
 * beside it in a directory validator), or a Checktestdata script (`.ctd`, run by checktestdata:
 * `checktestdataValidator`); anything else is refused naming the file and the reason: a Viva
 * validator, a validator with a build or run script, a source Verdict has no language for, an
 * empty source.
 * @throws PackageError naming the validator's file.
 */
export async function readInputValidators(pkg: Pick<ZipPackage, 'paths' | 'readText'>): Promise<InputValidatorData[]> {
  const out: InputValidatorData[] = [];
  for (const validator of listInputValidators(pkg.paths())) {
    const first = validator.files[0]!;
    if (validator.kind === 'checktestdata') {
      const scripts = validator.files.filter((f) => f.toLowerCase().endsWith('.ctd'));
      const read = await Promise.all(scripts.map(async (f) => ({ path: f, content: await pkg.readText(f, MAX_SOURCE_BYTES) })));
      out.push(checktestdataValidator(validator.path, read));
      continue;
    }
    if (validator.kind === 'viva') throw new PackageError(first, 'Viva input validators (.viva) are not supported by Verdict');
    if (validator.script)
      throw new PackageError(validator.script, 'input validators with build or run scripts are not supported by Verdict');
    if (!validator.language) {
      const known = Object.keys(LANGUAGE_BY_EXTENSION).join(' ');
      throw new PackageError(first, `is not an input validator Verdict could build: it needs exactly one source file (${known})`);
    }
    const nested = validator.files.find((f) => f.slice(validator.path.length).includes('/'));
    if (validator.path.endsWith('/') && nested) {
      throw new PackageError(nested, 'is in a subdirectory of the input validator; Verdict builds validators from one directory');
    }
    const entryPath = validator.files.find((f) => LANGUAGE_BY_EXTENSION[posix.extname(f).toLowerCase()])!;
    const kept = validator.files.filter((f) => f === entryPath || HEADER_EXTENSIONS.has(posix.extname(f).toLowerCase()));
    const files = [];
    for (const path of kept) {
      const content = await pkg.readText(path, MAX_SOURCE_BYTES);
      if (content.trim() === '') throw new PackageError(path, 'is empty; an input validator source must have content');
      files.push({ name: posix.basename(path), content });
    }
    out.push({ path: validator.path, language: validator.language, entry: posix.basename(entryPath), files });
  }
  return out;
}

/**
 * A testdata.yaml / test_group.yaml's input validator arguments, or undefined when it sets none:
 * `input_validator_args` (2023-07-draft, 2025-09) or legacy `input_validator_flags`. A string
 * (split on whitespace) or a list of strings is for every validator; a map gives each validator,
 * by name, its own (a string or a list of strings).
 * @throws PackageError naming the file, key and line of a value of another shape.
 */
export function inputValidatorArgsOf(file: YamlFile): InputValidatorArgsData[] | undefined {
  const key = file.has('input_validator_args')
    ? 'input_validator_args'
    : file.has('input_validator_flags')
      ? 'input_validator_flags'
      : null;
  if (!key) return undefined;
  const value = file.get(key);
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) return [{ validator: null, args: file.words([key]) ?? [] }];
  return Object.keys(value as Record<string, unknown>).map((name) => ({ validator: name, args: file.words([key, name]) ?? [] }));
}
