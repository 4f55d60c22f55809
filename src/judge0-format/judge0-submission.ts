import { SubmissionStatus, Verdict, type SubmissionView } from '../../libs/contracts/index.js';
import { SandboxEnv } from '../config/sandbox.config.js';
import type { Judge0SubmissionRow } from '../persistence/submissions/submission-records.js';
import { encodeBase64Text } from './judge0-base64.js';
import { decidingTest, judge0StatusOf, signalNumber } from './judge0-status.js';

/** The attributes Judge0 sends when a request names no `fields` (its 8 defaults). */
export const DEFAULT_FIELDS = ['stdout', 'time', 'memory', 'stderr', 'token', 'compile_output', 'message', 'status'] as const;

/**
 * Every attribute of a Judge0 CE 1.13 submission, what `fields=*` returns. Nothing else is in `*`:
 * the official Python SDK asks for `*` and fails on an attribute it does not know.
 */
export const ALL_FIELDS = [
  'source_code',
  'language_id',
  'stdin',
  'expected_output',
  'stdout',
  'status_id',
  'created_at',
  'finished_at',
  'time',
  'memory',
  'stderr',
  'token',
  'number_of_runs',
  'cpu_time_limit',
  'cpu_extra_time',
  'wall_time_limit',
  'memory_limit',
  'stack_limit',
  'max_processes_and_or_threads',
  'enable_per_process_and_thread_time_limit',
  'enable_per_process_and_thread_memory_limit',
  'max_file_size',
  'compile_output',
  'exit_code',
  'exit_signal',
  'message',
  'wall_time',
  'compiler_options',
  'command_line_arguments',
  'redirect_stderr_to_stdout',
  'callback_url',
  'additional_files',
  'enable_network',
  'post_execution_filesystem',
  'status',
  'language',
] as const;

/**
 * Attributes Verdict adds, sent only when `fields` names them: `verdict` is Verdict's precise
 * verdict (`AC`, `WA`, `TLE`, `MLE`, `OLE`, `RE`, `CE`, `IE`, or null before the end), which tells
 * Memory and Output Limit Exceeded apart from the runtime errors Judge0 reports for them.
 */
export const EXTRA_FIELDS = ['verdict'] as const;

/** A submission attribute name this API can send. */
export type Judge0Field = (typeof ALL_FIELDS)[number] | (typeof EXTRA_FIELDS)[number];

const KNOWN_FIELDS = new Set<string>([...ALL_FIELDS, ...EXTRA_FIELDS]);

/** Text attributes, Base64-encoded when the request says `base64_encoded=true` (Judge0 encodes `message` too). */
const TEXT_FIELDS = new Set<string>(['source_code', 'stdin', 'expected_output', 'stdout', 'stderr', 'compile_output', 'message']);

/**
 * The attributes a `fields` query asks for: the 8 defaults when absent or empty, every Judge0 one
 * for `*`, else the comma-separated names.
 * @returns the fields, or the unknown names (Judge0 answers them with 400 `invalid fields: [...]`).
 */
export function parseFields(fields: unknown): { ok: true; fields: readonly Judge0Field[] } | { ok: false; unknown: string[] } {
  if (fields === undefined || fields === '') return { ok: true, fields: DEFAULT_FIELDS };
  if (typeof fields !== 'string') return { ok: false, unknown: [String(fields)] };
  if (fields.trim() === '*') return { ok: true, fields: ALL_FIELDS };
  const names = fields
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = names.filter((name) => !KNOWN_FIELDS.has(name));
  return unknown.length > 0 ? { ok: false, unknown } : { ok: true, fields: names as Judge0Field[] };
}

/** Seconds as Judge0 sends measured times: a string with millisecond precision, e.g. `"0.012"`. */
export function secondsString(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** Whether a program ran (so time, memory, output and exit status exist). */
function ran(view: SubmissionView): boolean {
  return view.status === SubmissionStatus.Finished && view.tests.length > 0;
}

/**
 * Judge0's `message` (isolate's status message, or Judge0's own for Internal Error), from what
 * Verdict knows: why the run ended.
 */
function messageOf(view: SubmissionView): string | null {
  if (view.status !== SubmissionStatus.Finished) return null;
  const test = decidingTest(view);
  switch (view.verdict) {
    case Verdict.InternalError:
      return view.message;
    case Verdict.TimeLimitExceeded:
      return test && test.wallTimeMs >= view.limits.wallTimeMs && test.cpuTimeMs < view.limits.cpuTimeMs
        ? 'Wall time limit exceeded'
        : 'Time limit exceeded';
    case Verdict.MemoryLimitExceeded:
      return 'Memory limit exceeded';
    case Verdict.OutputLimitExceeded:
      return 'Output limit exceeded';
    case Verdict.RuntimeError:
      if (test?.signal) return `Caught fatal signal ${signalNumber(test.signal) ?? test.signal}`;
      if (test?.exitCode) return `Exited with error status ${test.exitCode}`;
      return null;
    case Verdict.Accepted:
    case Verdict.WrongAnswer:
    case Verdict.CompilationError:
    case null:
      return null;
  }
}

/**
 * Settings the response reports that a submission does not store: the sandbox's process limit and
 * the names of the languages (with the versions the workers detected).
 */
export interface SerializeContext {
  /** The run's process and thread limit (RUN_PROCESS_LIMIT). */
  processLimit: number;
  /** The Judge0 language `{ id, name }` of an id, for the `language` attribute (undefined: the stored language's name is shown). */
  languageOf(id: number): { id: number; name: string } | undefined;
}

/**
 * The process and thread limit of a run as `max_processes_and_or_threads` reports it: the
 * workers' RUN_PROCESS_LIMIT default (neither the API nor the webhook sender reads the judging
 * workers' configuration).
 */
export const RUN_PROCESS_LIMIT = new SandboxEnv().RUN_PROCESS_LIMIT;

/**
 * One submission in Judge0's shape, with only `fields`: times in seconds (measured ones as strings,
 * limits as numbers), memory in KB, `status` `{ id, description }`, text Base64-encoded on one line
 * when `base64Encoded`. Empty outputs are null, as Judge0 sends them.
 */
export function serializeSubmission(
  row: Judge0SubmissionRow,
  fields: readonly Judge0Field[],
  base64Encoded: boolean,
  context: SerializeContext,
): Record<string, unknown> {
  const { view, judge0 } = row;
  const test = ran(view) ? decidingTest(view) : undefined;
  const status = judge0StatusOf(view);
  const textOrNull = (value: string | null | undefined): string | null => (value ? value : null);
  const value = (field: Judge0Field): unknown => {
    switch (field) {
      case 'source_code':
        return row.sourceCode;
      case 'language_id':
        return judge0.languageId;
      case 'language':
        return context.languageOf(judge0.languageId) ?? { id: judge0.languageId, name: view.language };
      case 'stdin':
        return textOrNull(row.stdin);
      case 'expected_output':
        return row.expectedOutput;
      case 'stdout':
        return textOrNull(test?.stdout);
      case 'stderr':
        return textOrNull(test?.stderr);
      case 'compile_output':
        return view.verdict === Verdict.CompilationError ? view.message : null;
      case 'message':
        return messageOf(view);
      case 'status':
        return { id: status.id, description: status.description };
      case 'status_id':
        return status.id;
      case 'created_at':
        return view.createdAt;
      case 'finished_at':
        return view.status === SubmissionStatus.Finished ? view.finishedAt : null;
      case 'time':
        return test ? secondsString(test.cpuTimeMs) : null;
      case 'wall_time':
        return test ? secondsString(test.wallTimeMs) : null;
      case 'memory':
        return test ? test.memoryKiB : null;
      case 'exit_code':
        return test ? test.exitCode : null;
      case 'exit_signal':
        return test ? signalNumber(test.signal) : null;
      case 'token':
        return judge0.token;
      case 'number_of_runs':
        return 1;
      case 'cpu_time_limit':
        return view.limits.cpuTimeMs / 1000;
      case 'cpu_extra_time':
        return 0;
      case 'wall_time_limit':
        return view.limits.wallTimeMs / 1000;
      case 'memory_limit':
        return view.limits.memoryKiB;
      case 'stack_limit':
        return view.limits.memoryKiB;
      case 'max_processes_and_or_threads':
        return context.processLimit;
      case 'enable_per_process_and_thread_time_limit':
      case 'enable_per_process_and_thread_memory_limit':
      case 'redirect_stderr_to_stdout':
      case 'enable_network':
        return false;
      case 'max_file_size':
        return view.limits.outputKiB;
      case 'compiler_options':
      case 'command_line_arguments':
      case 'additional_files':
      case 'post_execution_filesystem':
        return null;
      case 'callback_url':
        return judge0.callbackUrl;
      case 'verdict':
        return view.status === SubmissionStatus.Finished ? view.verdict : null;
    }
  };
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const v = value(field);
    out[field] = base64Encoded && TEXT_FIELDS.has(field) && typeof v === 'string' ? encodeBase64Text(v) : v;
  }
  return out;
}
