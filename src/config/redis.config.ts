import type { ConfigType } from '@nestjs/config';
import { Matches } from 'class-validator';
import { defineConfig } from './define-config.js';

/** 1 to 64 characters from A-Z a-z 0-9 _ . -, the first of them optionally inside one pair of braces. */
const QUEUE_PREFIX_PATTERN = /^(?=.{1,64}$)(?:\{[A-Za-z0-9_.-]+\})?[A-Za-z0-9_.-]*$/;
const QUEUE_PREFIX_RULE =
  'QUEUE_PREFIX must be 1 to 64 characters from A-Z a-z 0-9 _ . -, optionally starting with a Redis Cluster hash tag such as {verdict}';

/** Environment variables for Redis (queue, events, worker requests). */
export class RedisEnv {
  /** `redis://[user:password@]host:port[/db]` or `rediss://` for TLS. */
  @Matches(/^rediss?:\/\/[^\s]+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL: string = 'redis://127.0.0.1:6379';

  /**
   * BullMQ key prefix; processes sharing a queue must use the same one (tests use unique ones).
   * It may start with a Redis Cluster hash tag, `{verdict}`: every key then hashes to one slot, as
   * BullMQ's multi-key scripts need on a cluster (docs/deployment.md).
   */
  @Matches(QUEUE_PREFIX_PATTERN, { message: QUEUE_PREFIX_RULE })
  QUEUE_PREFIX: string = 'verdict';
}

/** `redis` namespace: `{ url, queuePrefix }`. */
export const redisConfig = defineConfig('redis', RedisEnv, (env) => ({
  url: env.REDIS_URL,
  queuePrefix: env.QUEUE_PREFIX,
}));
export type RedisConfig = ConfigType<typeof redisConfig>;
