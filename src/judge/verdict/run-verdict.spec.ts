import { describe, expect, it } from 'vitest';
import { Verdict } from '../../../libs/contracts/index.js';
import { RunStatus, type RunResult } from '../../../libs/sandbox/index.js';
import { runVerdict } from './run-verdict.js';

const run = (over: Partial<RunResult>): RunResult => ({
  status: RunStatus.Exited,
  exitCode: 0,
  signal: null,
  cpuTimeMs: 1,
  wallTimeMs: 1,
  memoryKiB: 1,
  stdout: Buffer.from(''),
  stderr: Buffer.from(''),
  ...over,
});

describe('runVerdict', () => {
  it('maps the limits', () => {
    expect(runVerdict(run({ status: RunStatus.CpuTimeLimit }), undefined)).toBe(Verdict.TimeLimitExceeded);
    expect(runVerdict(run({ status: RunStatus.WallTimeLimit }), undefined)).toBe(Verdict.TimeLimitExceeded);
    expect(runVerdict(run({ status: RunStatus.MemoryLimit }), undefined)).toBe(Verdict.MemoryLimitExceeded);
    expect(runVerdict(run({ status: RunStatus.OutputLimit }), undefined)).toBe(Verdict.OutputLimitExceeded);
  });

  it('puts a limit before an out-of-memory report on stderr', () => {
    const tle = run({ status: RunStatus.CpuTimeLimit, exitCode: null, stderr: Buffer.from('java.lang.OutOfMemoryError') });
    expect(runVerdict(tle, /java\.lang\.OutOfMemoryError/)).toBe(Verdict.TimeLimitExceeded);
  });

  it('gives Runtime Error for a signal or a non-zero exit, Time Limit Exceeded for the CPU limit however it ended the run', () => {
    expect(runVerdict(run({ status: RunStatus.Signaled, signal: 'SIGSEGV', exitCode: null }), undefined)).toBe(Verdict.RuntimeError);
    expect(runVerdict(run({ exitCode: 3 }), undefined)).toBe(Verdict.RuntimeError);
    expect(runVerdict(run({ exitCode: 152 }), undefined)).toBe(Verdict.RuntimeError);
    // SIGXCPU (RLIMIT_CPU) arrives as CpuTimeLimit from the sandbox (run-outcome.ts).
    expect(runVerdict(run({ status: RunStatus.CpuTimeLimit, signal: 'SIGXCPU', exitCode: null }), undefined)).toBe(
      Verdict.TimeLimitExceeded,
    );
  });

  it('gives Memory Limit Exceeded when the runtime reports its own out-of-memory', () => {
    const oom = run({ exitCode: 1, stderr: Buffer.from('Exception in thread "main" java.lang.OutOfMemoryError: Java heap space') });
    expect(runVerdict(oom, /java\.lang\.OutOfMemoryError/)).toBe(Verdict.MemoryLimitExceeded);
    expect(runVerdict(oom, undefined)).toBe(Verdict.RuntimeError);
    const v8 = run({
      status: RunStatus.Signaled,
      exitCode: null,
      signal: 'SIGABRT',
      stderr: Buffer.from('FATAL ERROR: Ineffective mark-compacts near heap limit Allocation failed - JavaScript heap out of memory'),
    });
    expect(runVerdict(v8, /JavaScript heap out of memory/)).toBe(Verdict.MemoryLimitExceeded);
  });

  it('leaves a clean exit to the checker, even when stderr mentions running out of memory', () => {
    expect(runVerdict(run({}), undefined)).toBeNull();
    expect(runVerdict(run({ stderr: Buffer.from('JavaScript heap out of memory') }), /JavaScript heap out of memory/)).toBeNull();
  });
});
