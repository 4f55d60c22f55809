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

/**
 * The delay a receiver asked for in its `Retry-After` header (RFC 9110 §10.2.3: delay-seconds or an
 * HTTP-date), ms; null when absent or unreadable. A date in the past is 0.
 */
export function retryAfterMs(header: string | undefined, nowMs: number = Date.now()): number | null {
  if (header === undefined) return null;
  const value = header.trim();
  if (/^\d{1,10}$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  if (!/[a-z]/i.test(value) || Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

/**
 * The delay before the next attempt: `retryDelayMs`, or the receiver's `Retry-After` when that is
 * longer, never more than the schedule's cap.
 */
export function nextAttemptDelayMs(
  failures: number,
  schedule: RetrySchedule,
  askedMs: number | null,
  random: () => number = Math.random,
): number {
  return Math.max(retryDelayMs(failures, schedule, random), Math.min(askedMs ?? 0, schedule.maxMs));
}
