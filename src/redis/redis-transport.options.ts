import { Transport, type RedisOptions as NestRedisOptions } from '@nestjs/microservices';
import type { RedisConfig } from '../config/redis.config.js';
import { REDIS_CONNECT_TIMEOUT_MS } from './redis-client.factory.js';
import { parseRedisUrl } from './redis-url.js';

/**
 * Options of the Nest Redis transport (worker requests such as `WorkerPattern.ListLanguages`)
 * built from REDIS_URL: host, port, user, password, db and TLS. Use the same function for the
 * API's ClientProxy and the worker's microservice server so both reach the same Redis.
 */
export function redisTransportOptions(config: RedisConfig): NestRedisOptions {
  return {
    transport: Transport.REDIS,
    options: {
      ...parseRedisUrl(config.url),
      connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
      retryAttempts: Number.MAX_SAFE_INTEGER,
      retryDelay: 1000,
    },
  };
}
