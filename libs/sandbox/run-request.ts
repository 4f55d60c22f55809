import type { Box } from './box.js';

/** Limits of one sandboxed run. All apply to the whole process tree unless said otherwise. */
export interface RunLimits {
  /** CPU time (user + system, all tasks), ms. Enforced through the cgroup's counter. */
  cpuTimeMs: number;
  /** Wall-clock time from start, ms. */
  wallTimeMs: number;
  /** Memory (cgroup), KiB. */
  memoryKiB: number;
  /** Bytes the program may write to stdout; one more ends the run as OutputLimit. */
  stdoutBytes: number;
  /** Bytes of stderr kept; the rest is read and dropped (never an error). */
  stderrBytes: number;
  /** Tasks (processes + threads) at once. */
  processes: number;
  /** Largest file the program may write (RLIMIT_FSIZE), bytes. */
  fileSizeBytes: number;
  /** Open file descriptors per process (RLIMIT_NOFILE). */
  openFiles: number;
  /** Size of the private writable /tmp (tmpfs; also charged to the memory limit), bytes. */
  tmpBytes: number;
}

/** A read-only bind mount of a host directory (a toolchain outside /usr, cached test data). */
export interface ReadOnlyMount {
  hostPath: string;
  sandboxPath: string;
}

/**
 * Where stdin comes from: bytes, or a host file the worker opens itself (never seen by the program
 * by path). Two runs connected to each other (an interactive problem) go through
 * `SandboxSlot.runConnected` instead.
 */
export type StdinSource = { data: string | Buffer } | { file: string } | undefined;

/**
 * One program run. `argv[0]` is an absolute path inside the sandbox (host paths under /usr
 * and the given mounts look the same inside). The box is mounted at `/box`, the working directory.
 */
export interface RunRequest {
  argv: string[];
  box: Box;
  /** Compile stages write to the box; runs see it read-only. */
  boxWritable: boolean;
  mounts?: ReadOnlyMount[];
  /** Environment on top of the sandbox's allow-list (PATH, HOME=/tmp, LANG=C.UTF-8). */
  env?: Record<string, string>;
  stdin?: StdinSource;
  limits: RunLimits;
}
