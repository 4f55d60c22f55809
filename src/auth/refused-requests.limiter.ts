/**
 * Counts requests (and Socket.IO handshakes) refused for want of a valid API key, per client address, so
 * that guessing keys or flooding without one is rate-limited like any other traffic (docs/quotas.md).
 * Provided by the quotas module under REFUSED_REQUESTS_LIMITER; absent (tests of the guard alone): nothing is counted.
 */
export interface RefusedRequestsLimiter {
  /**
   * Counts one refused request from `ip`.
   * @throws HttpException 429 (with `retryAfterSeconds`) when that address is over the request rate, so the
   *   caller answers that instead of 401. Never throws for an unreachable Redis (the 401 stands).
   */
  refused(ip: string): Promise<void>;
}

/** Injection token of the process's RefusedRequestsLimiter (optional). */
export const REFUSED_REQUESTS_LIMITER = Symbol('REFUSED_REQUESTS_LIMITER');
