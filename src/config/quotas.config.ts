import type { ConfigType } from '@nestjs/config';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { defineConfig } from './define-config.js';
import { SWITCH, type Switch } from './switch.js';

/**
 * Per-key quotas and rate limits of the API (docs/quotas.md), counted in Redis so that every API
 * process sharing it shares the counts. A caller is its API key, or its client IP when the API runs
 * open. Each limit is off at 0.
 */
export class QuotasEnv {
  /** Requests of any kind per key (per IP when open) per minute; 0 turns the limit off. */
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  RATE_LIMIT_REQUESTS_PER_MINUTE: number = 1200;

  /**
   * Submissions per key (per IP when open) per minute: `POST /submissions` and the Judge0 API's
   * `POST /submissions` (one each) and `POST /submissions/batch` (one per item); 0 turns it off.
   */
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  QUOTA_SUBMISSIONS_PER_MINUTE: number = 60;

  /**
   * Submissions of one key not yet finished (queued, compiling or running) at once; a new one past it
   * gets 429. When open, every caller's submissions count together. 0 turns the cap off.
   */
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  QUOTA_UNFINISHED_SUBMISSIONS: number = 20;

  /** Retry-After of a 429 for QUOTA_UNFINISHED_SUBMISSIONS, seconds: about how long a submission takes to be judged. */
  @IsInt()
  @Min(1)
  @Max(3600)
  QUOTA_UNFINISHED_RETRY_AFTER_S: number = 5;

  /** Problems created (`POST /problems`) or imported (`POST /problems/import`) per key (per IP when open) per hour; 0 turns it off. */
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  QUOTA_PROBLEM_WRITES_PER_HOUR: number = 60;

  /** Whether admin API keys are exempt from every quota and rate limit (an open API's callers never are). */
  @IsIn(SWITCH, { message: 'QUOTAS_EXEMPT_ADMIN must be true or false' })
  QUOTAS_EXEMPT_ADMIN: Switch = 'true';
}

/** `quotas` namespace; a limit of 0 is off. */
export const quotasConfig = defineConfig('quotas', QuotasEnv, (env) => ({
  requestsPerMinute: env.RATE_LIMIT_REQUESTS_PER_MINUTE,
  submissionsPerMinute: env.QUOTA_SUBMISSIONS_PER_MINUTE,
  unfinishedSubmissions: env.QUOTA_UNFINISHED_SUBMISSIONS,
  unfinishedRetryAfterS: env.QUOTA_UNFINISHED_RETRY_AFTER_S,
  problemWritesPerHour: env.QUOTA_PROBLEM_WRITES_PER_HOUR,
  exemptAdmin: env.QUOTAS_EXEMPT_ADMIN === 'true',
}));
export type QuotasConfig = ConfigType<typeof quotasConfig>;
