import { Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RedisClientFactory } from './redis-client.factory.js';
import { REDIS_CLIENT } from './redis.tokens.js';

/**
 * Redis connections for both processes. Exports RedisClientFactory (for dedicated
 * connections such as a subscriber) and REDIS_CLIENT, the shared fail-fast command connection.
 * Needs the global config module (redis namespace).
 */
@Module({
  providers: [
    RedisClientFactory,
    {
      provide: REDIS_CLIENT,
      inject: [RedisClientFactory],
      useFactory: (factory: RedisClientFactory): Redis =>
        factory.create('commands', { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 2000 }),
    },
  ],
  exports: [RedisClientFactory, REDIS_CLIENT],
})
export class RedisModule {}
