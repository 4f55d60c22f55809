import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { AsyncMicroserviceOptions } from '@nestjs/microservices';
import { Logger } from 'nestjs-pino';
import { pino } from 'pino';
import { redisConfig, type RedisConfig } from './config/redis.config.js';
import { redisTransportOptions } from './redis/redis-transport.options.js';
import { WorkerModule } from './worker.module.js';

/**
 * Worker entry point: a Nest microservice on the Redis transport (answers WorkerPattern requests)
 * that also runs the BullMQ judge processor. Refuses to start without a working sandbox.
 */
async function bootstrap(): Promise<void> {
  const app = await NestFactory.createMicroservice<AsyncMicroserviceOptions>(WorkerModule, {
    bufferLogs: true,
    inject: [redisConfig.KEY],
    useFactory: (config: RedisConfig) => redisTransportOptions(config),
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.listen();
}

bootstrap().catch((error: unknown) => {
  // The app logger may not exist yet (invalid configuration, no sandbox): log with a bare pino.
  pino({ name: 'verdict-worker' }).fatal({ err: error }, error instanceof Error ? error.message : 'worker failed to start');
  process.exit(1);
});
