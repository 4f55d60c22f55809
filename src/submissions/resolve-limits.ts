import type { JudgeLimits } from '../../libs/contracts/index.js';
import type { JudgeLimitsSettings } from '../config/judge-limits.config.js';

/** Multiple of the CPU time limit used as wall-clock limit when neither the request nor DEFAULT_WALL_TIME_MS gives one. */
export const WALL_TIME_PER_CPU_TIME = 3;

/**
 * Fills the limits a request leaves out with the configured defaults. The default wall time
 * is DEFAULT_WALL_TIME_MS, or when that is 0, 3 × the (resolved) CPU time capped at MAX_WALL_TIME_MS.
 * Does not check maxima (SubmissionRequestValidator does).
 * @returns complete limits: ms, ms, KiB, KiB.
 */
export function resolveLimits(requested: Partial<JudgeLimits> | undefined, settings: JudgeLimitsSettings): JudgeLimits {
  const cpuTimeMs = requested?.cpuTimeMs ?? settings.defaults.cpuTimeMs;
  const defaultWallTimeMs =
    settings.defaults.wallTimeMs > 0
      ? settings.defaults.wallTimeMs
      : Math.min(WALL_TIME_PER_CPU_TIME * cpuTimeMs, settings.maxima.wallTimeMs);
  return {
    cpuTimeMs,
    wallTimeMs: requested?.wallTimeMs ?? defaultWallTimeMs,
    memoryKiB: requested?.memoryKiB ?? settings.defaults.memoryKiB,
    outputKiB: requested?.outputKiB ?? settings.defaults.outputKiB,
  };
}
