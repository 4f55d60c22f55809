import type { JudgeLimits } from '../../../libs/contracts/index.js';
import { MIN_WALL_TIME_MS } from '../../../libs/judging/index.js';

/**
 * The wall-clock budget of one judging: all its test runs together may take `totalMs`
 * (SUBMISSION_WALL_BUDGET_MS). Each test's wall limit is cut to what is left, so the sum of the
 * runs' wall times never passes the budget by more than the sandbox's kill latency; the test on
 * which the budget runs out is Time Limit Exceeded (the stop rule is the plan runner's).
 */
export class WallBudget {
  private usedMs = 0;

  constructor(readonly totalMs: number) {}

  /** Wall time left, ms. */
  get remainingMs(): number {
    return Math.max(0, this.totalMs - this.usedMs);
  }

  /**
   * The limits of the next test: `limits` with the wall limit cut so that the run's wall limit
   * (limits.wallTimeMs × `timeMultiplier`, as submissionRunRequest computes it) fits in what is
   * left; `capped` when it was cut. Null when less than MIN_WALL_TIME_MS is left: the test is
   * then Time Limit Exceeded without a run.
   */
  limitsFor(limits: JudgeLimits, timeMultiplier: number): { limits: JudgeLimits; capped: boolean } | null {
    const remaining = this.remainingMs;
    if (remaining < MIN_WALL_TIME_MS) return null;
    if (limits.wallTimeMs * timeMultiplier <= remaining) return { limits, capped: false };
    return { limits: { ...limits, wallTimeMs: Math.max(1, Math.floor(remaining / timeMultiplier)) }, capped: true };
  }

  /** Counts a run's wall time, ms. */
  charge(wallTimeMs: number): void {
    this.usedMs += Math.max(0, wallTimeMs);
  }

  /** The checker message of the test on which the budget ran out. */
  message(): string {
    return `the submission's wall-time budget of ${this.totalMs} ms for all its tests together ran out on this test (SUBMISSION_WALL_BUDGET_MS)`;
  }
}
