import type { EffectiveLimits, JudgeLimits } from '../../contracts/index.js';
import type { LanguageDefinition } from '../languages/language-definition.js';

/**
 * The limits a run of a submission in `language` gets in the sandbox (the one rule; the worker's run
 * request and the stored `effectiveLimits` both use it): CPU and wall time × the language's time
 * multiplier (rounded to whole ms), memory + its extra memory for the runtime (KiB), the output limit as is.
 * @param limits the submission's limits (ms, KiB).
 */
export function effectiveLimitsOf(
  language: Pick<LanguageDefinition, 'timeMultiplier' | 'extraMemoryKiB'>,
  limits: JudgeLimits,
): EffectiveLimits {
  return {
    cpuTimeMs: Math.round(limits.cpuTimeMs * language.timeMultiplier),
    wallTimeMs: Math.round(limits.wallTimeMs * language.timeMultiplier),
    memoryKiB: limits.memoryKiB + language.extraMemoryKiB,
    outputKiB: limits.outputKiB,
  };
}
