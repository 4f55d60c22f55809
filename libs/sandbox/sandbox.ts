import { spawn } from 'node:child_process';
import { accessSync, closeSync, constants as fsConstants, existsSync, openSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { chmod, mkdir, readdir, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Box } from './box.js';
import { BoundedCapture } from './bounded-capture.js';
import { BASE_ENV, baseBwrapArgs } from './bwrap-args.js';
import { detectCgroupDriver } from './cgroups/detect-cgroups.js';
import type { CgroupDriver, RunCgroup } from './cgroups/run-cgroup.js';
import type { ReadOnlyMount, RunRequest } from './run-request.js';
import { RunStatus, type RunResult } from './run-result.js';
import { SandboxRunError, SandboxUnavailableError } from './sandbox-unavailable.error.js';
import type { SandboxOptions } from './sandbox-options.js';
import { signalName } from './signal-name.js';
import { isAlive, leaseUids, releaseUids } from './uid-leases.js';

/** A lease on one sandbox slot: its uid, its boxes and its runs. Release it when done. */
export interface SandboxSlot {
  readonly index: number;
  readonly uid: number;
  /** A fresh empty box owned by this slot's uid. */
  createBox(): Promise<Box>;
  /** Runs one program; see `Sandbox.run`. */
  run(request: RunRequest): Promise<RunResult>;
  release(): void;
}

/**
 * Runs untrusted programs under bubblewrap with cgroup limits (see libs/sandbox/README.md).
 * One instance per worker; `slots` runs may go at once, each under its own uid and cgroup.
 * Open it with `Sandbox.open`, which refuses (SandboxUnavailableError) when the host lacks a part.
 */
export class Sandbox {
  private readonly baseArgs: string[];
  private readonly free: number[];
  /** uid of each slot, leased for this process (see uid-leases.ts). */
  private readonly uids: number[];
  private readonly waiters: ((slot: number) => void)[] = [];
  private runCounter = 0;
  private readonly parallelism = availableParallelism();
  /** Mount point the launcher covers with a tmpfs in its private mount namespace. */
  private readonly stageDir: string;

  private constructor(
    private readonly options: SandboxOptions,
    readonly cgroups: CgroupDriver,
  ) {
    this.baseArgs = baseBwrapArgs();
    this.stageDir = join(options.workDir, 'stage');
    this.free = Array.from({ length: options.slots }, (_, i) => i);
    this.uids = leaseUids(options.workDir, options.uidBase, options.slots);
    process.once('exit', () => releaseUids(options.workDir, this.uids));
  }

  /**
   * Checks the host and returns a ready sandbox, after one smoke run of `/bin/true`.
   * @throws SandboxUnavailableError naming every missing part (not root, no bwrap, no launcher,
   *   user namespaces off, no writable cgroup, or a smoke run that fails).
   */
  static async open(options: SandboxOptions): Promise<Sandbox> {
    const missing: string[] = [];
    if (process.getuid?.() !== 0) {
      missing.push('the worker must run as root: it gives each run its own unprivileged uid and cgroup');
    }
    if (!isExecutable(options.bwrapPath)) {
      missing.push(`bubblewrap not found at ${options.bwrapPath} (apt-get install bubblewrap, or set SANDBOX_BWRAP_PATH)`);
    }
    if (!isExecutable(options.launcherPath)) {
      missing.push(`sandbox launcher not found at ${options.launcherPath} (run npm run build; it needs gcc and libseccomp-dev)`);
    }
    const userns = userNamespaceProblem();
    if (userns) missing.push(userns);
    const detected = missing.length === 0 ? detectCgroupDriver(options.cgroupParent) : undefined;
    if (detected && 'problem' in detected) missing.push(detected.problem);
    if (missing.length > 0 || !detected || 'problem' in detected) throw new SandboxUnavailableError(missing);

    await mkdir(options.workDir, { recursive: true, mode: 0o711 });
    await chmod(options.workDir, 0o711); // slots' uids must traverse it to reach their boxes
    await removeStaleBoxes(options.workDir);
    await mkdir(join(options.workDir, 'stage'), { recursive: true, mode: 0o711 });
    // A worker that died mid-run leaves its run cgroups (the launcher kills their tasks when it
    // can; this catches the rest).
    await detected.driver.removeStale(isAlive);
    const sandbox = new Sandbox(options, detected.driver);
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
        Box.create(join(this.options.workDir, `box-${process.pid}-${index}-${++this.runCounter}`), uid, uid),
      run: (request) => this.run(index, request),
      release: () => {
        if (released) return;
        released = true;
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
        limits: {
          cpuTimeMs: 2000, wallTimeMs: 5000, memoryKiB: 65536, stdoutBytes: 4096, stderrBytes: 4096,
          processes: 8, fileSizeBytes: 1 << 20, openFiles: 64, tmpBytes: 1 << 20,
        },
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
   * @throws SandboxRunError when the sandbox itself could not start the program.
   */
  private async run(slot: number, request: RunRequest): Promise<RunResult> {
    const { limits } = request;
    const uid = this.uids[slot];
    const cgroup = this.cgroups.create(`w${process.pid}-s${slot}-${++this.runCounter}`, {
      memoryBytes: limits.memoryKiB * 1024,
      // + the launcher, bwrap and bwrap's PID-namespace init, which share the cgroup.
      maxProcesses: limits.processes + 3,
    });
    let stdinFd: number | 'pipe' | undefined;
    try {
      stdinFd = this.openStdin(slot, request);
      return await this.spawnAndWait(uid, cgroup, request, stdinFd);
    } finally {
      if (typeof stdinFd === 'number') closeSync(stdinFd);
      await cgroup.destroy();
    }
  }

  private openStdin(slot: number, request: RunRequest): number | 'pipe' {
    const source = request.stdin;
    if (source && 'stream' in source) return 'pipe';
    if (source && 'file' in source) return openSync(source.file, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW);
    // Bytes go through a root-owned 0600 file outside every box, so the program can seek and
    // never blocks the worker on a full pipe; it cannot reopen the file by path (not mounted).
    const path = join(this.options.workDir, `stdin-${process.pid}-${slot}-${++this.runCounter}`);
    writeFileSync(path, source?.data ?? '', { mode: 0o600, flag: 'wx' });
    try {
      return openSync(path, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW);
    } finally {
      unlinkSync(path); // the descriptor is all the run needs
    }
  }

  private mountsOf(request: RunRequest): ReadOnlyMount[] {
    const extra = (this.options.extraReadOnlyPaths ?? []).map((p) => ({ hostPath: p, sandboxPath: p }));
    return [...extra, ...(request.mounts ?? [])];
  }

  private bwrapArgs(request: RunRequest): string[] {
    const args = [...this.baseArgs];
    args.push('--size', String(request.limits.tmpBytes), '--tmpfs', '/tmp');
    args.push(request.boxWritable ? '--bind' : '--ro-bind', request.box.hostPath, '/box', '--chdir', '/box');
    // After /tmp, so a toolchain under /tmp is not hidden by the tmpfs. The launcher stages each
    // mount where the slot's uid can reach it (see verdict-launch.c, `@N`).
    this.mountsOf(request).forEach((m, n) => args.push('--ro-bind', `@${n}`, m.sandboxPath));
    args.push('--remount-ro', '/', '--clearenv');
    for (const [k, v] of Object.entries({ ...BASE_ENV, ...request.env })) args.push('--setenv', k, v);
    args.push('--json-status-fd', '3', '--', ...request.argv);
    return args;
  }

  private spawnAndWait(uid: number, cgroup: RunCgroup, request: RunRequest, stdinFd: number | 'pipe'): Promise<RunResult> {
    const { limits } = request;
    const cpuLimitNs = BigInt(limits.cpuTimeMs) * 1_000_000n;
    const cpuBackstopS = Math.ceil(limits.cpuTimeMs / 1000) + 1;
    const launcherArgs: string[] = [];
    for (const f of cgroup.procsFiles) launcherArgs.push('--cgroup', f);
    launcherArgs.push(
      '--rlimit', `cpu=${cpuBackstopS}:${cpuBackstopS + 1}`,
      '--rlimit', `fsize=${limits.fileSizeBytes}:${limits.fileSizeBytes}`,
      '--rlimit', `nofile=${limits.openFiles}:${limits.openFiles}`,
      '--rlimit', `stack=${limits.memoryKiB * 1024}:${limits.memoryKiB * 1024}`,
      '--rlimit', 'core=0:0',
      '--rlimit', 'memlock=0:0',
      '--rlimit', 'msgqueue=0:0',
      ...(this.mountsOf(request).length > 0 ? ['--stage', this.stageDir] : []),
      ...this.mountsOf(request).flatMap((m) => ['--open-path', m.hostPath]),
      '--uid', String(uid), '--gid', String(uid),
      '--keep-fd', '3',
      '--seccomp',
      '--', this.options.bwrapPath, ...this.bwrapArgs(request),
    );

    return new Promise<RunResult>((resolve, reject) => {
      const started = process.hrtime.bigint();
      let killedFor: RunStatus | undefined;
      let programStarted = false;
      let exitCode: number | null = null;
      let exitSignal: NodeJS.Signals | null = null;
      let statusText = '';

      const child = spawn(this.options.launcherPath, launcherArgs, {
        stdio: [stdinFd, 'pipe', 'pipe', 'pipe'],
        env: {},
        detached: true,
      });
      const killFor = (reason: RunStatus) => {
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
      const source = request.stdin && 'stream' in request.stdin ? request.stdin.stream : undefined;
      if (source) {
        // The program may exit (or close stdin) before the source ends: EPIPE is not an error here.
        child.stdin!.on('error', () => undefined);
        source.pipe(child.stdin!);
      }
      const tee = request.stdoutTo;
      child.stdout!.on('data', (c: Buffer) => {
        stdout.push(c);
        tee?.write(c);
      });
      if (tee) child.stdout!.once('close', () => tee.end());
      child.stderr!.on('data', (c: Buffer) => stderr.push(c));
      const status = child.stdio[3] as NodeJS.ReadableStream;
      status.on('data', (c: Buffer) => {
        statusText += c.toString();
        if (statusText.includes('"child-pid"')) programStarted = true;
      });

      const wallTimer = setTimeout(() => killFor(RunStatus.WallTimeLimit), limits.wallTimeMs);
      // CPU time grows at most `parallelism` ns per ns, so nothing can pass the limit before
      // (limit - used) / parallelism: sleep that long between reads instead of polling.
      let cpuTimer: NodeJS.Timeout | undefined;
      const checkCpu = () => {
        let used: bigint;
        try {
          used = cgroup.cpuTimeNs();
        } catch {
          return;
        }
        if (used > cpuLimitNs) return killFor(RunStatus.CpuTimeLimit);
        const waitMs = Number(cpuLimitNs - used) / 1e6 / this.parallelism;
        cpuTimer = setTimeout(checkCpu, Math.max(5, waitMs));
      };
      cpuTimer = setTimeout(checkCpu, Math.max(5, limits.cpuTimeMs / this.parallelism));

      child.on('error', (err) => {
        clearTimeout(wallTimer);
        clearTimeout(cpuTimer);
        reject(new SandboxRunError(`cannot start the sandbox launcher: ${err.message}`));
      });
      child.on('exit', (code, signal) => {
        exitCode = code;
        exitSignal = signal;
      });
      child.on('close', () => {
        clearTimeout(wallTimer);
        clearTimeout(cpuTimer);
        if (source) source.unpipe(child.stdin!);
        const wallTimeMs = Number(process.hrtime.bigint() - started) / 1e6;
        if (!programStarted) {
          const why = stderr.bytes().toString().trim() || `launcher exit ${exitCode} ${exitSignal ?? ''}`;
          if (killedFor === RunStatus.WallTimeLimit) {
            reject(new SandboxRunError(`the sandbox did not start within ${limits.wallTimeMs} ms: ${why}`));
          } else {
            reject(new SandboxRunError(`the sandbox could not start the program: ${why}`));
          }
          return;
        }
        let usage;
        try {
          usage = cgroup.usage();
        } catch (err) {
          reject(new SandboxRunError(`cannot read the run's cgroup: ${(err as Error).message}`));
          return;
        }
        const reportedExit = parseExitCode(statusText);
        // A set-up failure is never judged from stderr alone: the program writes to the same pipe.
        // bubblewrap reports `exit-code` only once the program was executed (its setup-finished
        // pipe); only without it, and only with the status and message bubblewrap or the launcher
        // fail with, is it one. (The program can race to drain that pipe through /proc/1/fd while
        // bubblewrap's init still holds it, so the report's absence alone proves nothing; bubblewrap's
        // own exit status is still the program's, which the launcher passes on.)
        const setupError = reportedExit === null && killedFor === undefined && !usage.oomKilled
          ? sandboxSetupError(exitCode, stderr.bytes())
          : null;
        if (setupError) {
          reject(new SandboxRunError(`the sandbox could not start the program: ${setupError}`));
          return;
        }
        const programExit = reportedExit ?? exitCode;
        // bubblewrap reports a program killed by signal N as exit code 128 + N (as shells do).
        const signalNumber = programExit !== null && programExit > 128 && programExit < 128 + 65 ? programExit - 128 : null;
        const clean = programExit === 0;
        let runStatus: RunStatus;
        if (killedFor !== undefined) runStatus = killedFor;
        else if (usage.cpuTimeNs > cpuLimitNs) runStatus = RunStatus.CpuTimeLimit;
        else if (usage.oomKilled || (usage.memoryLimitHit && !clean)) runStatus = RunStatus.MemoryLimit;
        else if (signalNumber !== null) runStatus = RunStatus.Signaled;
        else runStatus = RunStatus.Exited;
        resolve({
          status: runStatus,
          exitCode: signalNumber === null ? programExit : null,
          signal: signalNumber === null ? null : signalName(signalNumber),
          cpuTimeMs: Number(usage.cpuTimeNs) / 1e6,
          wallTimeMs,
          memoryKiB: Math.ceil(usage.memoryPeakBytes / 1024),
          stdout: stdout.bytes(),
          stderr: stderr.bytes(),
        });
      });
    });
  }
}

/**
 * The launcher fails with 125 and `verdict-launch: …`; bubblewrap fails its set-up (or the exec)
 * with 1 and `bwrap: …`. Returns that message, or null.
 */
function sandboxSetupError(exit: number | null, stderr: Buffer): string | null {
  const text = stderr.subarray(0, 4096).toString();
  if (exit === 125 && text.startsWith('verdict-launch: ')) return text.trim();
  if (exit === 1 && text.startsWith('bwrap: ')) return text.trim();
  return null;
}

/**
 * bubblewrap's --json-status-fd writes `{ "exit-code": N }` once the program has ended, and only
 * when its set-up finished and the program was executed. The program cannot write to this pipe.
 */
function parseExitCode(statusText: string): number | null {
  const m = /"exit-code"\s*:\s*(\d+)/.exec(statusText);
  return m ? Number(m[1]) : null;
}

/** Deletes boxes and stdin files left by workers that died (their pid is in the name and no longer runs). */
async function removeStaleBoxes(workDir: string): Promise<void> {
  for (const entry of await readdir(workDir)) {
    const pid = Number(/^(?:box|stdin)-(\d+)-/.exec(entry)?.[1]);
    if (!pid || isAlive(pid)) continue;
    await rm(join(workDir, entry), { recursive: true, force: true });
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function userNamespaceProblem(): string | undefined {
  const read = (p: string) => (existsSync(p) ? readFileSync(p, 'utf8').trim() : undefined);
  if (read('/proc/sys/user/max_user_namespaces') === '0') {
    return 'user namespaces are disabled (sysctl user.max_user_namespaces=0); set it above 0';
  }
  if (read('/proc/sys/kernel/unprivileged_userns_clone') === '0') {
    return 'unprivileged user namespaces are disabled (sysctl kernel.unprivileged_userns_clone=0); set it to 1';
  }
  if (read('/proc/sys/kernel/apparmor_restrict_unprivileged_userns') === '1') {
    return 'AppArmor restricts unprivileged user namespaces (sysctl kernel.apparmor_restrict_unprivileged_userns=1); set it to 0 or add a bwrap AppArmor profile';
  }
  return undefined;
}
