/** Default `SandboxOptions.boxBytes`: 256 MiB, room for any compiler's output (a program's executable is bounded by it). */
export const DEFAULT_BOX_BYTES = 256 * 1024 * 1024;
/** Default `SandboxOptions.boxInodes`: a Go build cache warm-up needs about 700. */
export const DEFAULT_BOX_INODES = 16384;
/** Default `SandboxOptions.tmpInodes`: files and directories in a run's /tmp (a Go compile's cache copy needs about 700). */
export const DEFAULT_TMP_INODES = 16384;

/**
 * Default `SandboxOptions.releaseChargesEveryRuns`: how many removed run cgroups may hold page
 * cache (and so stay alive as dying cgroups) before the sandbox reclaims it (CgroupDriver.releaseDeadCharges).
 */
export const DEFAULT_RELEASE_CHARGES_EVERY_RUNS = 64;

/** How the worker's sandbox is set up; see `.env.example` for the matching variables. */
export interface SandboxOptions {
  /** Absolute path of bubblewrap. */
  bwrapPath: string;
  /** Absolute path of the compiled launcher (dist/native/verdict-launch). */
  launcherPath: string;
  /** Host directory under which boxes and stdin files are made (created 0711, root-owned). */
  workDir: string;
  /** Runs at once; each slot has its own uid `uidBase + slot`. */
  slots: number;
  /** First unprivileged uid/gid given to slots; must not belong to a real user. */
  uidBase: number;
  /** Name of the cgroup, under the worker's own, that holds run cgroups. */
  cgroupParent: string;
  /** Extra read-only mounts every run gets (toolchains outside /usr), host path = sandbox path. */
  extraReadOnlyPaths?: string[];
  /** Size of every box (a tmpfs: compile box, a validator's feedback directory), bytes. Default DEFAULT_BOX_BYTES. */
  boxBytes?: number;
  /** Inodes of every box. Default DEFAULT_BOX_INODES. */
  boxInodes?: number;
  /** Inodes of a run's /tmp (its size is RunLimits.tmpBytes). Default DEFAULT_TMP_INODES. */
  tmpInodes?: number;
  /** Runs between two reclaims of the page cache charged to removed run cgroups. Default DEFAULT_RELEASE_CHARGES_EVERY_RUNS. */
  releaseChargesEveryRuns?: number;
  /**
   * Pin each slot's runs to a CPU of its own (cpu-pinning.ts), when the worker may use at least
   * one CPU per slot. Default true.
   */
  pinCpus?: boolean;
  /**
   * Test runs (`SandboxSlot.runTest`) through one resident per slot and box
   * (docs/resident-sandbox.md) instead of a launcher and bubblewrap per run. Default false.
   */
  resident?: boolean;
}
