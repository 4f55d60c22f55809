/** SubmissionViews and TestResults for unit tests of clients (src/cli): plain values, no server. */
import { SubmissionStatus, Verdict, type SubmissionView, type TestFinishedEvent, type TestResult } from '../../libs/contracts/index.js';

/** A submission id. */
export const ID = '6b0cf7de9a5a2d7dba1e512e';
/** A time stamp for views and events. */
export const AT = '2026-12-02T00:00:00.000Z';

/** A stored view of submission ID, queued, with `overrides`. */
export function viewOf(overrides: Partial<SubmissionView> = {}): SubmissionView {
  return {
    id: ID,
    language: 'python3',
    status: SubmissionStatus.Queued,
    verdict: null,
    limits: { cpuTimeMs: 1000, wallTimeMs: 3000, memoryKiB: 65536, outputKiB: 1024 },
    testCount: 2,
    tests: [],
    message: null,
    lastSeq: 1,
    createdAt: AT,
    startedAt: null,
    finishedAt: null,
    ...overrides,
  };
}

/** A result of test `test` with `verdict`. */
export function resultOf(test: number, verdict = Verdict.Accepted): TestResult {
  return {
    test,
    verdict,
    cpuTimeMs: 10 * test,
    wallTimeMs: 20 * test,
    memoryKiB: 3000 + test,
    exitCode: 0,
    signal: null,
    stdout: '',
    stderr: '',
    checkerMessage: null,
  };
}

/** The `test-finished` event of submission ID (no problem) with `result`, at `seq` of `of` tests. */
export function testFinishedOf(seq: number, of: number, result: TestResult): TestFinishedEvent {
  const { test, verdict, cpuTimeMs: cpuMs, wallTimeMs: wallMs, memoryKiB } = result;
  return { type: 'test-finished', submissionId: ID, problemId: null, seq, at: AT, of, test, verdict, cpuMs, wallMs, memoryKiB, result };
}

/**
 * Text a hostile server could send in any field: an OSC sequence setting the window title (ended by
 * BEL), a clear-screen, a CR that would overwrite the line, an 8-bit CSI (C1) and a bidi override.
 */
export const HOSTILE = '\x1b]0;PWNED\x07\x1b[2J\rgotcha\u009b31m\u202eevil';
/** Any character a terminal may act on (C0 but line feed and tab, DEL, C1, bidi controls): printed text must hold none. */
// eslint-disable-next-line no-control-regex -- finding the control characters is this pattern's purpose
export const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
