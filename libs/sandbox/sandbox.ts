import { spawn } from 'node:child_process';
import { Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { closeSync, constants as fsConstants, openSync, unlinkSync, writeFileSync } from 'node:fs';
import { chmod, mkdir, readdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Box } from './box.js';
import { BoundedCapture } from './bounded-capture.js';
import { baseBwrapArgs } from './bwrap-args.js';
import { parseBwrapStatus, STATUS_FD } from './bwrap-status.js';
import type { CgroupDriver, CgroupUsage, RunCgroup } from './cgroups/run-cgroup.js';
import { checkHost } from './host-requirements.js';
import { launcherArgv, runMounts, sharedMounts } from './launch-argv.js';
import { LimitWatcher } from './limit-watcher.js';
import type { ReadOnlyMount, RunRequest } from './run-request.js';
import { classifyRunEnd, type KillReason } from './run-outcome.js';
import { RunStatus, type RunResult } from './run-result.js';
import { SandboxRunError } from './sandbox-run.error.js';
import { SandboxUnavailableError } from './sandbox-unavailable.error.js';
import {
  DEFAULT_BOX_BYTES,
  DEFAULT_BOX_INODES,
  DEFAULT_RELEASE_CHARGES_EVERY_RUNS,
  DEFAULT_TMP_INODES,
  type SandboxOptions,
} from './sandbox-options.js';
import { isProcessAlive } from './process-alive.js';
import { leaseUids, releaseUids } from './uid-leases.js';
import { disposeTree, launcherTreeRemover, logCleanupFailure, TRASH_DIR, type TreeRemover } from './remove-tree.js';
import { runLauncherCommand } from './launcher-command.js';
import { makeConnectedPipes, PIPES_DIR_PREFIX } from './connected-pipes.js';
import { allowedCpus, slotCpus } from './cpu-pinning.js';
import { SMALL_RUN_LIMITS } from './small-run-limits.js';
import { exportSeccompFilters, removeSeccompFilters, type SeccompFilters } from './seccomp-filters.js';
import { ResidentSlots, type ResidentStats } from './resident/resident-slots.js';

/** A run of `runConnected`: its stdin and stdout are the pipes, so it has no stdin of its own. */
export type ConnectedRequest = Omit<RunRequest, 'stdin'>;

/** The results of a submission and its interactor run connected (`SandboxSlot.runConnected`). */
export interface ConnectedRuns {
  submission: RunResult;
  interactor: RunResult;
  /** The interactor's run ended before the submission's (the order their launchers exited in). */
  interactorExitedFirst: boolean;
}

/** A run's side of a connection: the worker's descriptors it gets as its stdin and stdout, and hooks. */
interface RunConnection {
  stdinFd: number;
  stdoutFd: number;
  /** The run's launcher exited or could not be started (the caller also calls it when `run` settles). */
  onEnd(): void;
}

/** A lease on one sandbox slot: its uid, its boxes and its runs. Release it when done. */
export interface SandboxSlot {
  readonly index: number;
  readonly uid: number;
  /** A fresh empty box owned by this slot's uid. */
  createBox(): Promise<Box>;
  /** Runs one program; see `Sandbox.run`. */
  run(request: RunRequest): Promise<RunResult>;
  /**
   * Runs one test run (the box read-only): in the slot's resident when SandboxOptions.resident is
   * on (docs/resident-sandbox.md), else, and whenever the resident cannot, as `run` does. Same
   * result and verdict semantics as `run`.
   */
  runTest(request: RunRequest): Promise<RunResult>;
  /** Runs a submission and its interactor connected by kernel pipes; see `Sandbox.runConnected`. */
  runConnected(submission: ConnectedRequest, interactor: ConnectedRequest): Promise<ConnectedRuns>;
  release(): void;
}

/**
 * Runs untrusted programs under bubblewrap with cgroup limits (see libs/sandbox/README.md).
 * One instance per worker; `slots` runs may go at once, each under its own uid and cgroup.
 * Open it with `Sandbox.open`, which refuses (SandboxUnavailableError) when the host lacks a part.
 */
export class Sandbox {
  /** bubblewrap options shared by every run, read from the host once (bwrap-args.ts). */
  private readonly baseArgs: string[];
  /** Read-only mounts every run gets (SandboxOptions.extraReadOnlyPaths), staged before a request's own. */
  private readonly sharedMounts: ReadOnlyMount[];
  private readonly free: number[];
  /** uid of each slot, leased for this process (see uid-leases.ts). */
  private readonly uids: number[];
  private readonly waiters: ((slot: number) => void)[] = [];
  private runCounter = 0;
  private readonly parallelism = availableParallelism();
  /** Mount point the launcher covers with a tmpfs in its private mount namespace. */
  private readonly stageDir: string;
  /** Removes boxes descriptor-relatively (verdict-launch --remove-tree). */
  private readonly removeTree: TreeRemover;
  /** Covers a new box with its bounded tmpfs (verdict-launch --mount-box). */
  private readonly mountBox: (dir: string, uid: number) => Promise<void>;
  private readonly tmpInodes: number;
  /**
   * The CPU each slot's runs are pinned to (index = slot), or null when runs are not pinned
   * (SandboxOptions.pinCpus off, or fewer CPUs than slots).
   */
  readonly slotCpus: readonly number[] | null;
  /** Run cgroups removed since the last reclaim of their page cache (releaseDeadCharges). */
  private removedSinceRelease = 0;
  private releasing: Promise<void> | null = null;
  /** The slots' residents of test runs, or null when SandboxOptions.resident is off. */
  private readonly residents: ResidentSlots | null;

  private constructor(
    private readonly options: SandboxOptions,
    readonly cgroups: CgroupDriver,
    /** This worker's compiled seccomp filters, exported once at open (seccomp-filters.ts). */
    private readonly seccompFilters: SeccompFilters,
  ) {
    this.baseArgs = baseBwrapArgs();
    this.sharedMounts = sharedMounts(options.extraReadOnlyPaths);
    this.stageDir = join(options.workDir, 'stage');
    this.removeTree = launcherTreeRemover(options.launcherPath);
    const boxBytes = String(options.boxBytes ?? DEFAULT_BOX_BYTES);
    const boxInodes = String(options.boxInodes ?? DEFAULT_BOX_INODES);
    this.mountBox = (dir, uid) => runLauncherCommand(options.launcherPath, ['--mount-box', dir, boxBytes, boxInodes, String(uid)]);
    this.tmpInodes = options.tmpInodes ?? DEFAULT_TMP_INODES;
    this.free = Array.from({ length: options.slots }, (_, i) => i);
    this.slotCpus = options.pinCpus === false ? null : slotCpus(options.slots, allowedCpus());
    this.uids = leaseUids(options.workDir, options.uidBase, options.slots);
    this.residents = options.resident
      ? new ResidentSlots({
          launcherPath: options.launcherPath,
          bwrapPath: options.bwrapPath,
          baseBwrapArgs: this.baseArgs,
          stageDir: this.stageDir,
          sharedMounts: this.sharedMounts,
          uids: this.uids,
          slotCpus: this.slotCpus,
          cgroups,
          filter: seccompFilters.readOnlyBox,
          tmpInodes: this.tmpInodes,
          parallelism: this.parallelism,
        })
      : null;
    process.once('exit', () => {
      releaseUids(options.workDir, this.uids);
      removeSeccompFilters(seccompFilters);
    });
  }

  /**
   * Checks the host (host-requirements.ts), compiles the seccomp filters every run is handed
   * (`exportSeccompFilters`, once per worker) and returns a ready sandbox, after one smoke run of `/bin/sh -c 'exit 0'`.
   * @throws SandboxUnavailableError naming every missing part (not root, no bwrap, no launcher,
   *   user namespaces off, no writable cgroup, a launcher that cannot compile the filters, or a smoke run that fails).
   */
  static async open(options: SandboxOptions): Promise<Sandbox> {
    const cgroups = checkHost(options);

    await mkdir(options.workDir, { recursive: true, mode: 0o711 });
    await chmod(options.workDir, 0o711); // slots' uids must traverse it to reach their boxes
    // A worker that died mid-run leaves its run cgroups (the launcher kills their tasks when it
    // can; this catches the rest), first, so that nothing still runs in the boxes removed next.
    // Neither step can refuse the start: what cannot be removed is logged (and moved aside).
    try {
      await cgroups.removeStale(isProcessAlive);
    } catch (err) {
      logCleanupFailure({ path: options.cgroupParent, error: (err as Error).message, quarantinedAt: null });
    }
    await removeStaleBoxes(options.workDir, launcherTreeRemover(options.launcherPath));
    await mkdir(join(options.workDir, 'stage'), { recursive: true, mode: 0o711 });
    let seccompFilters: SeccompFilters;
    try {
      seccompFilters = await exportSeccompFilters(options.launcherPath, options.workDir);
    } catch (err) {
      throw new SandboxUnavailableError([`the launcher cannot compile the seccomp filters: ${(err as Error).message}`]);
    }
    const sandbox = new Sandbox(options, cgroups, seccompFilters);
    await sandbox.smokeTest();
    return sandbox;
  }

  /** Number of slots. */
  get slots(): number {
    return this.options.slots;
  }

  /** Waits for a free slot and leases it. */
  async acquire(): Promise<SandboxSlot> {
    const index = this.free.pop() ?? (await new Promise<number>((resolve) => this.waiters.push(resolve)));
    const uid = this.uids[index];
    let released = false;
    return {
      index,
      uid,
      createBox: () =>
        Box.create(join(this.options.workDir, `box-${process.pid}-${index}-${++this.runCounter}`), uid, uid, {
          mount: this.mountBox,
          remove: this.removeTree,
          workDir: this.options.workDir,
        }),
      run: (request) => this.run(index, request),
      runTest: (request) => this.runTest(index, request),
      runConnected: (submission, interactor) => this.runConnected(index, submission, interactor),
      release: () => {
        if (released) return;
        released = true;
        this.residents?.stop(index);
        const next = this.waiters.shift();
        if (next) next(index);
        else this.free.push(index);
      },
    };
  }

  private async smokeTest(): Promise<void> {
    const slot = await this.acquire();
    const box = await slot.createBox();
    try {
      const result = await slot.run({
        argv: ['/bin/sh', '-c', 'exit 0'],
        box,
        boxWritable: false,
        limits: SMALL_RUN_LIMITS,
      });
      if (result.status !== RunStatus.Exited || result.exitCode !== 0) {
        throw new SandboxUnavailableError([
          `a test run of /bin/sh in the sandbox failed (${result.status}, exit ${result.exitCode}, signal ${result.signal}): ${result.stderr.toString().trim()}`,
        ]);
      }
    } catch (err) {
      if (err instanceof SandboxUnavailableError) throw err;
      throw new SandboxUnavailableError([`a test run in the sandbox failed: ${(err as Error).message}`]);
    } finally {
      await box.destroy();
      slot.release();
    }
  }

  /**
   * Runs `request.argv` in slot `slot`'s sandbox and measures it. Never throws for anything the
   * program does; the status says how it ended.
   *
   * Memory: a run that sees its box read-only (a test run) is charged the box's bytes
   * (`Box.usedBytes`, the program and whatever the compilation left): its cgroup may use the memory
   * limit less those bytes, and `memoryKiB` reports the cgroup's peak plus them. The box's pages
   * stay resident (tmpfs, no swap) and are charged to the compilation that wrote them, so without
   * this a program could carry hundreds of MiB of data in its executable past any memory limit.
   * A box that alone takes the whole limit is a MemoryLimit result without a run; one that leaves
   * too little for the sandbox to start the program is MemoryLimit too (run-outcome.ts).
   * @throws SandboxRunError when the sandbox itself could not start the program.
   */
  private async run(slot: number, request: RunRequest, connection?: RunConnection): Promise<RunResult> {
    const { limits } = request;
    const uid = this.uids[slot];
    const chargedBytes = request.boxWritable ? 0 : await request.box.usedBytes();
    const cgroupBytes = limits.memoryKiB * 1024 - chargedBytes;
    if (cgroupBytes <= 0) return boxExceedsMemory(chargedBytes);
    const cgroup = this.cgroups.create(`w${process.pid}-s${slot}-${++this.runCounter}`, {
      memoryBytes: cgroupBytes,
      // + the launcher, bwrap and bwrap's PID-namespace init, which share the cgroup.
      maxProcesses: limits.processes + 3,
    });
    let stdinFd: number | undefined;
    try {
      if (!connection) stdinFd = this.openStdin(slot, request);
      const result = await this.spawnAndWait(uid, this.slotCpus?.[slot] ?? null, cgroup, request, stdinFd, connection);
      return chargedBytes === 0 ? result : { ...result, memoryKiB: result.memoryKiB + Math.ceil(chargedBytes / 1024) };
    } finally {
      if (stdinFd !== undefined) closeSync(stdinFd);
      await cgroup.destroy();
      this.countRemovedCgroup();
    }
  }

  /** Counts of the residents' work (null when SandboxOptions.resident is off), for tests and the benchmark. */
  get residentStats(): ResidentStats | null {
    return this.residents ? { ...this.residents.stats } : null;
  }

  /** A test run: the resident's (ResidentSlots.run), or `run`'s when it returns null. */
  private async runTest(slot: number, request: RunRequest): Promise<RunResult> {
    if (this.residents && !request.boxWritable) {
      const chargedBytes = await request.box.usedBytes();
      const result = await this.residents.run(slot, request, chargedBytes);
      if (result) return result;
    }
    return this.run(slot, request);
  }

  /**
   * Runs a submission and its interactor at once in slot `slot`, each in its own sandbox with its
   * own limits, connected by two kernel pipes (1 MiB buffers): the submission's stdout is the
   * interactor's stdin and the other way round, so a side that writes faster than the other reads
   * blocks, as on Kattis and DOMjudge, and nothing passes through the worker. The worker keeps its
   * own ends as problemtools' interactive runner does, so the order of exits is not a race:
   * - the write end of each pipe until the run that writes it has ended, so the other side sees
   *   EOF only after that run is over (the one that ended first is the one that exited first);
   * - the read end of the submission's stdin: once the submission has ended, what the interactor
   *   still writes to it is read and dropped, up to the interactor's `stdoutBytes`, and only then
   *   is it a broken pipe. An interactor that writes after the submission exited is not killed by
   *   SIGPIPE (the submission may stop early), and never blocks on a full pipe to a submission
   *   that is gone (it would run out of wall time: the judge's error, caused by the submission);
   * - the read end of the interactor's stdin until the interactor's run has ended, so a submission
   *   that writes after the interactor exited gets a broken pipe (SIGPIPE) then, and never before
   *   the interactor's end is seen (problemtools, the interactor's parent, closes it at once; the
   *   worker sees an end only when the run's launcher has exited, a few ms later).
   * Nothing of either run's stdout is captured (it is the pipe); stderr is, as in `run`.
   * @throws SandboxRunError when the sandbox failed either run (after both ended); Error when the
   *   pipes cannot be made.
   */
  private async runConnected(slot: number, submission: ConnectedRequest, interactor: ConnectedRequest): Promise<ConnectedRuns> {
    const pipes = await makeConnectedPipes(this.options.workDir, String(slot));
    const held = new Set([pipes.toInteractor.read, pipes.toInteractor.write, pipes.toSubmission.read, pipes.toSubmission.write]);
    const release = (fd: number) => {
      if (held.delete(fd)) closeSync(fd);
    };
    let first: 'submission' | 'interactor' | undefined;
    /** A run's end, however it came (exit, failure to start, never started): the first to come is the first exit. */
    const ended =
      (who: 'submission' | 'interactor', ...ends: number[]) =>
      () => {
        first ??= who;
        for (const fd of ends) release(fd);
      };
    const submissionEnded = ended('submission', pipes.toInteractor.write);
    const interactorEnded = ended('interactor', pipes.toSubmission.write, pipes.toInteractor.read);
    // Once the submission has ended, what the interactor still writes to it is read and dropped
    // (up to the interactor's stdout bound), so an interactor that writes more than the pipe holds
    // (1 MiB, or 4 KiB after the submission's F_SETPIPE_SZ) never blocks on a dead submission into
    // its own wall limit, which would be Internal Error caused by the submission.
    let drain: Socket | undefined;
    const startDrain = () => {
      if (drain || !held.delete(pipes.toSubmission.read)) return;
      let bytes = 0;
      drain = new Socket({ fd: pipes.toSubmission.read, readable: true, writable: false });
      drain.on('error', () => undefined);
      drain.on('data', (c: Buffer) => {
        bytes += c.length;
        if (bytes > interactor.limits.stdoutBytes) drain?.destroy();
      });
    };
    const submissionDone = () => {
      submissionEnded();
      startDrain();
    };
    try {
      const runs = await Promise.allSettled([
        this.run(slot, submission, {
          stdinFd: pipes.toSubmission.read,
          stdoutFd: pipes.toInteractor.write,
          onEnd: submissionDone,
        }).finally(submissionDone),
        this.run(slot, interactor, {
          stdinFd: pipes.toInteractor.read,
          stdoutFd: pipes.toSubmission.write,
          onEnd: interactorEnded,
        }).finally(interactorEnded),
      ]);
      const [submissionRun, interactorRun] = runs;
      if (submissionRun.status === 'rejected') throw submissionRun.reason;
      if (interactorRun.status === 'rejected') throw interactorRun.reason;
      return { submission: submissionRun.value, interactor: interactorRun.value, interactorExitedFirst: first === 'interactor' };
    } finally {
      drain?.destroy();
      for (const fd of held) closeSync(fd);
    }
  }

  /**
   * Reclaims the page cache charged to removed run cgroups, which keeps them alive as dying
   * cgroups (CgroupDriver.releaseDeadCharges): every `releaseChargesEveryRuns` runs, in the
   * background (a few ms; never in a run's path, never failing one). Awaitable for tests.
   */
  releaseDeadCharges(): Promise<void> {
    this.removedSinceRelease = 0;
    this.releasing ??= this.cgroups
      .releaseDeadCharges()
      .then((problem) => {
        if (problem !== null)
          logCleanupFailure({
            path: this.options.cgroupParent,
            error: `reclaiming removed runs' page cache: ${problem}`,
            quarantinedAt: null,
          });
      })
      .finally(() => {
        this.releasing = null;
      });
    return this.releasing;
  }

  private countRemovedCgroup(): void {
    if (++this.removedSinceRelease >= (this.options.releaseChargesEveryRuns ?? DEFAULT_RELEASE_CHARGES_EVERY_RUNS)) {
      void this.releaseDeadCharges();
    }
  }

  private openStdin(slot: number, request: RunRequest): number {
    const source = request.stdin;
    if (source && 'file' in source) return openSync(source.file, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW);
    // Bytes go through a root-owned 0600 file outside every box, so the program can seek and
    // never blocks the worker on a full pipe; it cannot reopen the file by path (not mounted).
    // A random name: the program sees it (readlink /proc/self/fd/0), and a counter would tell it
    // how many runs other submissions had in between.
    const path = join(this.options.workDir, `stdin-${process.pid}-${slot}-${randomBytes(8).toString('hex')}`);
    writeFileSync(path, source?.data ?? '', { mode: 0o600, flag: 'wx' });
    try {
      return openSync(path, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW);
    } finally {
      unlinkSync(path); // the descriptor is all the run needs
    }
  }

  /**
   * Starts the launcher for one run and waits until its pipes close: the watcher ends the run at its
   * wall or CPU limit, the stdout capture at its byte limit; `classifyRunEnd` then says how it ended.
   * @throws SandboxRunError when the launcher cannot be spawned or the sandbox failed (run-outcome.ts).
   */
  private spawnAndWait(
    uid: number,
    cpu: number | null,
    cgroup: RunCgroup,
    request: RunRequest,
    stdinFd: number | undefined,
    connection: RunConnection | undefined,
  ): Promise<RunResult> {
    const { limits } = request;
    const cpuTimeLimitNs = BigInt(limits.cpuTimeMs) * 1_000_000n;
    const args = launcherArgv({
      bwrapPath: this.options.bwrapPath,
      baseBwrapArgs: this.baseArgs,
      stageDir: this.stageDir,
      cgroupProcsFiles: cgroup.procsFiles,
      uid,
      mounts: runMounts(this.sharedMounts, request.mounts),
      boxHostPath: request.box.hostPath,
      boxWritable: request.boxWritable,
      seccompFilters: this.seccompFilters,
      tmpInodes: this.tmpInodes,
      env: request.env,
      argv: request.argv,
      connected: connection !== undefined,
      cpu,
      limits,
    });

    return new Promise<RunResult>((resolve, reject) => {
      const started = process.hrtime.bigint();
      let killedFor: KillReason | undefined;
      let exitCode: number | null = null;
      let exitSignal: NodeJS.Signals | null = null;
      let statusText = '';

      // stdio[STATUS_FD] is bubblewrap's status pipe (the launcher keeps it with --keep-fd); a
      // connected run's pipe ends follow at CONNECTED_STDIN_FD and CONNECTED_STDOUT_FD (--pass-fd).
      const child = spawn(this.options.launcherPath, args, {
        stdio: connection
          ? ['ignore', 'pipe', 'pipe', 'pipe', connection.stdinFd, connection.stdoutFd]
          : [stdinFd ?? 'ignore', 'pipe', 'pipe', 'pipe'],
        env: {},
        detached: true,
      });
      const killFor = (reason: KillReason) => {
        if (killedFor !== undefined) return;
        killedFor = reason;
        // Kill everything but the launcher, which reaps it all and exits (see verdict-launch.c).
        void cgroup.killAll(child.pid).then(() => {
          // The launcher reaps and exits within milliseconds; should it not, end it too.
          setTimeout(() => child.kill('SIGKILL'), 1000).unref();
        });
      };
      const stdout = new BoundedCapture(limits.stdoutBytes, () => killFor(RunStatus.OutputLimit));
      const stderr = new BoundedCapture(limits.stderrBytes);
      child.stdout!.on('data', (c: Buffer) => stdout.push(c));
      child.stderr!.on('data', (c: Buffer) => stderr.push(c));
      (child.stdio[STATUS_FD] as NodeJS.ReadableStream).on('data', (c: Buffer) => (statusText += c.toString()));

      const watcher = new LimitWatcher({
        wallTimeMs: limits.wallTimeMs,
        cpuTimeLimitNs,
        parallelism: this.parallelism,
        readCpuTimeNs: () => cgroup.cpuTimeNs(),
        onLimit: killFor,
      });
      watcher.start();

      child.on('error', (err) => {
        connection?.onEnd();
        watcher.stop();
        reject(new SandboxRunError(`cannot start the sandbox launcher: ${err.message}`));
      });
      child.on('exit', (code, signal) => {
        connection?.onEnd();
        exitCode = code;
        exitSignal = signal;
      });
      child.on('close', () => {
        watcher.stop();
        const wallTimeMs = Number(process.hrtime.bigint() - started) / 1e6;
        const outcome = classifyRunEnd(
          {
            launcherExitCode: exitCode,
            launcherSignal: exitSignal,
            report: parseBwrapStatus(statusText),
            stderr: stderr.bytes(),
            killedFor,
            usage: readUsage(cgroup),
          },
          { wallTimeMs: limits.wallTimeMs, cpuTimeLimitNs },
        );
        if (outcome.kind === 'sandbox-failure') {
          reject(new SandboxRunError(outcome.message));
          return;
        }
        resolve({
          status: outcome.status,
          exitCode: outcome.exitCode,
          signal: outcome.signal,
          cpuTimeMs: Number(outcome.usage.cpuTimeNs) / 1e6,
          wallTimeMs,
          memoryKiB: Math.ceil(outcome.usage.memoryPeakBytes / 1024),
          stdout: stdout.bytes(),
          stderr: stderr.bytes(),
        });
      });
    });
  }
}

/** The result of a run whose read-only box alone takes all its memory limit: MemoryLimit, nothing ran. */
function boxExceedsMemory(chargedBytes: number): RunResult {
  return {
    status: RunStatus.MemoryLimit,
    exitCode: null,
    signal: null,
    cpuTimeMs: 0,
    wallTimeMs: 0,
    memoryKiB: Math.ceil(chargedBytes / 1024),
    stdout: Buffer.alloc(0),
    stderr: Buffer.alloc(0),
  };
}

/** The run cgroup's counters, or why they could not be read (a sandbox failure once the program ran). */
function readUsage(cgroup: RunCgroup): CgroupUsage | { unreadable: string } {
  try {
    return cgroup.usage();
  } catch (err) {
    return { unreadable: (err as Error).message };
  }
}

/**
 * Deletes boxes, stdin files and seccomp filters left by workers that died (their pid is in the
 * name and no longer runs), and whatever an earlier cleanup moved into `trash/`. Never throws: a tree that cannot be
 * removed is moved into (or stays in) `trash/` and logged, and the start goes on.
 */
async function removeStaleBoxes(workDir: string, remove: TreeRemover): Promise<void> {
  for (const entry of await readdir(workDir)) {
    const pid = Number(new RegExp(`^(?:box|stdin|seccomp|${PIPES_DIR_PREFIX})-(\\d+)-`).exec(entry)?.[1]);
    if (!pid || isProcessAlive(pid)) continue;
    await disposeTree(join(workDir, entry), workDir, remove);
  }
  const trash = join(workDir, TRASH_DIR);
  let quarantined: string[];
  try {
    quarantined = await readdir(trash);
  } catch {
    return; // no trash: nothing was moved aside
  }
  for (const entry of quarantined) await disposeTree(join(trash, entry), workDir, remove);
}
