import { CliError } from './cli-error.js';

/**
 * Checks that `value` (found at `path`, e.g. `state.tests[2].verdict`) has the shape the CLI relies
 * on and returns it typed. @throws ShapeMismatch naming the path otherwise.
 */
export type Check<T> = (value: unknown, path: string) => T;

/** A value of the server's that is not of the documented shape (caught by serverSent). */
class ShapeMismatch extends Error {}

/** What `value` is, in words, without repeating a string's content (it could be long, or hostile). */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'missing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'not a finite number';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const mismatch = (value: unknown, path: string, expected: string): ShapeMismatch =>
  new ShapeMismatch(`${path} is ${describe(value)}, not ${expected}`);

/** An object (not null, not a list), for its fields to be checked. */
export function record(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw mismatch(value, path, 'an object');
  return value as Record<string, unknown>;
}

/** A string (possibly empty). */
export const text: Check<string> = (value, path) => {
  if (typeof value !== 'string') throw mismatch(value, path, 'a string');
  return value;
};

/** A string of at least one character (an id). */
export const nonEmpty: Check<string> = (value, path) => {
  if (typeof value !== 'string' || value === '') throw mismatch(value, path, 'a non-empty string');
  return value;
};

/** A boolean. */
export const flag: Check<boolean> = (value, path) => {
  if (typeof value !== 'boolean') throw mismatch(value, path, 'true or false');
  return value;
};

/** A finite number (a score, which may have a fraction). */
export const finite: Check<number> = (value, path) => {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw mismatch(value, path, 'a number');
  return value;
};

/** A finite number ≥ 0 (a time in ms, a memory size in KiB). */
export const nonNegative: Check<number> = (value, path) => {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw mismatch(value, path, 'a number ≥ 0');
  return value;
};

/** A whole number, of at least `min` when given (a count, a test number, ms, KiB, a seq; an exit code without). */
export function whole(min?: number): Check<number> {
  return (value, path) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || (min !== undefined && value < min)) {
      throw mismatch(value, path, min === undefined ? 'a whole number' : `a whole number ≥ ${min}`);
    }
    return value;
  };
}

/** One of `values` (an enum's wire values). */
export function oneOf<T extends string>(values: readonly T[]): Check<T> {
  return (value, path) => {
    if (!values.includes(value as T)) throw mismatch(value, path, `one of ${values.join(', ')}`);
    return value as T;
  };
}

/** `check`, or null. */
export function orNull<T>(check: Check<T>): Check<T | null> {
  return (value, path) => (value === null ? null : check(value, path));
}

/** `check`, or null, or absent (undefined). */
export function optional<T>(check: Check<T>): Check<T | null | undefined> {
  return (value, path) => (value === undefined || value === null ? value : check(value, path));
}

/** A list whose every item passes `check`. */
export function listOf<T>(check: Check<T>): Check<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) throw mismatch(value, path, 'a list');
    value.forEach((item, i) => check(item, `${path}[${i}]`));
    return value as T[];
  };
}

/**
 * Checks `fields` of the object `value` (each field at `<path>.<name>`) and returns the object as `T`,
 * with all its fields (the unchecked ones too, for `--json`).
 */
export function fields<T>(checks: Record<string, Check<unknown>>): Check<T> {
  return (value, path) => {
    const object = record(value, path);
    for (const [name, check] of Object.entries(checks)) check(object[name], `${path}.${name}`);
    return object as T;
  };
}

/**
 * `value`, which the server sent as `what` (e.g. `state message`, `answer to GET /languages`), after
 * `check` with `root` as the path's start (e.g. `state`).
 * @throws CliError (exit 2) `the server sent a malformed <what>: <path> is <found>, not <expected>`.
 */
export function serverSent<T>(what: string, root: string, value: unknown, check: Check<T>): T {
  try {
    return check(value, root);
  } catch (error) {
    if (error instanceof ShapeMismatch) throw new CliError(`the server sent a malformed ${what}: ${error.message}`);
    throw error;
  }
}
