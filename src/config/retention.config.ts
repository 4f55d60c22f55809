import type { ConfigType } from '@nestjs/config';
import { IsInt, Max, Min } from 'class-validator';
import { defineConfig } from './define-config.js';

const DAY_MS = 86_400_000;
/** The longest retention accepted, days (100 years: beyond it, 0 says "forever" more plainly). */
const MAX_DAYS = 36_500;

/** Environment variables of the retention sweeper (worker; see docs/retention.md). */
export class RetentionEnv {
  /** Days after finishing after which a submission's per-test stdout and stderr are cleared (verdicts and figures stay); 0 = keep forever. */
  @IsInt()
  @Min(0)
  @Max(MAX_DAYS)
  RETENTION_OUTPUT_DAYS: number = 0;

  /** Days after finishing after which a whole submission is deleted (with its webhook delivery records and event replay buffer); 0 = keep forever. */
  @IsInt()
  @Min(0)
  @Max(MAX_DAYS)
  RETENTION_SUBMISSION_DAYS: number = 0;

  /** RETENTION_OUTPUT_DAYS in ms, when above 0 (it then wins): for tests and operators who need a finer unit. */
  @IsInt()
  @Min(0)
  @Max(MAX_DAYS * DAY_MS)
  RETENTION_OUTPUT_MS: number = 0;

  /** RETENTION_SUBMISSION_DAYS in ms, when above 0 (it then wins): for tests and operators who need a finer unit. */
  @IsInt()
  @Min(0)
  @Max(MAX_DAYS * DAY_MS)
  RETENTION_SUBMISSION_MS: number = 0;

  /** How often each worker sweeps (clears outputs, deletes submissions, collects unused inline test data), ms. */
  @IsInt()
  @Min(100)
  @Max(DAY_MS)
  RETENTION_SWEEP_INTERVAL_MS: number = 600_000;

  /** Submissions (or test data files) handled per batch of a sweep; a sweep runs at most 10 batches of each kind. */
  @IsInt()
  @Min(1)
  @Max(1000)
  RETENTION_BATCH_SIZE: number = 20;

  /**
   * An inline test data file stored or reused by a submission less than this long ago is never
   * collected, ms: covers a POST between storing its files and storing its submission.
   */
  @IsInt()
  @Min(1000)
  @Max(30 * DAY_MS)
  RETENTION_TEST_DATA_GRACE_MS: number = 3_600_000;
}

/**
 * `retention` namespace: `{ outputMs, submissionMs, sweepIntervalMs, batchSize, testDataGraceMs }`, ages in
 * ms after `finishedAt` (null = keep forever), the `*_MS` variables winning over the `*_DAYS` ones.
 */
export const retentionConfig = defineConfig('retention', RetentionEnv, (env) => ({
  outputMs: env.RETENTION_OUTPUT_MS || env.RETENTION_OUTPUT_DAYS * DAY_MS || null,
  submissionMs: env.RETENTION_SUBMISSION_MS || env.RETENTION_SUBMISSION_DAYS * DAY_MS || null,
  sweepIntervalMs: env.RETENTION_SWEEP_INTERVAL_MS,
  batchSize: env.RETENTION_BATCH_SIZE,
  testDataGraceMs: env.RETENTION_TEST_DATA_GRACE_MS,
}));
export type RetentionConfig = ConfigType<typeof retentionConfig>;
