import { describe, expect, it } from 'vitest';
import { Verdict } from '../../libs/contracts/index.js';
import { RunStatus, type RunResult } from '../../libs/sandbox/index.js';
import { testVerdict } from './test-verdict.js';

const run = (over: Partial<RunResult>): RunResult => ({
  status: RunStatus.Exited, exitCode: 0, signal: null, cpuTimeMs: 1, wallTimeMs: 1, memoryKiB: 1,
  stdout: Buffer.from(''), stderr: Buffer.from(''), ...over,
});
const accept = () => ({ accepted: true, message: null });
const rejectIt = () => ({ accepted: false, message: 'token 1 differs' });

describe('testVerdict', () => {
  it('maps limits before anything else', () => {
    expect(testVerdict(run({ status: RunStatus.CpuTimeLimit }), undefined, accept).verdict).toBe(Verdict.TimeLimitExceeded);
    expect(testVerdict(run({ status: RunStatus.WallTimeLimit }), undefined, accept).verdict).toBe(Verdict.TimeLimitExceeded);
    expect(testVerdict(run({ status: RunStatus.MemoryLimit }), undefined, accept).verdict).toBe(Verdict.MemoryLimitExceeded);
    expect(testVerdict(run({ status: RunStatus.OutputLimit }), undefined, accept).verdict).toBe(Verdict.OutputLimitExceeded);
  });

  it('gives Runtime Error for a signal or a non-zero exit, SIGXCPU included (the CPU limit is the cgroup\'s)', () => {
    expect(testVerdict(run({ status: RunStatus.Signaled, signal: 'SIGSEGV', exitCode: null }), undefined, accept).verdict).toBe(Verdict.RuntimeError);
    expect(testVerdict(run({ status: RunStatus.Signaled, signal: 'SIGXCPU', exitCode: null }), undefined, accept).verdict).toBe(Verdict.RuntimeError);
    expect(testVerdict(run({ exitCode: 3 }), undefined, accept).verdict).toBe(Verdict.RuntimeError);
  });

  it("gives Memory Limit Exceeded when the runtime reports its own out-of-memory", () => {
    const oom = run({ exitCode: 1, stderr: Buffer.from('Exception in thread "main" java.lang.OutOfMemoryError: Java heap space') });
    expect(testVerdict(oom, /java\.lang\.OutOfMemoryError/, accept).verdict).toBe(Verdict.MemoryLimitExceeded);
    expect(testVerdict(oom, undefined, accept).verdict).toBe(Verdict.RuntimeError);
    const v8 = run({
      status: RunStatus.Signaled, exitCode: null, signal: 'SIGABRT',
      stderr: Buffer.from('FATAL ERROR: Ineffective mark-compacts near heap limit Allocation failed - JavaScript heap out of memory'),
    });
    expect(testVerdict(v8, /JavaScript heap out of memory/, accept).verdict).toBe(Verdict.MemoryLimitExceeded);
  });

  it('asks the checker only after a clean exit', () => {
    expect(testVerdict(run({}), undefined, rejectIt)).toEqual({ verdict: Verdict.WrongAnswer, checkerMessage: 'token 1 differs' });
    expect(testVerdict(run({}), undefined, accept).verdict).toBe(Verdict.Accepted);
    expect(testVerdict(run({}), undefined, null).verdict).toBe(Verdict.Accepted);
  });
});
