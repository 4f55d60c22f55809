/** The retry schedule's parameters (WEBHOOK_BACKOFF_BASE_MS, WEBHOOK_BACKOFF_MAX_MS). */
export interface RetrySchedule {
  baseMs: number;
  maxMs: number;
}

/**
 * Delay before the next attempt of a delivery, ms: exponential with "equal jitter" (the AWS
 * architecture blog's name): the ceiling is `baseMs × 2^(failures − 1)` capped at `maxMs`, and the
 * delay is drawn uniformly from [ceiling / 2, ceiling], so retries of many deliveries that failed
 * together (a receiver's outage) spread out, yet no retry comes sooner than half its ceiling.
 * @param failures attempts failed so far (≥ 1; BullMQ's `attemptsMade` when it asks for the delay).
 * @param random a number in [0, 1); `Math.random` by default, fixed in tests.
 */
export function retryDelayMs(failures: number, schedule: RetrySchedule, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 40);
  const ceiling = Math.min(schedule.maxMs, schedule.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
