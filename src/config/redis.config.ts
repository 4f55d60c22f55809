import type { ConfigType } from '@nestjs/config';
import { Matches } from 'class-validator';
import { defineConfig } from './define-config.js';

/** Environment variables for Redis (queue, events, worker requests). */
export class RedisEnv {
  /** `redis://[user:password@]host:port[/db]` or `rediss://` for TLS. */
  @Matches(/^rediss?:\/\/[^\s]+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL: string = 'redis://127.0.0.1:6379';

  /** BullMQ key prefix; processes sharing a queue must use the same one (tests use unique ones). */
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, {
    message: 'QUEUE_PREFIX must be 1 to 64 characters from A-Z a-z 0-9 _ . -',
  })
  QUEUE_PREFIX: string = 'verdict';
}

/** `redis` namespace: `{ url, queuePrefix }`. */
export const redisConfig = defineConfig('redis', RedisEnv, (env) => ({
  url: env.REDIS_URL,
  queuePrefix: env.QUEUE_PREFIX,
}));
export type RedisConfig = ConfigType<typeof redisConfig>;
