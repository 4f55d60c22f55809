import type { JudgeLimits } from '../../libs/contracts/index.js';
import { defaultWallTimeMs } from '../../libs/judging/index.js';

/**
 * The API's rules for the limits of a run (submissions, problems, package import): defaults for
 * what a request leaves out, and server maxima a request may not exceed (refused, never clamped).
 */

/** The limit fields in the order messages list them. */
export const LIMIT_FIELDS: readonly (keyof JudgeLimits)[] = ['cpuTimeMs', 'wallTimeMs', 'memoryKiB', 'outputKiB'];

/** The configured defaults and maxima (JudgeLimitsSettings has both). */
export interface LimitBounds {
  /** Limits used where a request gives none; `wallTimeMs` 0 means the rule of `defaultWallTimeMs`. */
  defaults: JudgeLimits;
  /** Largest value a request may give for each limit (MAX_* variables). */
  maxima: JudgeLimits;
}

/** A limit above its server maximum. */
export interface LimitAboveMaximum {
  field: keyof JudgeLimits;
  /** The value asked for, in the field's unit (ms or KiB). */
  value: number;
  /** The server maximum, same unit. */
  maximum: number;
}

/**
 * The one limits-vs-maxima check: every limit of `limits` that is greater than its maximum, in
 * LIMIT_FIELDS order. A limit equal to its maximum is allowed; an absent one is not checked.
 * @param limits limits asked for (ms, ms, KiB, KiB), some or all.
 * @param maxima the server maxima (MAX_CPU_TIME_MS, MAX_WALL_TIME_MS, MAX_MEMORY_KIB, MAX_OUTPUT_KIB).
 * @returns empty when every limit is within its maximum.
 */
export function limitsAboveMaxima(limits: Partial<JudgeLimits> | undefined, maxima: JudgeLimits): LimitAboveMaximum[] {
  const above: LimitAboveMaximum[] = [];
  for (const field of LIMIT_FIELDS) {
    const value = limits?.[field];
    if (value !== undefined && value > maxima[field]) above.push({ field, value, maximum: maxima[field] });
  }
  return above;
}

/**
 * limitsAboveMaxima as API messages, one per limit above its maximum:
 * `<path>.<field> must not be greater than <maximum>`, e.g. `limits.cpuTimeMs must not be greater than 10000`.
 * @param path where the limits are in the request body.
 */
export function limitsAboveMaximaMessages(limits: Partial<JudgeLimits> | undefined, maxima: JudgeLimits, path = 'limits'): string[] {
  return limitsAboveMaxima(limits, maxima).map(({ field, maximum }) => `${path}.${field} must not be greater than ${maximum}`);
}

/**
 * Fills the limits a request leaves out with the configured defaults. The default wall time
 * is DEFAULT_WALL_TIME_MS, or when that is 0, the rule of `defaultWallTimeMs` (libs/judging) applied
 * to the CPU time limit in effect. Does not check maxima (limitsAboveMaxima does).
 * @returns complete limits: ms, ms, KiB, KiB.
 */
export function resolveLimits(requested: Partial<JudgeLimits> | undefined, bounds: LimitBounds): JudgeLimits {
  const cpuTimeMs = requested?.cpuTimeMs ?? bounds.defaults.cpuTimeMs;
  const wallTimeMs = bounds.defaults.wallTimeMs > 0 ? bounds.defaults.wallTimeMs : defaultWallTimeMs(cpuTimeMs, bounds.maxima.wallTimeMs);
  return {
    cpuTimeMs,
    wallTimeMs: requested?.wallTimeMs ?? wallTimeMs,
    memoryKiB: requested?.memoryKiB ?? bounds.defaults.memoryKiB,
    outputKiB: requested?.outputKiB ?? bounds.defaults.outputKiB,
  };
}
