import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BoundedCapture } from '../bounded-capture.js';
import { BASE_ENV } from '../bwrap-args.js';
import type { CgroupDriver } from '../cgroups/run-cgroup.js';
import type { RunBaseline, SlotCgroup } from '../cgroups/slot-cgroup.js';
import { residentLauncherArgv } from '../launch-argv.js';
import { LimitWatcher } from '../limit-watcher.js';
import { logCleanupFailure } from '../remove-tree.js';
import type { ReadOnlyMount, RunRequest } from '../run-request.js';
import { classifyRunEnd, type KillReason } from '../run-outcome.js';
import { RunStatus, type RunResult } from '../run-result.js';
import { shellStatus, type ResidentEnd, type ResidentStart } from './resident-frames.js';
import { ResidentDiedError, ResidentProcess } from './resident-process.js';

/** Largest stdin sent to a resident, bytes; a larger one takes the per-run path (its copy would cost more than it saves). */
export const RESIDENT_MAX_STDIN_BYTES = 64 * 1024 * 1024;
/** The resident's own tasks in its slot cgroup: launcher, bubblewrap, bubblewrap's init, verdict-resident. */
const RESIDENT_TASKS = 4;
/** Memory limit of a slot cgroup while no run is in it, bytes. */
const IDLE_MEMORY_BYTES = 64 * 1024 * 1024;
/** How long a resident may take to be ready, ms. */
const START_TIMEOUT_MS = 10_000;
/** How long a killed run may take to end before its resident is given up, ms. */
const KILL_GRACE_MS = 2000;
/** Resident starts failing in a row after which this worker stops trying. */
const MAX_START_FAILURES = 3;
const PAGE_BYTES = 4096;

/** What ResidentSlots needs of its sandbox. */
export interface ResidentSlotsOptions {
  launcherPath: string;
  bwrapPath: string;
  baseBwrapArgs: readonly string[];
  stageDir: string;
  /** Read-only mounts every run gets, before a request's own. */
  sharedMounts: readonly ReadOnlyMount[];
  uids: readonly number[];
  slotCpus: readonly number[] | null;
  cgroups: CgroupDriver;
  /** The test-run seccomp filter (SeccompFilters.readOnlyBox). */
  filter: string;
  tmpInodes: number;
  parallelism: number;
}

/** Counts, for tests and the benchmark. */
export interface ResidentStats {
  /** Residents started. */
  started: number;
  /** Test runs a resident ran. */
  runs: number;
  /** Test runs handed back to the per-run path because a resident died, broke or could not start the program. */
  fallbacks: number;
}

interface Resident {
  key: string;
  process: ResidentProcess;
  cgroup: SlotCgroup;
  /** The resident's own tasks, spared when a run's leftovers are killed. */
  tasks: ReadonlySet<number>;
  busy: boolean;
}

/**
 * The test runs of every slot through one resident per (slot, box and mounts)
 * (docs/resident-sandbox.md). `run` returns null whenever the per-run path must run the test
 * instead: no resident possible (cgroup v2, stdin too large, the box alone over the memory limit),
 * the resident could not start, died during the run (it was killed, the OOM killer chose it) or
 * could not start the program. The resident is then given up (its slot cgroup killed and removed)
 * and the next run starts a new one. Nothing the program does makes it an Internal Error.
 */
export class ResidentSlots {
  private readonly residents = new Map<number, Resident>();
  private startFailures = 0;
  private counter = 0;
  readonly stats: ResidentStats = { started: 0, runs: 0, fallbacks: 0 };

  constructor(private readonly options: ResidentSlotsOptions) {}

  /** Runs a test run of `slot` in its resident, or returns null (see the class). `chargedBytes`: the read-only box's bytes (Sandbox.run). */
  async run(slot: number, request: RunRequest, chargedBytes: number): Promise<RunResult | null> {
    if (this.startFailures >= MAX_START_FAILURES) return null;
    const cgroupBytes = request.limits.memoryKiB * 1024 - chargedBytes;
    if (cgroupBytes <= 0) return null;
    const stdin = await stdinBytes(request);
    if (stdin === null) return null;
    const mounts = [...this.options.sharedMounts, ...(request.mounts ?? [])];
    const key = JSON.stringify([request.box.hostPath, mounts]);
    let resident = this.residents.get(slot);
    if (resident?.busy) return null;
    if (resident && (resident.key !== key || !resident.process.alive)) {
      this.stop(slot);
      resident = undefined;
    }
    resident ??= await this.start(slot, key, request.box.hostPath, mounts);
    if (!resident) return null;
    resident.busy = true;
    try {
      const result = await this.runIn(resident, request, stdin, cgroupBytes);
      if (result === null) {
        this.stats.fallbacks++;
        this.stop(slot);
        return null;
      }
      this.stats.runs++;
      return chargedBytes === 0 ? result : { ...result, memoryKiB: result.memoryKiB + Math.ceil(chargedBytes / 1024) };
    } finally {
      resident.busy = false;
    }
  }

  /** Stops `slot`'s resident, if any (at the slot's release, or when its box changes); never throws. */
  stop(slot: number): void {
    const resident = this.residents.get(slot);
    if (!resident) return;
    this.residents.delete(slot);
    resident.process.stop();
    resident.cgroup
      .destroy()
      .catch((err: unknown) =>
        logCleanupFailure({ path: resident.cgroup.procsFiles[0] ?? '', error: (err as Error).message, quarantinedAt: null }),
      );
  }

  private async start(slot: number, key: string, boxHostPath: string, mounts: ReadOnlyMount[]): Promise<Resident | undefined> {
    const cgroup = this.options.cgroups.createSlot(`w${process.pid}-s${slot}-r${++this.counter}`, {
      memoryBytes: IDLE_MEMORY_BYTES,
      maxProcesses: RESIDENT_TASKS + 4,
    });
    if (!cgroup) {
      this.startFailures = MAX_START_FAILURES; // the driver cannot: never again
      return undefined;
    }
    const args = residentLauncherArgv({
      bwrapPath: this.options.bwrapPath,
      baseBwrapArgs: this.options.baseBwrapArgs,
      stageDir: this.options.stageDir,
      cgroupProcsFiles: cgroup.procsFiles,
      uid: this.options.uids[slot]!,
      mounts,
      boxHostPath,
      cpu: this.options.slotCpus?.[slot] ?? null,
      filter: this.options.filter,
      residentDir: dirname(this.options.launcherPath),
    });
    try {
      const process = await ResidentProcess.start(this.options.launcherPath, args, START_TIMEOUT_MS);
      const tasks = new Set(cgroup.pids());
      cgroup.setResidentBytes(cgroup.chargedBytes());
      this.startFailures = 0;
      this.stats.started++;
      const resident: Resident = { key, process, cgroup, tasks, busy: false };
      this.residents.set(slot, resident);
      if (tasks.size !== RESIDENT_TASKS) {
        this.stop(slot);
        throw new Error(`the resident has ${tasks.size} tasks, not ${RESIDENT_TASKS}`);
      }
      return resident;
    } catch (err) {
      this.startFailures++;
      logCleanupFailure({
        path: cgroup.procsFiles[0] ?? '',
        error: `the slot's resident did not start: ${(err as Error).message}`,
        quarantinedAt: null,
      });
      await cgroup.destroy().catch(() => undefined);
      return undefined;
    }
  }

  /** One run in `resident`; null when the per-run path must run it (the resident died or could not start the program). */
  private async runIn(resident: Resident, request: RunRequest, stdin: Buffer, cgroupBytes: number): Promise<RunResult | null> {
    const { limits } = request;
    const { cgroup, process } = resident;
    const cpuTimeLimitNs = BigInt(limits.cpuTimeMs) * 1_000_000n;
    const stdinPages = Math.ceil(stdin.length / PAGE_BYTES) * PAGE_BYTES;
    let baseline: RunBaseline;
    try {
      // + the run's init; the resident's tasks are in the cgroup too.
      baseline = cgroup.prepareRun(cgroupBytes + stdinPages, limits.processes + RESIDENT_TASKS + 1);
    } catch {
      return null;
    }
    const cpuSoftS = Math.ceil(limits.cpuTimeMs / 1000) + 1;
    const start: ResidentStart = {
      argv: request.argv,
      envp: Object.entries({ ...BASE_ENV, ...request.env }).map(([name, value]) => `${name}=${value}`),
      tmpBytes: limits.tmpBytes,
      tmpInodes: this.options.tmpInodes,
      stdin,
      cpuSoftS,
      cpuHardS: cpuSoftS + 1,
      fileSizeBytes: limits.fileSizeBytes,
      openFiles: limits.openFiles,
      stackBytes: limits.memoryKiB * 1024,
      stdoutBytes: limits.stdoutBytes,
      stderrBytes: limits.stderrBytes,
    };
    let killedFor: KillReason | undefined;
    let graceTimer: NodeJS.Timeout | undefined;
    const killFor = (reason: KillReason) => {
      if (killedFor !== undefined) return;
      killedFor = reason;
      process.killRun();
      // A resident that does not end a killed run is broken: killing its tasks ends the run (as a death).
      graceTimer = setTimeout(() => void cgroup.killAll(), KILL_GRACE_MS);
    };
    const stdout = new BoundedCapture(limits.stdoutBytes, () => killFor(RunStatus.OutputLimit));
    const stderr = new BoundedCapture(limits.stderrBytes);
    const watcher = new LimitWatcher({
      wallTimeMs: limits.wallTimeMs,
      cpuTimeLimitNs,
      parallelism: this.options.parallelism,
      readCpuTimeNs: () => cgroup.cpuTimeNs(),
      onLimit: killFor,
    });
    const started = globalThis.process.hrtime.bigint();
    let end: ResidentEnd;
    try {
      const ending = process.run(start, { onStdout: (c) => stdout.push(c), onStderr: (c) => stderr.push(c) });
      watcher.start();
      end = await ending;
    } catch (err) {
      if (err instanceof ResidentDiedError) return null;
      throw err;
    } finally {
      watcher.stop();
      clearTimeout(graceTimer);
    }
    const wallTimeMs = Number(globalThis.process.hrtime.bigint() - started) / 1e6;
    // The program could not be started (its message says why), or the init died: the per-run path decides.
    if (end.setupMessage !== '' || (!end.statusValid && killedFor === undefined)) {
      return null;
    }
    const leftovers = cgroup.pids().filter((pid) => !resident.tasks.has(pid));
    if (leftovers.length > 0) return null; // never expected: the run's PID namespace is gone
    let usage;
    try {
      usage = cgroup.usage(baseline);
    } catch {
      return null;
    }
    usage = { ...usage, memoryPeakBytes: Math.max(0, usage.memoryPeakBytes - stdinPages) };
    const status = end.statusValid ? shellStatus(end.waitStatus) : 128 + 9;
    const outcome = classifyRunEnd(
      {
        launcherExitCode: status,
        launcherSignal: null,
        report: { childStarted: true, exitCode: end.statusValid ? status : null },
        stderr: stderr.bytes(),
        killedFor,
        usage,
      },
      { wallTimeMs: limits.wallTimeMs, cpuTimeLimitNs },
    );
    if (outcome.kind === 'sandbox-failure') return null;
    return {
      status: outcome.status,
      exitCode: outcome.exitCode,
      signal: outcome.signal,
      cpuTimeMs: Number(outcome.usage.cpuTimeNs) / 1e6,
      wallTimeMs,
      memoryKiB: Math.ceil(outcome.usage.memoryPeakBytes / 1024),
      stdout: stdout.bytes(),
      stderr: stderr.bytes(),
    };
  }
}

/** The request's stdin as bytes, or null when it is a file larger than RESIDENT_MAX_STDIN_BYTES. */
async function stdinBytes(request: RunRequest): Promise<Buffer | null> {
  const source = request.stdin;
  if (!source) return Buffer.alloc(0);
  if ('data' in source) {
    const data = typeof source.data === 'string' ? Buffer.from(source.data) : source.data;
    return data.length > RESIDENT_MAX_STDIN_BYTES ? null : data;
  }
  if ((await stat(source.file)).size > RESIDENT_MAX_STDIN_BYTES) return null;
  return readFile(source.file);
}
