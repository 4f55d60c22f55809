import { describe, expect, it } from 'vitest';
import { SubmissionStatus, Verdict, type SubmissionView, type TestResult } from '../../libs/contracts/index.js';
import { JUDGE0_STATUSES, judge0StatusOf, signalNumber } from './judge0-status.js';

function test(extra: Partial<TestResult> = {}): TestResult {
  return {
    test: 1,
    verdict: Verdict.Accepted,
    cpuTimeMs: 10,
    wallTimeMs: 20,
    memoryKiB: 1000,
    exitCode: 0,
    signal: null,
    stdout: '',
    stderr: '',
    checkerMessage: null,
    ...extra,
  };
}

function view(status: SubmissionStatus, verdict: Verdict | null, tests: TestResult[] = []): SubmissionView {
  return {
    id: '0123456789abcdef01234567',
    language: 'c',
    status,
    verdict,
    limits: { cpuTimeMs: 1000, wallTimeMs: 3000, memoryKiB: 65536, outputKiB: 1024 },
    testCount: 1,
    tests,
    message: null,
    lastSeq: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    startedAt: null,
    finishedAt: null,
  };
}

const finished = (verdict: Verdict, t?: Partial<TestResult>): SubmissionView =>
  view(SubmissionStatus.Finished, verdict, t ? [test({ verdict, ...t })] : []);

describe('Judge0 statuses', () => {
  it('are Judge0 CE’s 14, ids 1..14 in order, with its descriptions', () => {
    expect(JUDGE0_STATUSES.map((s) => s.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(JUDGE0_STATUSES[0]).toEqual({ id: 1, description: 'In Queue' });
    expect(JUDGE0_STATUSES[10]).toEqual({ id: 11, description: 'Runtime Error (NZEC)' });
    expect(JUDGE0_STATUSES[13]).toEqual({ id: 14, description: 'Exec Format Error' });
  });

  it('queued is In Queue; compiling and running are Processing', () => {
    expect(judge0StatusOf(view(SubmissionStatus.Queued, null)).id).toBe(1);
    expect(judge0StatusOf(view(SubmissionStatus.Compiling, null)).id).toBe(2);
    expect(judge0StatusOf(view(SubmissionStatus.Running, null, [test()])).id).toBe(2);
  });

  it('maps the verdicts Judge0 has one to one', () => {
    expect(judge0StatusOf(finished(Verdict.Accepted, {})).id).toBe(3);
    expect(judge0StatusOf(finished(Verdict.WrongAnswer, {})).id).toBe(4);
    expect(judge0StatusOf(finished(Verdict.TimeLimitExceeded, { signal: 'SIGKILL', exitCode: null })).id).toBe(5);
    expect(judge0StatusOf(finished(Verdict.CompilationError)).id).toBe(6);
    expect(judge0StatusOf(finished(Verdict.InternalError)).id).toBe(13);
  });

  it('a runtime error by signal as Judge0 decides it: SEGV 7, XFSZ 8, FPE 9, ABRT 10, any other 12; an exit code 11', () => {
    const re = (t: Partial<TestResult>): number => judge0StatusOf(finished(Verdict.RuntimeError, t)).id;
    expect(re({ signal: 'SIGSEGV', exitCode: null })).toBe(7);
    expect(re({ signal: 'SIGXFSZ', exitCode: null })).toBe(8);
    expect(re({ signal: 'SIGFPE', exitCode: null })).toBe(9);
    expect(re({ signal: 'SIGABRT', exitCode: null })).toBe(10);
    expect(re({ signal: 'SIGBUS', exitCode: null })).toBe(12);
    expect(re({ signal: null, exitCode: 3 })).toBe(11);
    expect(judge0StatusOf(finished(Verdict.RuntimeError)).id).toBe(12);
  });

  it('Memory Limit Exceeded shows as the runtime error Judge0 gives such a program; Output Limit Exceeded as SIGXFSZ', () => {
    expect(judge0StatusOf(finished(Verdict.MemoryLimitExceeded, { signal: 'SIGKILL', exitCode: null })).id).toBe(12);
    expect(judge0StatusOf(finished(Verdict.MemoryLimitExceeded, { signal: null, exitCode: 1 })).id).toBe(11);
    expect(judge0StatusOf(finished(Verdict.OutputLimitExceeded, { signal: 'SIGKILL', exitCode: null })).id).toBe(8);
  });

  it('signal numbers are the host’s', () => {
    expect(signalNumber('SIGSEGV')).toBe(11);
    expect(signalNumber('SIGKILL')).toBe(9);
    expect(signalNumber(null)).toBeNull();
    expect(signalNumber('SIGNOPE')).toBeNull();
  });
});
