import { describe, expect, it } from 'vitest';
import { parseBwrapStatus } from './bwrap-status.js';
import type { CgroupUsage } from './cgroups/run-cgroup.js';
import { RunStatus } from './run-result.js';
import { classifyRunEnd, type RunEnd } from './run-outcome.js';

// Pure: no sandbox, no cgroups, no root. What the worker saw of a run, in, how it ended, out.
const limits = { wallTimeMs: 2000, cpuTimeLimitNs: 1_000_000_000n };
const usage: CgroupUsage = { cpuTimeNs: 10_000_000n, memoryPeakBytes: 1 << 20, memoryLimitHit: false, oomKilled: false };
const started = { childStarted: true, exitCode: null };

/** A run that started and whose program exited with `exit` as bubblewrap reported it. */
function end(over: Partial<RunEnd> = {}): RunEnd {
  return {
    launcherExitCode: 0,
    launcherSignal: null,
    report: { childStarted: true, exitCode: 0 },
    stderr: Buffer.alloc(0),
    killedFor: undefined,
    usage,
    ...over,
  };
}
const exitedWith = (code: number, over: Partial<RunEnd> = {}) =>
  end({ launcherExitCode: code, report: { childStarted: true, exitCode: code }, ...over });

describe('parseBwrapStatus', () => {
  it('reads child-pid and exit-code from JSON lines, ignoring members it does not know', () => {
    expect(parseBwrapStatus('')).toEqual({ childStarted: false, exitCode: null });
    expect(parseBwrapStatus('{ "child-pid": 12, "cgroup-namespace": 4026 }\n')).toEqual({ childStarted: true, exitCode: null });
    expect(parseBwrapStatus('{ "child-pid": 12 }\n{ "exit-code": 139 }\n')).toEqual({ childStarted: true, exitCode: 139 });
  });
});

describe('classifyRunEnd', () => {
  it('reports a clean exit and a non-zero exit as Exited with their code', () => {
    expect(classifyRunEnd(exitedWith(0), limits)).toEqual({
      kind: 'program-ended',
      status: RunStatus.Exited,
      exitCode: 0,
      signal: null,
      usage,
    });
    expect(classifyRunEnd(exitedWith(3), limits)).toMatchObject({ status: RunStatus.Exited, exitCode: 3, signal: null });
  });

  it('reads 129…192 as death by signal status − 128, and nothing outside that range', () => {
    expect(classifyRunEnd(exitedWith(139), limits)).toMatchObject({ status: RunStatus.Signaled, exitCode: null, signal: 'SIGSEGV' });
    expect(classifyRunEnd(exitedWith(134), limits)).toMatchObject({ status: RunStatus.Signaled, signal: 'SIGABRT' });
    expect(classifyRunEnd(exitedWith(192), limits)).toMatchObject({ status: RunStatus.Signaled, signal: 'SIG64' });
    expect(classifyRunEnd(exitedWith(128), limits)).toMatchObject({ status: RunStatus.Exited, exitCode: 128, signal: null });
    expect(classifyRunEnd(exitedWith(193), limits)).toMatchObject({ status: RunStatus.Exited, exitCode: 193, signal: null });
  });

  it('reports SIGXCPU (RLIMIT_CPU, the backstop) as the CPU time limit, also when the cgroup counter is still below it', () => {
    expect(classifyRunEnd(exitedWith(152), limits)).toMatchObject({ status: RunStatus.CpuTimeLimit, signal: 'SIGXCPU', exitCode: null });
    expect(classifyRunEnd(exitedWith(139), limits)).toMatchObject({ status: RunStatus.Signaled, signal: 'SIGSEGV' });
  });

  it("takes the program exit from bubblewrap's report, else from the launcher", () => {
    expect(classifyRunEnd(end({ launcherExitCode: 7, report: { childStarted: true, exitCode: 9 } }), limits)).toMatchObject({
      exitCode: 9,
    });
    expect(classifyRunEnd(end({ launcherExitCode: 7, report: started }), limits)).toMatchObject({ status: RunStatus.Exited, exitCode: 7 });
    expect(classifyRunEnd(end({ launcherExitCode: 137, report: started }), limits)).toMatchObject({
      status: RunStatus.Signaled,
      signal: 'SIGKILL',
    });
    expect(classifyRunEnd(end({ launcherExitCode: null, launcherSignal: 'SIGKILL', report: started }), limits)).toMatchObject({
      status: RunStatus.Exited,
      exitCode: null,
      signal: null,
    });
  });

  it("gives the worker's kill reason first, then the CPU counter, then memory, then the signal", () => {
    const oom = { ...usage, oomKilled: true, memoryLimitHit: true };
    const overCpu = { ...usage, cpuTimeNs: 1_000_000_001n };
    expect(
      classifyRunEnd(exitedWith(137, { killedFor: RunStatus.WallTimeLimit, usage: { ...oom, cpuTimeNs: overCpu.cpuTimeNs } }), limits),
    ).toMatchObject({ status: RunStatus.WallTimeLimit, signal: 'SIGKILL' });
    expect(classifyRunEnd(exitedWith(137, { killedFor: RunStatus.OutputLimit }), limits)).toMatchObject({ status: RunStatus.OutputLimit });
    expect(classifyRunEnd(exitedWith(137, { usage: { ...oom, cpuTimeNs: overCpu.cpuTimeNs } }), limits)).toMatchObject({
      status: RunStatus.CpuTimeLimit,
    });
    expect(classifyRunEnd(exitedWith(137, { usage: oom }), limits)).toMatchObject({ status: RunStatus.MemoryLimit, signal: 'SIGKILL' });
    expect(classifyRunEnd(exitedWith(139), limits)).toMatchObject({ status: RunStatus.Signaled });
  });

  it('passes the CPU limit only above it, measured by the cgroup', () => {
    expect(classifyRunEnd(exitedWith(0, { usage: { ...usage, cpuTimeNs: 1_000_000_000n } }), limits)).toMatchObject({
      status: RunStatus.Exited,
    });
    expect(classifyRunEnd(exitedWith(0, { usage: { ...usage, cpuTimeNs: 1_000_000_001n } }), limits)).toMatchObject({
      status: RunStatus.CpuTimeLimit,
    });
  });

  it('counts a hit memory limit as MemoryLimit only when the program failed, an OOM kill always', () => {
    const hit = { ...usage, memoryLimitHit: true };
    expect(classifyRunEnd(exitedWith(0, { usage: hit }), limits)).toMatchObject({ status: RunStatus.Exited, exitCode: 0 });
    expect(classifyRunEnd(exitedWith(1, { usage: hit }), limits)).toMatchObject({ status: RunStatus.MemoryLimit, exitCode: 1 });
    expect(classifyRunEnd(exitedWith(0, { usage: { ...hit, oomKilled: true } }), limits)).toMatchObject({ status: RunStatus.MemoryLimit });
  });

  it('is a sandbox failure when bubblewrap never started its child, naming the wall limit when that ended it', () => {
    const never = { report: { childStarted: false, exitCode: null } };
    expect(
      classifyRunEnd(end({ ...never, launcherExitCode: 125, stderr: Buffer.from('verdict-launch: setresuid: EPERM\n') }), limits),
    ).toEqual({
      kind: 'sandbox-failure',
      message: 'the sandbox could not start the program: verdict-launch: setresuid: EPERM',
    });
    expect(classifyRunEnd(end({ ...never, launcherExitCode: 1 }), limits)).toEqual({
      kind: 'sandbox-failure',
      message: 'the sandbox could not start the program: launcher exit 1 ',
    });
    expect(
      classifyRunEnd(end({ ...never, launcherExitCode: null, launcherSignal: 'SIGKILL', killedFor: RunStatus.WallTimeLimit }), limits),
    ).toEqual({
      kind: 'sandbox-failure',
      message: 'the sandbox did not start within 2000 ms: launcher exit null SIGKILL',
    });
  });

  it("is the submitter's limit, not a sandbox failure, when memory or CPU ran out before the program started", () => {
    const never = { report: { childStarted: false, exitCode: null }, launcherExitCode: 137 };
    expect(classifyRunEnd(end({ ...never, usage: { ...usage, oomKilled: true, memoryLimitHit: true } }), limits)).toMatchObject({
      kind: 'program-ended',
      status: RunStatus.MemoryLimit,
      exitCode: null,
    });
    expect(classifyRunEnd(end({ ...never, killedFor: RunStatus.CpuTimeLimit }), limits)).toMatchObject({
      kind: 'program-ended',
      status: RunStatus.CpuTimeLimit,
    });
    // Unreadable counters stay a sandbox failure.
    expect(classifyRunEnd(end({ ...never, killedFor: RunStatus.CpuTimeLimit, usage: { unreadable: 'gone' } }), limits).kind).toBe(
      'sandbox-failure',
    );
  });

  it('is a sandbox failure when the cgroup cannot be read once the program ran', () => {
    expect(classifyRunEnd(exitedWith(0, { usage: { unreadable: 'ENOENT: cpuacct.usage' } }), limits)).toEqual({
      kind: 'sandbox-failure',
      message: "cannot read the run's cgroup: ENOENT: cpuacct.usage",
    });
  });

  it("is a set-up failure only with no exit report and the launcher's or bubblewrap's exact status and message", () => {
    const noReport = { report: started };
    expect(
      classifyRunEnd(end({ ...noReport, launcherExitCode: 125, stderr: Buffer.from('verdict-launch: fork: EAGAIN\n') }), limits),
    ).toEqual({
      kind: 'sandbox-failure',
      message: 'the sandbox could not start the program: verdict-launch: fork: EAGAIN',
    });
    expect(classifyRunEnd(end({ ...noReport, launcherExitCode: 1, stderr: Buffer.from("bwrap: Can't mount proc\n") }), limits)).toEqual({
      kind: 'sandbox-failure',
      message: "the sandbox could not start the program: bwrap: Can't mount proc",
    });
    // Wrong status for the message, or a message not at the start: the program's own exit.
    expect(classifyRunEnd(end({ ...noReport, launcherExitCode: 1, stderr: Buffer.from('verdict-launch: x\n') }), limits)).toMatchObject({
      status: RunStatus.Exited,
      exitCode: 1,
    });
    expect(classifyRunEnd(end({ ...noReport, launcherExitCode: 125, stderr: Buffer.from('bwrap: x\n') }), limits)).toMatchObject({
      status: RunStatus.Exited,
      exitCode: 125,
    });
    expect(classifyRunEnd(end({ ...noReport, launcherExitCode: 1, stderr: Buffer.from('oops\nbwrap: x\n') }), limits)).toMatchObject({
      status: RunStatus.Exited,
      exitCode: 1,
    });
  });

  it('keeps a program that fakes a set-up failure message and status a Runtime Error, never a sandbox failure', () => {
    // bubblewrap reported the program's exit: whatever stderr says, the program ran.
    const fakeLauncher = exitedWith(125, { stderr: Buffer.from('verdict-launch: setresuid: Operation not permitted\n') });
    expect(classifyRunEnd(fakeLauncher, limits)).toMatchObject({ kind: 'program-ended', status: RunStatus.Exited, exitCode: 125 });
    const fakeBwrap = exitedWith(1, { stderr: Buffer.from("bwrap: Can't mount proc on /newroot/proc: Operation not permitted\n") });
    expect(classifyRunEnd(fakeBwrap, limits)).toMatchObject({ kind: 'program-ended', status: RunStatus.Exited, exitCode: 1 });
  });

  it('never reads a set-up failure when the worker killed the run or the OOM killer acted', () => {
    const noReport = { report: started, launcherExitCode: 1, stderr: Buffer.from('bwrap: x\n') };
    expect(classifyRunEnd(end({ ...noReport, killedFor: RunStatus.CpuTimeLimit }), limits)).toMatchObject({
      status: RunStatus.CpuTimeLimit,
    });
    expect(classifyRunEnd(end({ ...noReport, usage: { ...usage, oomKilled: true, memoryLimitHit: true } }), limits)).toMatchObject({
      status: RunStatus.MemoryLimit,
      exitCode: 1,
    });
  });

  it('looks for the set-up message in the first 4096 bytes of stderr only', () => {
    const long = Buffer.concat([Buffer.from('bwrap: '), Buffer.alloc(5000, 'a')]);
    const outcome = classifyRunEnd(end({ report: started, launcherExitCode: 1, stderr: long }), limits);
    expect(outcome).toEqual({
      kind: 'sandbox-failure',
      message: `the sandbox could not start the program: bwrap: ${'a'.repeat(4096 - 7)}`,
    });
  });
});
