import type { ConfigType } from '@nestjs/config';
import { IsInt, Max, Min } from 'class-validator';
import { defineConfig } from './define-config.js';

/** Environment variables of the submissions queue's admission (API). */
export class QueueEnv {
  /**
   * Most jobs waiting for a worker (waiting, prioritized, delayed) before the API refuses new
   * submissions with 503 and Retry-After; 0 turns the cap off. Nothing accepted is dropped.
   */
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  QUEUE_MAX_WAITING: number = 10_000;

  /** Retry-After of a 503 for a full queue, seconds. */
  @IsInt()
  @Min(1)
  @Max(3600)
  QUEUE_FULL_RETRY_AFTER_S: number = 30;
}

/** `queue` namespace: `{ maxWaiting, fullRetryAfterS }`; maxWaiting 0 means no cap. */
export const queueConfig = defineConfig('queue', QueueEnv, (env) => ({
  maxWaiting: env.QUEUE_MAX_WAITING,
  fullRetryAfterS: env.QUEUE_FULL_RETRY_AFTER_S,
}));
export type QueueConfig = ConfigType<typeof queueConfig>;
