import type { JudgeLimits } from '../../libs/contracts/index.js';
import { MIN_WALL_TIME_MS } from '../../libs/judging/index.js';
import type { JudgeLimitsSettings } from '../config/judge-limits.config.js';
import { CreateSubmissionDto } from '../submissions/dto/create-submission.dto.js';
import { MIN_MEMORY_KIB } from '../submissions/dto/limits.dto.js';
import { decodeBase64Text } from '../judge0-format/judge0-base64.js';
import { languageForJudge0Id } from './judge0-languages.js';

/**
 * Judge0's validation errors, as its 422 body carries them: each field with the rules it broke,
 * in Rails' words (`{ "language_id": ["can't be blank"] }`).
 */
export type Judge0FieldErrors = Record<string, string[]>;

/** A Judge0 submission request turned into a Verdict one. */
export interface Judge0Request {
  /** What the submission service takes: language, source, one test case, limits. */
  dto: CreateSubmissionDto;
  /** The Judge0 `language_id` sent (one Verdict language answers several). */
  languageId: number;
  /** The `callback_url` sent (http or https), or null. */
  callbackUrl: string | null;
}

/** Why the fields Verdict cannot honour are refused (a value other than the default): docs/judge0.md lists them. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  compiler_options: 'Verdict compiles every submission of a language with the same flags (GET /languages/:id shows them)',
  command_line_arguments: 'Verdict runs programs without arguments',
  additional_files: 'Verdict judges a single source file',
  max_processes_and_or_threads: "the worker's RUN_PROCESS_LIMIT applies to every run",
  enable_per_process_and_thread_time_limit: 'Verdict limits the CPU time of the whole process tree',
  enable_per_process_and_thread_memory_limit: 'Verdict limits the memory of the whole process tree (cgroup)',
  redirect_stderr_to_stdout: 'the sandbox captures stdout and stderr separately',
  enable_network: 'submitted programs never have a network',
};

/** A numeric field as Judge0 (Rails) accepts it: a JSON number or a numeric string. */
function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

/** A boolean field as Judge0 accepts it: true/false or "true"/"false". */
function booleanOf(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return undefined;
}

/** Absent or null: Judge0 then uses its default. */
function absent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

/** Bounds of a seconds field: `(0, max]`, given as ms to Verdict. */
function seconds(ms: number): number {
  return ms / 1000;
}

/**
 * Turns one Judge0 submission (the body of `POST /submissions`, or an element of a batch) into a
 * Verdict request: Judge0's names and units (seconds, kilobytes) to Verdict's (ms, KiB), Base64
 * decoded when `base64Encoded`, every field Judge0 documents checked (unknown fields are ignored, as
 * Judge0 ignores them). Rules depending on the workers (a language some worker offers) and on sizes
 * are the submission service's.
 * @param bounds the configured defaults and maxima (judgeLimits): the same as Verdict's own API.
 * @returns the request, or the 422 errors naming each bad field.
 */
export function parseJudge0Submission(
  body: unknown,
  base64Encoded: boolean,
  bounds: Pick<JudgeLimitsSettings, 'defaults' | 'maxima'>,
): { ok: true; request: Judge0Request } | { ok: false; errors: Judge0FieldErrors } {
  const errors: Judge0FieldErrors = {};
  const fail = (field: string, rule: string): undefined => {
    (errors[field] ??= []).push(rule);
    return undefined;
  };
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errors: { submission: ['must be a JSON object'] } };
  }
  const input = body as Record<string, unknown>;

  const text = (field: string, { required = false } = {}): string | undefined => {
    const value = input[field];
    if (absent(value) || (required && value === '')) return required ? fail(field, "can't be blank") : undefined;
    if (typeof value !== 'string') return fail(field, 'must be a string');
    if (!base64Encoded) return value;
    const decoded = decodeBase64Text(value);
    if (!decoded.ok) return fail(field, decoded.rule);
    if (required && decoded.text === '') return fail(field, "can't be blank");
    return decoded.text;
  };

  const sourceCode = text('source_code', { required: true });
  const stdin = text('stdin');
  const expectedOutput = text('expected_output');

  let languageId: number | undefined;
  let language: string | undefined;
  if (absent(input.language_id)) fail('language_id', "can't be blank");
  else {
    languageId = numberOf(input.language_id);
    if (languageId === undefined || !Number.isInteger(languageId)) fail('language_id', 'is not a number');
    else {
      language = languageForJudge0Id(languageId)?.id;
      if (!language) fail('language_id', `language with id ${languageId} doesn't exist`);
    }
  }

  /** A number field within `(0, max]` (`min` inclusive when given). */
  const bounded = (field: string, max: number, { min, integer = false }: { min?: number; integer?: boolean } = {}): number | undefined => {
    const raw = input[field];
    if (absent(raw)) return undefined;
    const value = numberOf(raw);
    if (value === undefined) return fail(field, 'is not a number');
    if (integer && !Number.isInteger(value)) return fail(field, 'must be an integer');
    if (min === undefined ? value <= 0 : value < min)
      return fail(field, min === undefined ? 'must be greater than 0' : `must be greater than or equal to ${min}`);
    if (value > max) return fail(field, `must be less than or equal to ${max}`);
    return value;
  };

  const { maxima, defaults } = bounds;
  const limits: Partial<JudgeLimits> = {};
  const cpu = bounded('cpu_time_limit', seconds(maxima.cpuTimeMs));
  if (cpu !== undefined) limits.cpuTimeMs = Math.max(1, Math.round(cpu * 1000));
  // Verdict's smallest wall limit (MIN_WALL_TIME_MS): below it the sandbox's own start could end the run.
  const wall = bounded('wall_time_limit', seconds(maxima.wallTimeMs), { min: seconds(MIN_WALL_TIME_MS) });
  if (wall !== undefined) limits.wallTimeMs = Math.max(MIN_WALL_TIME_MS, Math.round(wall * 1000));
  const memory = bounded('memory_limit', maxima.memoryKiB, { min: MIN_MEMORY_KIB });
  if (memory !== undefined) limits.memoryKiB = Math.round(memory);
  const fileSize = bounded('max_file_size', maxima.outputKiB, { integer: true });
  if (fileSize !== undefined) limits.outputKiB = fileSize;
  // Judge0's grace before killing a program over its limit: it changes only the time reported for a
  // program that is Time Limit Exceeded anyway. Verdict stops it at the limit (docs/judge0.md).
  bounded('cpu_extra_time', MAX_CPU_EXTRA_TIME_S, { min: 0 });

  // The sandbox sets the stack limit to the memory limit: accept that value, refuse another.
  const memoryInEffect = limits.memoryKiB ?? defaults.memoryKiB;
  if (!absent(input.stack_limit)) {
    const stack = numberOf(input.stack_limit);
    if (stack === undefined) fail('stack_limit', 'is not a number');
    else if (stack !== memoryInEffect)
      fail(
        'stack_limit',
        `is not supported by Verdict: the stack limit is the memory limit (${memoryInEffect} KB); send none or that value`,
      );
  }

  if (!absent(input.number_of_runs)) {
    const runs = numberOf(input.number_of_runs);
    if (runs === undefined) fail('number_of_runs', 'is not a number');
    else if (runs !== 1) fail('number_of_runs', 'is not supported by Verdict: a program runs once per test case; send none or 1');
  }

  for (const [field, reason] of Object.entries(UNSUPPORTED)) {
    const value = input[field];
    if (absent(value) || value === '' || booleanOf(value) === false) continue;
    if (field.startsWith('enable_') || field === 'redirect_stderr_to_stdout') {
      if (booleanOf(value) === undefined) fail(field, 'must be true or false');
      else fail(field, `is not supported by Verdict: ${reason}; send none or false`);
    } else {
      fail(field, `is not supported by Verdict: ${reason}; send none`);
    }
  }

  let callbackUrl: string | null = null;
  if (!absent(input.callback_url)) {
    const url = typeof input.callback_url === 'string' ? safeUrl(input.callback_url) : null;
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) fail('callback_url', 'must be an http or https URL');
    else callbackUrl = input.callback_url as string;
  }

  if (Object.keys(errors).length > 0 || sourceCode === undefined || language === undefined || languageId === undefined) {
    return { ok: false, errors };
  }
  const dto = Object.assign(new CreateSubmissionDto(), {
    language,
    sourceCode,
    ...(stdin !== undefined ? { stdin } : {}),
    ...(expectedOutput !== undefined ? { expectedOutput } : {}),
    ...(Object.keys(limits).length > 0 ? { limits } : {}),
  });
  return { ok: true, request: { dto, languageId, callbackUrl } };
}

/** Largest `cpu_extra_time` accepted, seconds (Judge0's default MAX_CPU_EXTRA_TIME); it has no effect on Verdict. */
export const MAX_CPU_EXTRA_TIME_S = 5;

function safeUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** Verdict's request fields (first word of a submission-service message) → the Judge0 field they came from. */
const JUDGE0_FIELD_OF: Readonly<Record<string, string>> = {
  language: 'language_id',
  sourceCode: 'source_code',
  stdin: 'stdin',
  expectedOutput: 'expected_output',
  'limits.cpuTimeMs': 'cpu_time_limit',
  'limits.wallTimeMs': 'wall_time_limit',
  'limits.memoryKiB': 'memory_limit',
  'limits.outputKiB': 'max_file_size',
};

/**
 * The submission service's 400 messages (`<field> <rule>`, Verdict's names) as Judge0's 422 errors,
 * keyed by the Judge0 field, e.g. `sourceCode must not be longer than 65536 bytes …` →
 * `{ source_code: ['must not be longer than 65536 bytes …'] }`. A message naming no known field
 * is kept whole under `submission`.
 */
export function judge0ErrorsOf(messages: readonly string[]): Judge0FieldErrors {
  const errors: Judge0FieldErrors = {};
  for (const message of messages) {
    const [first = '', ...rest] = message.split(' ');
    const field = JUDGE0_FIELD_OF[first];
    if (field) (errors[field] ??= []).push(rest.join(' '));
    else (errors.submission ??= []).push(message);
  }
  return errors;
}
