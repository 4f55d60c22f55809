import type { ConfigType } from '@nestjs/config';
import { IsIn, IsInt, Matches, Max, Min } from 'class-validator';
import { defineConfig } from './define-config.js';
import { SWITCH, type Switch } from './switch.js';

/**
 * The Judge0 CE-compatible API (src/judge0, docs/judge0.md). Its limits and defaults are Verdict's own
 * (the judgeLimits namespace); only what Judge0 has and Verdict does not is configured here.
 */
export class Judge0Env {
  /**
   * Path prefix of the Judge0-compatible endpoints, e.g. `/judge0` → `POST /judge0/submissions`.
   * Must not be `/`: Verdict's own API owns `/submissions` and `/languages`.
   */
  @Matches(/^(\/[A-Za-z0-9._~-]+)+$/, { message: 'JUDGE0_PREFIX must be a path such as /judge0 (not /, no trailing slash)' })
  JUDGE0_PREFIX: string = '/judge0';

  /** Whether `POST /submissions?wait=true` may wait for the result (Judge0's ENABLE_WAIT_RESULT); `false` answers 400 `wait not allowed`. */
  @IsIn(SWITCH, { message: 'JUDGE0_ENABLE_WAIT_RESULT must be true or false' })
  JUDGE0_ENABLE_WAIT_RESULT: Switch = 'true';

  /** Longest a `wait=true` request waits for the verdict, ms; then it answers with the submission as it is (still In Queue or Processing). */
  @IsInt()
  @Min(100)
  @Max(300_000)
  JUDGE0_WAIT_TIMEOUT_MS: number = 30_000;

  /** Most submissions in one `POST /submissions/batch` or `GET /submissions/batch?tokens=` (Judge0's MAX_SUBMISSION_BATCH_SIZE). */
  @IsInt()
  @Min(1)
  @Max(1000)
  JUDGE0_MAX_BATCH_SIZE: number = 20;

  /** Whether `DELETE /submissions/:token` is allowed (Judge0's ENABLE_SUBMISSION_DELETE, off by default as there). */
  @IsIn(SWITCH, { message: 'JUDGE0_ENABLE_SUBMISSION_DELETE must be true or false' })
  JUDGE0_ENABLE_SUBMISSION_DELETE: Switch = 'false';
}

/** `judge0` namespace. */
export const judge0Config = defineConfig('judge0', Judge0Env, (env) => ({
  prefix: env.JUDGE0_PREFIX,
  enableWaitResult: env.JUDGE0_ENABLE_WAIT_RESULT === 'true',
  waitTimeoutMs: env.JUDGE0_WAIT_TIMEOUT_MS,
  maxBatchSize: env.JUDGE0_MAX_BATCH_SIZE,
  enableSubmissionDelete: env.JUDGE0_ENABLE_SUBMISSION_DELETE === 'true',
}));
export type Judge0Config = ConfigType<typeof judge0Config>;
