import { Inject, Injectable } from '@nestjs/common';
import { getStorageToken, type ThrottlerStorage } from '@nestjs/throttler';
import type { RefusedRequestsLimiter } from '../auth/refused-requests.limiter.js';
import { quotasConfig, type QuotasConfig } from '../config/quotas.config.js';
import { quotaTrackerOf } from './quota-caller.js';
import { QuotaExceededException } from './quota-exceeded.exception.js';
import { QUOTA_LIMITS, QuotaName } from './quota-limits.js';

/**
 * RefusedRequestsLimiter on the quotas' Redis storage: refused requests of one address count against
 * RATE_LIMIT_REQUESTS_PER_MINUTE in a bucket of their own (`refused:ip:<address>`), so a flood of made-up
 * keys gets 429 and stops costing key lookups. 0 (the rate limit off): nothing is counted.
 */
@Injectable()
export class RefusedRequestsCounter implements RefusedRequestsLimiter {
  constructor(
    @Inject(getStorageToken()) private readonly storage: ThrottlerStorage,
    @Inject(quotasConfig.KEY) private readonly cfg: QuotasConfig,
  ) {}

  async refused(ip: string): Promise<void> {
    const limit = this.cfg.requestsPerMinute;
    if (limit <= 0) return;
    const windowMs = QUOTA_LIMITS[QuotaName.Requests].windowMs;
    const hit = await this.storage.increment(`refused:${quotaTrackerOf(undefined, ip)}`, windowMs, limit, 0, 'refused').catch(() => null); // Redis unreachable: the 401 stands
    if (hit?.isBlocked) {
      const retryAfter = hit.timeToBlockExpire;
      throw new QuotaExceededException(
        `at most ${limit} requests per minute per client address without a valid API key (RATE_LIMIT_REQUESTS_PER_MINUTE); retry after ${retryAfter} s`,
        retryAfter,
      );
    }
  }
}
