import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthCheckAttempt } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { REDIS_CLIENT } from '../redis/redis.tokens.js';

/** Terminus indicator: Redis answers PING on the shared command connection. */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    private readonly health: HealthIndicatorService,
  ) {}

  /** Up when PING answers within `timeoutMs` (ms); down otherwise, with the reason. */
  pingCheck<Key extends string>(key: Key, timeoutMs: number): HealthCheckAttempt<Key> {
    return this.health
      .check(key)
      .attempt(async () => {
        await this.redis.ping();
      })
      .withTimeout(timeoutMs);
  }
}
