/**
 * Verification's time-limit rule, after the problem package format and Kattis problemtools'
 * verifyproblem: when a package states no time limit, its accepted submissions run first with
 * the server's maximum (so they are measured, never cut off), and the time limit becomes the
 * slowest accepted run × the package's time multiplier (legacy `limits.time_multiplier`, default 5;
 * 2023-07 and later `limits.time_multipliers.ac_to_time_limit`, default 2), rounded up.
 */

/** A derived time limit is rounded up to a multiple of this, ms (problemtools rounds to whole seconds; finer here). */
export const TIME_LIMIT_STEP_MS = 100;

/**
 * The CPU time limit the package's accepted submissions run with, ms: the package's own when it
 * gave one, else `maxCpuTimeMs` (the server's MAX_CPU_TIME_MS).
 */
export function acceptedRunLimitMs(givenMs: number | null, maxCpuTimeMs: number): number {
  return givenMs ?? maxCpuTimeMs;
}

/**
 * An accepted run's CPU time as it counts toward the time limit, ms: divided by its language's
 * time multiplier (a language with multiplier 2 runs under twice the limit, so its time counts half).
 */
export function normalizedCpuTimeMs(cpuTimeMs: number, languageTimeMultiplier: number): number {
  return cpuTimeMs / languageTimeMultiplier;
}

/**
 * The time limit derived from the slowest accepted run, ms: `slowestAcceptedMs` (normalized, see
 * `normalizedCpuTimeMs`) × `timeMultiplier`, rounded up to TIME_LIMIT_STEP_MS, at least one step
 * and at most `maxCpuTimeMs`. With no accepted run (none in the package, or none accepted),
 * `fallbackMs` (the problem's stored limit, the server default) rounded the same way.
 */
export function derivedTimeLimitMs(
  slowestAcceptedMs: number | null,
  timeMultiplier: number,
  fallbackMs: number,
  maxCpuTimeMs: number,
): number {
  const base = slowestAcceptedMs === null ? fallbackMs : slowestAcceptedMs * timeMultiplier;
  return Math.min(maxCpuTimeMs, Math.max(TIME_LIMIT_STEP_MS, Math.ceil(base / TIME_LIMIT_STEP_MS) * TIME_LIMIT_STEP_MS));
}
