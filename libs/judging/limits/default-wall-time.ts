/**
 * Multiple of the CPU time limit used as the wall-clock limit when nothing else sets one. DESIGN.md:
 * "a wall-clock limit (default a small multiple of it) also applies so sleeping programs end";
 * DOMjudge and Kattis likewise end a run on wall time some way past its CPU limit.
 */
export const WALL_TIME_PER_CPU_TIME = 3;

/**
 * Smallest wall-clock limit of a run, ms. Starting the sandbox (launcher, bubblewrap, namespaces,
 * cgroup) takes a few ms, more on a loaded host; a wall limit shorter than that would end runs
 * before the program started, which would read as the sandbox's failure (an Internal Error) for
 * a limit the submitter chose. Requests below it are refused (400) and derived limits never go under it.
 */
export const MIN_WALL_TIME_MS = 100;

/**
 * The default wall-clock limit for a CPU time limit: WALL_TIME_PER_CPU_TIME × `cpuTimeMs`, at least
 * MIN_WALL_TIME_MS, capped at the server's maximum (so a default never exceeds what a request could ask for).
 * @param cpuTimeMs the run's CPU time limit, ms.
 * @param maxWallTimeMs the server's MAX_WALL_TIME_MS, ms.
 * @returns the wall-clock limit, ms.
 */
export function defaultWallTimeMs(cpuTimeMs: number, maxWallTimeMs: number): number {
  return Math.min(Math.max(WALL_TIME_PER_CPU_TIME * cpuTimeMs, MIN_WALL_TIME_MS), maxWallTimeMs);
}
