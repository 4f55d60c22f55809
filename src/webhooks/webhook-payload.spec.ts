import { describe, expect, it } from 'vitest';
import { SubmissionStatus, Verdict, type SubmissionView, type TestResult } from '../../libs/contracts/index.js';
import { DEFAULT_FIELDS, serializeSubmission } from '../judge0-format/judge0-submission.js';
import type { Judge0SubmissionRow } from '../persistence/submissions/submission-records.js';
import { judge0WebhookBody, webhookBody } from './webhook-payload.js';

const TOKEN = 'd85cd024-1548-4165-96c7-7bc88673f194';
const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

const test1: TestResult = {
  test: 1,
  verdict: Verdict.Accepted,
  cpuTimeMs: 12,
  wallTimeMs: 30,
  memoryKiB: 8400,
  exitCode: 0,
  signal: null,
  stdout: '3\n',
  stderr: 'warning: é\n',
  checkerMessage: null,
};

function row(view: Partial<SubmissionView>): Judge0SubmissionRow {
  return {
    view: {
      id: '0123456789abcdef01234567',
      language: 'python3',
      status: SubmissionStatus.Finished,
      verdict: Verdict.Accepted,
      limits: { cpuTimeMs: 1500, wallTimeMs: 4500, memoryKiB: 65536, outputKiB: 1024 },
      testCount: 1,
      tests: [test1],
      message: null,
      problemId: null,
      score: null,
      maxScore: null,
      groups: [],
      lastSeq: 5,
      createdAt: '2026-01-01T00:00:00.000Z',
      startedAt: '2026-01-01T00:00:00.100Z',
      finishedAt: '2026-01-01T00:00:00.200Z',
      ...view,
    },
    judge0: { token: TOKEN, languageId: 71, callbackUrl: 'https://example.com/judge0-hook' },
    sourceCode: 'print(sum(map(int, input().split())))\n',
    stdin: '1 2\n',
    expectedOutput: '3\n',
  };
}

describe('judge0WebhookBody', () => {
  it("is Judge0's 8 default attributes in Judge0's order, text Base64-encoded on one line", () => {
    const text = judge0WebhookBody(row({}));
    expect(Object.keys(JSON.parse(text) as object)).toEqual([...DEFAULT_FIELDS]);
    expect(JSON.parse(text)).toEqual({
      stdout: b64('3\n'),
      time: '0.012',
      memory: 8400,
      stderr: b64('warning: é\n'),
      token: TOKEN,
      compile_output: null,
      message: null,
      status: { id: 3, description: 'Accepted' },
    });
    expect(text).not.toContain('\\n');
  });

  it('is exactly what GET /submissions/:token?base64_encoded=true returns (one owner of the shape)', () => {
    for (const r of [
      row({}),
      row({ verdict: Verdict.CompilationError, tests: [], message: 'main.c:1: error: expected ;' }),
      row({ verdict: Verdict.RuntimeError, tests: [{ ...test1, verdict: Verdict.RuntimeError, exitCode: 3, stdout: '' }] }),
    ]) {
      const shown = serializeSubmission(r, DEFAULT_FIELDS, true, { processLimit: 64, languageOf: () => undefined });
      expect(judge0WebhookBody(r)).toBe(JSON.stringify(shown));
    }
  });

  it('encodes compile_output and message, and sends null for empty outputs, as Judge0 does', () => {
    const ce = JSON.parse(judge0WebhookBody(row({ verdict: Verdict.CompilationError, tests: [], message: 'oops\n' }))) as Record<
      string,
      unknown
    >;
    expect(ce).toMatchObject({ compile_output: b64('oops\n'), stdout: null, time: null, memory: null, status: { id: 6 } });
    const re = JSON.parse(
      judge0WebhookBody(
        row({ verdict: Verdict.RuntimeError, tests: [{ ...test1, verdict: Verdict.RuntimeError, exitCode: 3, stdout: '' }] }),
      ),
    ) as Record<string, unknown>;
    expect(re).toMatchObject({
      stdout: null,
      message: b64('Exited with error status 3'),
      status: { id: 11, description: 'Runtime Error (NZEC)' },
    });
  });

  it("leaves Verdict's own body unchanged", () => {
    const { view } = row({});
    expect(JSON.parse(webhookBody('x-a1', 1, view))).toEqual({
      type: 'submission.finished',
      deliveryId: 'x-a1',
      judgingAttempt: 1,
      submission: view,
    });
  });
});
