import { spawn, type ChildProcess } from 'node:child_process';
import { encodeStart, FrameReader, KILL_FRAME, parseEnd, type ResidentEnd, type ResidentStart } from './resident-frames.js';

/** Bytes of the resident's own stderr kept for the message of its death. */
const STDERR_KEPT_BYTES = 4096;

/** What a run hands the resident process besides the request: where its output goes. */
export interface ResidentRunHooks {
  onStdout(chunk: Buffer): void;
  onStderr(chunk: Buffer): void;
}

/** The resident (or its launcher) ended, or broke the protocol: the run it had is lost. */
export class ResidentDiedError extends Error {}

/**
 * One verdict-resident, started through the launcher (`launcherArgv`: residentLauncherArgv of
 * launch-argv.ts) and driven over its stdin and stdout (resident-frames.ts). One run at a time.
 */
export class ResidentProcess {
  private readonly frames = new FrameReader();
  private current: { hooks: ResidentRunHooks; resolve: (end: ResidentEnd) => void; reject: (err: Error) => void } | undefined;
  private ready: { resolve: () => void; reject: (err: Error) => void } | undefined;
  private deadReason: string | null = null;
  private stderrText = '';

  private constructor(private readonly child: ChildProcess) {}

  /**
   * Spawns the launcher with `args` and waits for the resident's ready frame.
   * @throws ResidentDiedError when it exits, fails to start or is not ready within `timeoutMs`.
   */
  static async start(launcherPath: string, args: readonly string[], timeoutMs: number): Promise<ResidentProcess> {
    const child = spawn(launcherPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env: {}, detached: true });
    const resident = new ResidentProcess(child);
    const ready = new Promise<void>((resolve, reject) => (resident.ready = { resolve, reject }));
    child.stdout!.on('data', (c: Buffer) => resident.onData(c));
    child.stderr!.on('data', (c: Buffer) => {
      if (resident.stderrText.length < STDERR_KEPT_BYTES) resident.stderrText += c.toString();
    });
    child.stdin!.on('error', () => undefined); // a dead resident: seen through 'exit'
    child.on('error', (err) => resident.died(`cannot start the launcher: ${err.message}`));
    child.on('exit', (code, signal) => resident.died(`the resident's launcher ended with ${signal ?? `status ${code}`}`));
    const timer = setTimeout(() => resident.died(`the resident was not ready within ${timeoutMs} ms`), timeoutMs);
    try {
      await ready;
      return resident;
    } catch (err) {
      resident.stop();
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The launcher's host pid (the first of the resident's tasks in the slot cgroup). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** False once the resident died or was stopped. */
  get alive(): boolean {
    return this.deadReason === null;
  }

  /**
   * Starts one run and resolves with its end; `hooks` get its stdout and stderr as they come.
   * @throws ResidentDiedError when the resident dies before the end.
   */
  run(start: ResidentStart, hooks: ResidentRunHooks): Promise<ResidentEnd> {
    if (this.deadReason !== null) return Promise.reject(new ResidentDiedError(this.deadReason));
    if (this.current) return Promise.reject(new Error('the resident already has a run'));
    return new Promise<ResidentEnd>((resolve, reject) => {
      this.current = { hooks, resolve, reject };
      this.child.stdin!.write(encodeStart(start));
    });
  }

  /** SIGKILLs the run in progress (the whole of its PID namespace); harmless when there is none. */
  killRun(): void {
    if (this.deadReason === null) this.child.stdin!.write(KILL_FRAME);
  }

  /** Ends the resident: closes its channel (it exits) and SIGKILLs the launcher. */
  stop(): void {
    this.died('stopped');
    this.child.stdin!.destroy();
    try {
      this.child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }

  private onData(chunk: Buffer): void {
    let frames;
    try {
      frames = this.frames.push(chunk);
    } catch (err) {
      this.died((err as Error).message);
      this.stop();
      return;
    }
    for (const frame of frames) {
      if (frame.type === 'R') {
        this.ready?.resolve();
        this.ready = undefined;
      } else if (frame.type === 'O') this.current?.hooks.onStdout(frame.payload);
      else if (frame.type === 'E') this.current?.hooks.onStderr(frame.payload);
      else {
        const current = this.current;
        this.current = undefined;
        current?.resolve(parseEnd(frame.payload));
      }
    }
  }

  private died(reason: string): void {
    if (this.deadReason !== null) return;
    this.deadReason = this.stderrText ? `${reason}: ${this.stderrText.trim()}` : reason;
    const error = new ResidentDiedError(this.deadReason);
    this.ready?.reject(error);
    this.ready = undefined;
    this.current?.reject(error);
    this.current = undefined;
  }
}
