import { BASE_ENV } from './bwrap-args.js';
import { STATUS_FD } from './bwrap-status.js';
import type { ReadOnlyMount, RunLimits } from './run-request.js';
import type { SeccompFilters } from './seccomp-filters.js';

/**
 * Everything the command line of one run depends on. Pure data: building the argv reads nothing
 * from the host (the host-dependent part, `baseBwrapArgs`, is computed once per sandbox).
 */
export interface LaunchSpec {
  /** bubblewrap's absolute host path (SandboxOptions.bwrapPath). */
  bwrapPath: string;
  /** bubblewrap options shared by every run of the sandbox: `baseBwrapArgs()` of bwrap-args.ts. */
  baseBwrapArgs: readonly string[];
  /** Host directory the launcher covers with a tmpfs to stage mounts (`<workDir>/stage`). */
  stageDir: string;
  /** The run cgroup's `cgroup.procs` files, joined in this order (one on v2, one per controller on v1). */
  cgroupProcsFiles: readonly string[];
  /** The slot's host uid, also used as its gid. */
  uid: number;
  /** The run's read-only mounts in staging order: `runMounts(...)`. */
  mounts: readonly ReadOnlyMount[];
  /** The box's host directory, mounted at /box (the working directory). */
  boxHostPath: string;
  /** Bind the box read-write (compile stages) instead of read-only (runs). */
  boxWritable: boolean;
  /** The worker's compiled seccomp filters (`exportSeccompFilters`); the box's mode picks one. */
  seccompFilters: SeccompFilters;
  /** Inodes of the run's /tmp (its bytes are `limits.tmpBytes`): SandboxOptions.tmpInodes. */
  tmpInodes: number;
  /** Environment on top of BASE_ENV (a key of both takes this value). */
  env: Readonly<Record<string, string>> | undefined;
  /** The program and its arguments; `argv[0]` is a path inside the sandbox. */
  argv: readonly string[];
  /**
   * The program's stdin and stdout are pipes to another run (Sandbox `runConnected`), given to the
   * launcher as descriptors CONNECTED_STDIN_FD and CONNECTED_STDOUT_FD.
   */
  connected: boolean;
  /** The CPU the run is pinned to (`--cpu`), or null for none. */
  cpu: number | null;
  limits: RunLimits;
}

/**
 * Where a connected run's pipe ends are in the launcher's stdio (after stdin, stdout, stderr and
 * bubblewrap's status descriptor). They reach the program above stderr and only there become its
 * stdin and stdout: bubblewrap's monitor and its PID-namespace init keep copies of descriptors
 * 0–2 for the whole run, so pipes given as those would not show the program's exit (EOF, a broken
 * pipe) to the other run until the sandbox is torn down.
 */
export const CONNECTED_STDIN_FD = 4;
export const CONNECTED_STDOUT_FD = 5;

/**
 * A connected run's argv inside the sandbox: a fixed shell text that moves the pipe ends onto
 * stdin and stdout, closes the originals and executes the program (same process, so no extra
 * task counts against the limits). The program's own argv follows as positional parameters and is
 * never parsed by the shell.
 */
export function connectedArgv(argv: readonly string[]): string[] {
  const stdin = CONNECTED_STDIN_FD;
  const stdout = CONNECTED_STDOUT_FD;
  return ['/bin/sh', '-c', `exec "$@" <&${stdin} >&${stdout} ${stdin}<&- ${stdout}>&-`, 'connected', ...argv];
}

/** Mounts every run of a sandbox gets: each of `SandboxOptions.extraReadOnlyPaths` at the same path inside. */
export function sharedMounts(extraReadOnlyPaths: readonly string[] | undefined): ReadOnlyMount[] {
  return (extraReadOnlyPaths ?? []).map((p) => ({ hostPath: p, sandboxPath: p }));
}

/** One run's read-only mounts, in the order they are staged and bound: the sandbox's shared mounts, then the request's. */
export function runMounts(shared: readonly ReadOnlyMount[], requested: readonly ReadOnlyMount[] | undefined): ReadOnlyMount[] {
  return [...shared, ...(requested ?? [])];
}

/**
 * The launcher's `--rlimit RES=SOFT:HARD` values (verdict-launch.c, step 2), applied to the launcher,
 * bubblewrap and the program:
 * - `cpu`, seconds: a backstop only, one second past the CPU limit rounded up (soft) and one more
 *   (hard); the CPU limit itself is the cgroup's counter (limit-watcher.ts);
 * - `fsize`, bytes: `fileSizeBytes`; `nofile`: `openFiles`; `stack`, bytes: the memory limit;
 * - `core`, `memlock`, `msgqueue`: 0 (no core files, no locked memory, no POSIX message queues).
 */
export function launcherRlimits(limits: RunLimits): string[] {
  const cpuBackstopS = Math.ceil(limits.cpuTimeMs / 1000) + 1;
  const stackBytes = limits.memoryKiB * 1024;
  return [
    `cpu=${cpuBackstopS}:${cpuBackstopS + 1}`,
    `fsize=${limits.fileSizeBytes}:${limits.fileSizeBytes}`,
    `nofile=${limits.openFiles}:${limits.openFiles}`,
    `stack=${stackBytes}:${stackBytes}`,
    'core=0:0',
    'memlock=0:0',
    'msgqueue=0:0',
  ];
}

/**
 * The two halves of staging a run's mounts, made from one list so they cannot disagree: the
 * launcher's `--open-path HOST_0 … --open-path HOST_n` (after its `--stage DIR`) and bubblewrap's
 * `--ro-bind @0 DEST_0 … --ro-bind @n DEST_n`. The launcher binds the N-th `--open-path` at
 * `DIR/N` in a private mount namespace and replaces the bubblewrap argument `@N` with `DIR/N`
 * (verdict-launch.c, step 5), so the slot's uid reaches a toolchain under a directory it could
 * not traverse (rustup in /root). It replaces only the positions `launcherArgv` names with
 * `--stage-arg` (`placeholderOffsets`, relative to the start of `bwrapArgs`): an `@N` anywhere
 * else, in the program's argv above all, is passed verbatim. The launcher accepts at most 8 paths
 * (`@0`…`@7`) and fails the run with `verdict-launch: too many --open-path` past that. No mounts:
 * both halves are empty.
 */
export function stagedMounts(mounts: readonly ReadOnlyMount[]): {
  launcherArgs: string[];
  bwrapArgs: string[];
  placeholderOffsets: number[];
} {
  const launcherArgs: string[] = [];
  const bwrapArgs: string[] = [];
  const placeholderOffsets: number[] = [];
  mounts.forEach((mount, n) => {
    launcherArgs.push('--open-path', mount.hostPath);
    placeholderOffsets.push(bwrapArgs.length + 1);
    bwrapArgs.push('--ro-bind', `@${n}`, mount.sandboxPath);
  });
  return { launcherArgs, bwrapArgs, placeholderOffsets };
}

/**
 * The full argv of the launcher for one run (without the launcher's own path), in the order
 * verdict-launch.c reads it: `--cgroup` files, `--rlimit`s, `--stage DIR`, staged mounts (with
 * `--stage-arg I` for each of its `@N` placeholders, I counting from bubblewrap's path after `--`
 * as 0), `--scratch tmpBytes:tmpInodes` (the run's /tmp: a tmpfs bounded in bytes and inodes that
 * the launcher mounts at `DIR/tmp`), `--uid`/`--gid`, `--cpu` when pinned, `--keep-fd` (bubblewrap's
 * status descriptor), for a connected run `--pass-fd` of its two pipe ends, `--seccomp-bpf FILTER`
 * (the read-only box's filter for test runs: no flock, no inotify, see verdict-launch.c; the
 * writable box's for the others), then `--`, bubblewrap and its options: the shared base, `DIR/tmp`
 * at /tmp,
 * the box at /box (read-only unless `boxWritable`) as working directory, the staged mounts (after
 * /tmp, so a toolchain under /tmp is not hidden by it), the read-only root, an empty environment
 * plus BASE_ENV and `env`, the status descriptor, and after `--` the program's argv (through
 * `connectedArgv` for a connected run). Every element
 * is one argument: no shell ever parses it.
 */
export function launcherArgv(spec: LaunchSpec): string[] {
  const staged = stagedMounts(spec.mounts);
  const bwrap = bwrapArgv(spec, staged.bwrapArgs);
  const args: string[] = [];
  for (const file of spec.cgroupProcsFiles) args.push('--cgroup', file);
  for (const rlimit of launcherRlimits(spec.limits)) args.push('--rlimit', rlimit);
  args.push('--stage', spec.stageDir, ...staged.launcherArgs);
  // Index 0 after `--` is bubblewrap's path, so bubblewrap's argument j is at j + 1.
  for (const offset of staged.placeholderOffsets) args.push('--stage-arg', String(bwrap.stagedAt + offset + 1));
  args.push('--scratch', `${spec.limits.tmpBytes}:${spec.tmpInodes}`);
  args.push('--uid', String(spec.uid), '--gid', String(spec.uid));
  if (spec.cpu !== null) args.push('--cpu', String(spec.cpu));
  args.push('--keep-fd', String(STATUS_FD));
  if (spec.connected) args.push('--pass-fd', String(CONNECTED_STDIN_FD), '--pass-fd', String(CONNECTED_STDOUT_FD));
  args.push('--seccomp-bpf', spec.boxWritable ? spec.seccompFilters.writableBox : spec.seccompFilters.readOnlyBox);
  args.push('--', spec.bwrapPath, ...bwrap.args);
  return args;
}

/** bubblewrap's argv of a run, and where in it the staged binds start. */
function bwrapArgv(spec: LaunchSpec, stagedBinds: readonly string[]): { args: string[]; stagedAt: number } {
  const args = [...spec.baseBwrapArgs];
  args.push('--bind', `${spec.stageDir}/tmp`, '/tmp');
  args.push(spec.boxWritable ? '--bind' : '--ro-bind', spec.boxHostPath, '/box', '--chdir', '/box');
  const stagedAt = args.length;
  args.push(...stagedBinds);
  args.push('--remount-ro', '/', '--clearenv');
  for (const [name, value] of Object.entries({ ...BASE_ENV, ...spec.env })) args.push('--setenv', name, value);
  args.push('--json-status-fd', String(STATUS_FD), '--', ...(spec.connected ? connectedArgv(spec.argv) : spec.argv));
  return { args, stagedAt };
}

/** Where the directory holding verdict-resident is mounted in a resident's sandbox. */
export const RESIDENT_DIR = '/.verdict';
/** The resident's own /tmp (each run mounts a fresh one over it): bytes and inodes. */
const RESIDENT_SCRATCH = '65536:64';
/**
 * The rlimits of the resident and so the hard ceiling of each run's (verdict-resident lowers
 * them per run): what no run ever gets, fixed here.
 */
const RESIDENT_RLIMITS = ['core=0:0', 'memlock=0:0', 'msgqueue=0:0'];

/** Everything a resident's command line depends on: a test run's `LaunchSpec` less what is per run. */
export type ResidentSpec = Pick<
  LaunchSpec,
  'bwrapPath' | 'baseBwrapArgs' | 'stageDir' | 'cgroupProcsFiles' | 'uid' | 'mounts' | 'boxHostPath' | 'cpu'
> & {
  /** The test-run filter (`SeccompFilters.readOnlyBox`), handed to the resident at descriptor 3. */
  filter: string;
  /** Host directory holding verdict-resident (the launcher's own: dist/native). */
  residentDir: string;
};

/**
 * The launcher's argv of a slot's resident (docs/resident-sandbox.md): the test run's cgroup
 * joining, staging, uid, CPU pinning and bubblewrap options (the box read-only at /box), with
 * `--resident-seccomp` instead of `--seccomp-bpf` (the resident loads the filter per program),
 * CAP_SYS_ADMIN and CAP_SETPCAP in the sandbox's user namespace (to make each run's namespaces and
 * mounts, and to drop the bounding set), the resident's directory read-only at RESIDENT_DIR after
 * the run's mounts, and no status descriptor; the command is the resident.
 */
export function residentLauncherArgv(spec: ResidentSpec): string[] {
  const mounts = [...spec.mounts, { hostPath: spec.residentDir, sandboxPath: RESIDENT_DIR }];
  const staged = stagedMounts(mounts);
  const bwrap = [...spec.baseBwrapArgs, '--cap-add', 'CAP_SYS_ADMIN', '--cap-add', 'CAP_SETPCAP'];
  bwrap.push('--bind', `${spec.stageDir}/tmp`, '/tmp', '--ro-bind', spec.boxHostPath, '/box', '--chdir', '/box');
  const stagedAt = bwrap.length;
  bwrap.push(...staged.bwrapArgs, '--remount-ro', '/', '--clearenv', '--', `${RESIDENT_DIR}/verdict-resident`);
  const args: string[] = [];
  for (const file of spec.cgroupProcsFiles) args.push('--cgroup', file);
  for (const rlimit of RESIDENT_RLIMITS) args.push('--rlimit', rlimit);
  args.push('--stage', spec.stageDir, ...staged.launcherArgs);
  for (const offset of staged.placeholderOffsets) args.push('--stage-arg', String(stagedAt + offset + 1));
  args.push('--scratch', RESIDENT_SCRATCH, '--uid', String(spec.uid), '--gid', String(spec.uid));
  if (spec.cpu !== null) args.push('--cpu', String(spec.cpu));
  args.push('--resident-seccomp', spec.filter, '--', spec.bwrapPath, ...bwrap);
  return args;
}
