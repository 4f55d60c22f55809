import type { JudgeLimits } from '../../libs/contracts/index.js';
import { defaultWallTimeMs } from '../../libs/judging/limits/default-wall-time.js';
import type { JudgeLimitsSettings } from '../config/judge-limits.config.js';

/**
 * Fills the limits a request leaves out with the configured defaults. The default wall time
 * is DEFAULT_WALL_TIME_MS, or when that is 0, the rule of `defaultWallTimeMs` (libs/judging).
 * Does not check maxima (SubmissionRequestValidator does).
 * @returns complete limits: ms, ms, KiB, KiB.
 */
export function resolveLimits(requested: Partial<JudgeLimits> | undefined, settings: JudgeLimitsSettings): JudgeLimits {
  const cpuTimeMs = requested?.cpuTimeMs ?? settings.defaults.cpuTimeMs;
  const wallTimeMs = settings.defaults.wallTimeMs > 0 ? settings.defaults.wallTimeMs : defaultWallTimeMs(cpuTimeMs, settings.maxima.wallTimeMs);
  return {
    cpuTimeMs,
    wallTimeMs: requested?.wallTimeMs ?? wallTimeMs,
    memoryKiB: requested?.memoryKiB ?? settings.defaults.memoryKiB,
    outputKiB: requested?.outputKiB ?? settings.defaults.outputKiB,
  };
}
