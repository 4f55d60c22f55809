import type { JobsOptions } from 'bullmq';

/**
 * Options of every judge job. The job id is the submission id, so adding the same
 * submission twice is a no-op. A job whose worker died is retried: 3 attempts with
 * exponential back-off from 1 s. Completed jobs are removed (the result lives in MongoDB);
 * failed ones are kept a week for operators.
 */
export const JUDGE_JOB_OPTIONS: Readonly<JobsOptions> = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600, count: 10000 },
};
