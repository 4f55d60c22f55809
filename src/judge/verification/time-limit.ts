import type { TimeLimitRules } from '../../persistence/problems/problem-records.js';

/**
 * Verification's time-limit rules, after the Kattis problem package format ("Problem timing",
 * spec 2023-07 and 2025-09) and problemtools' verifyproblem (`problemtools/checks/submissions.py`,
 * `_compute_time_limit`):
 *
 * - The time limit must satisfy `T_ac × ac_to_time_limit ≤ time_limit` and
 *   `time_limit × time_limit_to_tle ≤ T_tle`, where `T_ac` is the slowest accepted submission and
 *   `T_tle` the fastest time_limit_exceeded one. A package that gives no `time_limit` gets the
 *   smallest whole multiple of `time_resolution` (at least one) satisfying the first; it is an
 *   error when that one breaks the second (a larger multiple would break it too).
 * - Legacy (problemarchive.org "Problem Format Verification"): `⌈T_ac × time_multiplier⌉` whole
 *   seconds, and every time_limit_exceeded submission must run at least that × `time_safety_margin`.
 *   problemtools reads legacy packages with those two as ac_to_time_limit / time_limit_to_tle and
 *   a resolution of 1 s, which is the same rule.
 *
 * Times are CPU times in ms; an accepted run's time is normalized per language (`normalizedCpuTimeMs`).
 */

/**
 * The CPU time limit the package's accepted submissions run with, ms: the stated limit when the
 * problem takes it from the package, else (deriving) `maxCpuTimeMs` (MAX_CPU_TIME_MS), so that they
 * are measured and never cut off.
 */
export function acceptedRunLimitMs(statedMs: number | null, maxCpuTimeMs: number): number {
  return statedMs ?? maxCpuTimeMs;
}

/**
 * An accepted run's CPU time as it counts toward the time limit, ms: divided by its language's
 * time multiplier (a language with multiplier 2 runs under twice the limit, so its time counts half).
 */
export function normalizedCpuTimeMs(cpuTimeMs: number, languageTimeMultiplier: number): number {
  return cpuTimeMs / languageTimeMultiplier;
}

/**
 * The time limit derived from the slowest accepted run `slowestAcceptedMs` (ms, normalized): the
 * smallest whole multiple of `rules.timeResolutionMs`, at least one, that is ≥ slowest ×
 * `rules.acToTimeLimit` (ms). Legacy rules use 1000 ms (whole seconds, `⌈T_ac × time_multiplier⌉`).
 * Not capped: the caller bounds it by MAX_CPU_TIME_MS.
 */
export function derivedTimeLimitMs(slowestAcceptedMs: number, rules: TimeLimitRules): number {
  const step = rules.timeResolutionMs;
  // Products like 0.15 × 2 are not exact in binary; a hair above a multiple must not round up past it.
  const steps = Math.ceil(roundToNanos((slowestAcceptedMs * rules.acToTimeLimit) / step));
  return Math.max(1, steps) * step;
}

/**
 * The CPU time a time_limit_exceeded submission must reach for `timeLimitMs` to hold, ms (rounded
 * up to a whole ms): `timeLimitMs × rules.timeLimitToTle` (2023-07/2025-09 `time_limit_to_tle`,
 * legacy `time_safety_margin`). Verification runs such a submission with this limit: a Time Limit
 * Exceeded there means it ran at least this long.
 */
export function tleThresholdMs(timeLimitMs: number, rules: TimeLimitRules): number {
  return Math.ceil(roundToNanos(timeLimitMs * rules.timeLimitToTle));
}

/** `x` rounded to 9 decimals: removes binary noise (1.0000000000000002) before a ceiling. */
function roundToNanos(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}
