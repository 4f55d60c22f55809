import { posix } from 'node:path';
import type { InputValidatorArgsData } from './problem-records.js';

/**
 * The names a package refers to an input validator by (problem package format, "Programs": a
 * program's name is the base name of its file or the name of its directory): for
 * `input_validators/validate.py` both `validate.py` and `validate`, for `input_validators/checker/`
 * `checker`.
 */
export function inputValidatorNames(path: string): string[] {
  if (path.endsWith('/')) return [posix.basename(path.slice(0, -1))];
  const base = posix.basename(path);
  const stem = base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base;
  return stem && stem !== base ? [base, stem] : [base];
}

/**
 * The arguments the input validator at `path` gets from `args` (a group's `input_validator_args`):
 * those for every validator, then those given for it by name, in the order given.
 */
export function inputValidatorArgsFor(path: string, args: readonly InputValidatorArgsData[]): string[] {
  const names = new Set(inputValidatorNames(path));
  return args.filter((a) => a.validator === null || names.has(a.validator)).flatMap((a) => a.args);
}
