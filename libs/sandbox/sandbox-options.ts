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
}
