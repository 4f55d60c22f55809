import type { JudgeLimits } from '../../../libs/contracts/index.js';
import { defaultWallTimeMs } from '../../../libs/judging/index.js';
import type { StoredProblem } from './problem-records.js';

/** Where the time limit a problem's submissions get comes from. */
export type AppliedTimeLimitFrom = 'derived' | 'stated' | 'server-default';

/** The CPU time limit new submissions of a problem are judged with, ms, and its origin. */
export interface AppliedTimeLimit {
  ms: number;
  from: AppliedTimeLimitFrom;
}

type TimeLimitFields = Pick<StoredProblem, 'limits' | 'timeLimitGiven' | 'timeLimitSource' | 'derivedTimeLimit'>;

/**
 * The time limit a problem applies (docs/timing.md): with `timeLimitSource: derived` and a stored
 * `derivedTimeLimit`, that one (`derived`); otherwise `limits.cpuTimeMs`, `stated` when the
 * package or the POST/PUT body gave it, `server-default` when it is DEFAULT_CPU_TIME_MS.
 */
export function appliedTimeLimit(problem: TimeLimitFields): AppliedTimeLimit {
  if (problem.timeLimitSource === 'derived' && problem.derivedTimeLimit) return { ms: problem.derivedTimeLimit.ms, from: 'derived' };
  return { ms: problem.limits.cpuTimeMs, from: problem.timeLimitGiven ? 'stated' : 'server-default' };
}

/**
 * The limits a new submission of the problem is stored with: the problem's, with the applied time
 * limit as `cpuTimeMs`; when that is a derived one, the wall time follows the default rule
 * (`defaultWallTimeMs`, at most `maxWallTimeMs`), as in verification.
 */
export function appliedLimits(problem: TimeLimitFields, maxWallTimeMs: number): JudgeLimits {
  const applied = appliedTimeLimit(problem);
  if (applied.from !== 'derived') return { ...problem.limits };
  return { ...problem.limits, cpuTimeMs: applied.ms, wallTimeMs: defaultWallTimeMs(applied.ms, maxWallTimeMs) };
}
