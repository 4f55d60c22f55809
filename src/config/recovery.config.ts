import type { ConfigType } from '@nestjs/config';
import { IsInt, Max, Min } from 'class-validator';
import { defineConfig } from './define-config.js';

/** Environment variables of the worker's recovery of stranded submissions (src/recovery). */
export class RecoveryEnv {
  /** How often each worker looks for submissions left unfinished without a live judge job, ms. */
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  RECOVERY_SWEEP_INTERVAL_MS: number = 60_000;

  /**
   * Age a queued or running submission must reach before the sweep touches it, ms: the API may be
   * between saving it and enqueueing it.
   */
  @IsInt()
  @Min(100)
  @Max(86_400_000)
  RECOVERY_GRACE_MS: number = 30_000;

  /**
   * Times a judge job may lose its worker (crash, SIGKILL, OOM: its lock expires) and be handed to
   * another; one more and BullMQ fails it, and the sweep ends the submission as Internal Error with
   * that reason. So a submission whose judging kills its worker is tried at most this + 1 times.
   */
  @IsInt()
  @Min(0)
  @Max(20)
  JUDGE_MAX_STALLS: number = 2;

  /**
   * Times the sweep re-queues a submission whose judge job failed for good for another reason
   * (MongoDB or Redis down through every retry); then it ends as Internal Error with the job's reason.
   */
  @IsInt()
  @Min(0)
  @Max(100)
  RECOVERY_MAX_REQUEUES: number = 3;
}

/** `recovery` namespace: `{ sweepIntervalMs, graceMs, maxStalls, maxRequeues }`. */
export const recoveryConfig = defineConfig('recovery', RecoveryEnv, (env) => ({
  sweepIntervalMs: env.RECOVERY_SWEEP_INTERVAL_MS,
  graceMs: env.RECOVERY_GRACE_MS,
  maxStalls: env.JUDGE_MAX_STALLS,
  maxRequeues: env.RECOVERY_MAX_REQUEUES,
}));
export type RecoveryConfig = ConfigType<typeof recoveryConfig>;
