import { describe, expect, it } from 'vitest';
import { SubmissionStatus, Verdict, type SubmissionView } from '../../libs/contracts/index.js';
import type { Judge0SubmissionRow } from '../persistence/submissions/submission-records.js';
import { ALL_FIELDS, DEFAULT_FIELDS, parseFields, secondsString, serializeSubmission, type SerializeContext } from './judge0-submission.js';

const TOKEN = 'd85cd024-1548-4165-96c7-7bc88673f194';
const context: SerializeContext = { processLimit: 64, languageOf: (id) => (id === 71 ? { id, name: 'Python (3.11.2)' } : undefined) };

function row(view: Partial<SubmissionView>): Judge0SubmissionRow {
  return {
    view: {
      id: '0123456789abcdef01234567',
      language: 'python3',
      status: SubmissionStatus.Finished,
      verdict: Verdict.Accepted,
      limits: { cpuTimeMs: 1500, wallTimeMs: 4500, memoryKiB: 65536, outputKiB: 1024 },
      testCount: 1,
      tests: [
        {
          test: 1,
          verdict: Verdict.Accepted,
          cpuTimeMs: 12,
          wallTimeMs: 30,
          memoryKiB: 8400,
          exitCode: 0,
          signal: null,
          stdout: 'hello, Judge0\n',
          stderr: '',
          checkerMessage: null,
        },
      ],
      message: null,
      lastSeq: 5,
      createdAt: '2026-01-01T00:00:00.000Z',
      startedAt: '2026-01-01T00:00:00.100Z',
      finishedAt: '2026-01-01T00:00:00.200Z',
      ...view,
    },
    judge0: { token: TOKEN, languageId: 71, callbackUrl: null },
    sourceCode: 'print("hello, " + input())\n',
    stdin: 'Judge0\n',
    expectedOutput: 'hello, Judge0\n',
  };
}

describe('parseFields', () => {
  it('defaults to Judge0’s 8 attributes, `*` to all of Judge0’s (never an extra), else the names given', () => {
    expect(parseFields(undefined)).toEqual({ ok: true, fields: DEFAULT_FIELDS });
    expect(parseFields('')).toEqual({ ok: true, fields: DEFAULT_FIELDS });
    expect(parseFields('*')).toEqual({ ok: true, fields: ALL_FIELDS });
    expect(ALL_FIELDS).not.toContain('verdict');
    expect(parseFields('status, verdict ,time')).toEqual({ ok: true, fields: ['status', 'verdict', 'time'] });
    expect(parseFields('status,nope,worse')).toEqual({ ok: false, unknown: ['nope', 'worse'] });
  });
});

describe('serializeSubmission', () => {
  it('gives Judge0’s default response: time in seconds as a string, memory in KB, status object, null for empty output', () => {
    expect(serializeSubmission(row({}), DEFAULT_FIELDS, false, context)).toEqual({
      stdout: 'hello, Judge0\n',
      time: '0.012',
      memory: 8400,
      stderr: null,
      token: TOKEN,
      compile_output: null,
      message: null,
      status: { id: 3, description: 'Accepted' },
    });
  });

  it('Base64-encodes the text attributes on one line when asked', () => {
    const out = serializeSubmission(row({}), ['stdout', 'source_code', 'stdin', 'expected_output', 'time', 'status_id'], true, context);
    expect(out).toEqual({
      stdout: 'aGVsbG8sIEp1ZGdlMAo=',
      source_code: Buffer.from('print("hello, " + input())\n').toString('base64'),
      stdin: 'SnVkZ2UwCg==',
      expected_output: 'aGVsbG8sIEp1ZGdlMAo=',
      time: '0.012',
      status_id: 3,
    });
  });

  it('reports limits in Judge0 units and the settings Verdict fixes', () => {
    const out = serializeSubmission(row({}), ALL_FIELDS, false, context);
    expect(out).toMatchObject({
      cpu_time_limit: 1.5,
      wall_time_limit: 4.5,
      memory_limit: 65536,
      stack_limit: 65536,
      max_file_size: 1024,
      max_processes_and_or_threads: 64,
      number_of_runs: 1,
      cpu_extra_time: 0,
      enable_network: false,
      redirect_stderr_to_stdout: false,
      language_id: 71,
      language: { id: 71, name: 'Python (3.11.2)' },
      wall_time: '0.030',
      exit_code: 0,
      exit_signal: null,
      created_at: '2026-01-01T00:00:00.000Z',
      finished_at: '2026-01-01T00:00:00.200Z',
      post_execution_filesystem: null,
    });
    expect(Object.keys(out)).toEqual([...ALL_FIELDS]);
  });

  it('has no measurements before a run, and the compiler’s output for a Compilation Error', () => {
    const queued = serializeSubmission(
      row({ status: SubmissionStatus.Queued, verdict: null, tests: [], finishedAt: null }),
      DEFAULT_FIELDS,
      false,
      context,
    );
    expect(queued).toMatchObject({ status: { id: 1, description: 'In Queue' }, time: null, memory: null, stdout: null });
    const ce = serializeSubmission(
      row({ verdict: Verdict.CompilationError, tests: [], message: "main.c:1: error: expected ';'" }),
      DEFAULT_FIELDS,
      false,
      context,
    );
    expect(ce).toMatchObject({
      status: { id: 6, description: 'Compilation Error' },
      compile_output: "main.c:1: error: expected ';'",
      time: null,
    });
  });

  it('keeps Verdict’s precise verdict in the extra `verdict` field, asked for by name', () => {
    const mle = row({
      verdict: Verdict.MemoryLimitExceeded,
      tests: [{ ...row({}).view.tests[0]!, verdict: Verdict.MemoryLimitExceeded, exitCode: null, signal: 'SIGKILL', stdout: '' }],
    });
    expect(serializeSubmission(mle, ['status', 'verdict', 'message', 'exit_signal'], false, context)).toEqual({
      status: { id: 12, description: 'Runtime Error (Other)' },
      verdict: 'MLE',
      message: 'Memory limit exceeded',
      exit_signal: 9,
    });
  });
});

describe('secondsString', () => {
  it('is seconds with millisecond precision', () => {
    expect(secondsString(0)).toBe('0.000');
    expect(secondsString(1)).toBe('0.001');
    expect(secondsString(2500)).toBe('2.500');
  });
});
