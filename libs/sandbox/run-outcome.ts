import type { BwrapStatusReport } from './bwrap-status.js';
import type { CgroupUsage } from './cgroups/run-cgroup.js';
import { RunStatus } from './run-result.js';
import { signalName } from './signal-name.js';

/** Exit status of the launcher when it failed itself, with `verdict-launch: …` on stderr (verdict-launch.c LAUNCH_FAILED). */
export const LAUNCHER_FAILED_EXIT = 125;
/** Exit status of bubblewrap when its set-up or the exec failed, with `bwrap: …` on stderr (bubblewrap's `die()`). */
export const BWRAP_FAILED_EXIT = 1;
/** Linux's SIGXCPU, sent by RLIMIT_CPU. */
const SIGXCPU = 24;
/** Bytes of stderr a set-up failure message is looked for in. */
const SETUP_MESSAGE_BYTES = 4096;

/** Why the worker killed a run, if it did: the first limit it saw passed. */
export type KillReason = RunStatus.WallTimeLimit | RunStatus.CpuTimeLimit | RunStatus.OutputLimit;

/** What the worker saw of one run once the launcher's pipes closed. */
export interface RunEnd {
  /** The launcher's exit status (bubblewrap's, passed on), or null when the launcher died by a signal. */
  launcherExitCode: number | null;
  /** The signal that killed the launcher, or null. */
  launcherSignal: NodeJS.Signals | null;
  /** bubblewrap's status report (bwrap-status.ts). */
  report: BwrapStatusReport;
  /** stderr as captured (at most `limits.stderrBytes`): the launcher's, bubblewrap's and the program's, on one pipe. */
  stderr: Buffer;
  /** Set when the worker killed the run (wall or CPU limit, stdout limit). */
  killedFor: KillReason | undefined;
  /** The run cgroup's counters, read after the end, or why they could not be read. */
  usage: CgroupUsage | { unreadable: string };
}

/** How a run ended: the sandbox failed (SandboxRunError), or the program ran and ended as `status` says. */
export type RunOutcome =
  | { kind: 'sandbox-failure'; message: string }
  | { kind: 'program-ended'; status: RunStatus; exitCode: number | null; signal: string | null; usage: CgroupUsage };

/**
 * Decides how a run ended. The rules, in order (first match wins):
 * 0. bubblewrap never started its sandbox child and the OOM killer acted in the run's cgroup: the
 *    memory limit, less the bytes of the program's box charged to it (Sandbox.run), left too little
 *    to start the program: MemoryLimit, the submitter's limit or executable and never the judge's fault.
 *    Likewise when the worker ended it at the CPU limit: the sandbox's start-up, which runs in the
 *    run's cgroup, used the whole CPU time limit (a limit of 1 ms): CpuTimeLimit. (A run the wall
 *    timer ended before it started stays a sandbox failure: no wall limit is under MIN_WALL_TIME_MS.)
 * 1. bubblewrap never started its sandbox child (no `child-pid` in its report): a sandbox failure,
 *    `the sandbox did not start within <wallTimeMs> ms` when the wall timer ended it, else
 *    `the sandbox could not start the program`, with stderr or the launcher's exit as the reason.
 * 2. The cgroup's counters could not be read: a sandbox failure.
 * 3. A set-up failure is never judged from stderr alone (the program writes to the same pipe): only
 *    when bubblewrap reported no `exit-code`, the worker did not kill the run, the OOM killer did
 *    not act (it may pick bubblewrap itself), AND the launcher's status and message are exactly
 *    those of the launcher (125, `verdict-launch: `) or bubblewrap (1, `bwrap: `) failing. A program
 *    printing either message and exiting with that status is still the program's own exit, because
 *    bubblewrap reports its `exit-code`. (A program that races to drain bubblewrap's set-up pipe
 *    through /proc/1/fd can suppress that report: SECURITY.md, known limits; the hostile suite's
 *    survival rows check both fakes stay Runtime Error.)
 * 4. The program's exit status is bubblewrap's `exit-code`, else the launcher's (which passes
 *    bubblewrap's on); 129…192 is death by signal status − 128, in the shell encoding both use
 *    (bwrap(1), verdict-launch.c step 7). So a program exiting with 152 reads as SIGXCPU
 *    (SECURITY.md, known limits).
 * 5. Status: the worker's kill reason if any; else CpuTimeLimit when the cgroup's CPU time passed
 *    `cpuTimeLimitNs`; else MemoryLimit when the OOM killer acted, or the memory limit was hit and
 *    the program did not exit 0 (a failed allocation it died of); else CpuTimeLimit for SIGXCPU
 *    (RLIMIT_CPU, the backstop: CPU time past the limit is Time Limit Exceeded however the run
 *    was ended, as Kattis and DOMjudge judge it); else Signaled for a signal; else Exited.
 * `exitCode` is null when a signal is reported, `signal` (e.g. `SIGSEGV`) null otherwise.
 * @param limits.wallTimeMs the run's wall limit, ms (for the message only)
 * @param limits.cpuTimeLimitNs the run's CPU limit, ns
 */
export function classifyRunEnd(end: RunEnd, limits: { wallTimeMs: number; cpuTimeLimitNs: bigint }): RunOutcome {
  if (!end.report.childStarted && !('unreadable' in end.usage) && (end.usage.oomKilled || end.killedFor === RunStatus.CpuTimeLimit)) {
    const status = end.killedFor === RunStatus.CpuTimeLimit ? RunStatus.CpuTimeLimit : RunStatus.MemoryLimit;
    return { kind: 'program-ended', status, exitCode: null, signal: null, usage: end.usage };
  }
  if (!end.report.childStarted) {
    const why = end.stderr.toString().trim() || `launcher exit ${end.launcherExitCode} ${end.launcherSignal ?? ''}`;
    const message =
      end.killedFor === RunStatus.WallTimeLimit
        ? `the sandbox did not start within ${limits.wallTimeMs} ms: ${why}`
        : `the sandbox could not start the program: ${why}`;
    return { kind: 'sandbox-failure', message };
  }
  const { usage } = end;
  if ('unreadable' in usage) return { kind: 'sandbox-failure', message: `cannot read the run's cgroup: ${usage.unreadable}` };

  const reportedExit = end.report.exitCode;
  if (reportedExit === null && end.killedFor === undefined && !usage.oomKilled) {
    const setupError = setupFailureMessage(end.launcherExitCode, end.stderr);
    if (setupError !== null) return { kind: 'sandbox-failure', message: `the sandbox could not start the program: ${setupError}` };
  }

  const programExit = reportedExit ?? end.launcherExitCode;
  const signalNumber = programExit !== null && programExit > 128 && programExit < 128 + 65 ? programExit - 128 : null;
  let status: RunStatus;
  if (end.killedFor !== undefined) status = end.killedFor;
  else if (usage.cpuTimeNs > limits.cpuTimeLimitNs) status = RunStatus.CpuTimeLimit;
  else if (usage.oomKilled || (usage.memoryLimitHit && programExit !== 0)) status = RunStatus.MemoryLimit;
  // RLIMIT_CPU's SIGXCPU (the backstop a second past the limit) is the CPU limit too, whichever
  // mechanism ended the run first: under load the per-process rlimit can fire before the cgroup's
  // counter is read past the limit.
  else if (signalNumber === SIGXCPU) status = RunStatus.CpuTimeLimit;
  else if (signalNumber !== null) status = RunStatus.Signaled;
  else status = RunStatus.Exited;
  return {
    kind: 'program-ended',
    status,
    exitCode: signalNumber === null ? programExit : null,
    signal: signalNumber === null ? null : signalName(signalNumber),
    usage,
  };
}

/** The launcher's or bubblewrap's own failure message when `exit` and the start of stderr are exactly theirs, else null. */
function setupFailureMessage(exit: number | null, stderr: Buffer): string | null {
  const text = stderr.subarray(0, SETUP_MESSAGE_BYTES).toString();
  if (exit === LAUNCHER_FAILED_EXIT && text.startsWith('verdict-launch: ')) return text.trim();
  if (exit === BWRAP_FAILED_EXIT && text.startsWith('bwrap: ')) return text.trim();
  return null;
}
