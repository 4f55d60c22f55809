import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { AsyncMicroserviceOptions } from '@nestjs/microservices';
import { Logger } from 'nestjs-pino';
import { pino } from 'pino';
import { redisConfig, type RedisConfig } from './config/redis.config.js';
import { redisTransportOptions } from './redis/redis-transport.options.js';
import { SHUTDOWN_GRACE_MS } from './judge/judge.processor.js';
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
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.enableShutdownHooks();
  armShutdownDeadline(logger);
  await app.listen();
}

/** Time shutdown may take beyond draining the running jobs (closing connections), ms. */
const SHUTDOWN_CLOSE_MS = 15_000;

/**
 * A backstop for shutdown: once SIGTERM or SIGINT arrives, the process exits (status 1) after
 * SHUTDOWN_GRACE_MS + SHUTDOWN_CLOSE_MS even if a dependency never answers (a dead Redis keeps
 * BullMQ's close waiting). Jobs still held are judged again by another worker when their lock expires.
 */
function armShutdownDeadline(logger: Logger): void {
  const arm = (signal: NodeJS.Signals) => {
    const deadlineMs = SHUTDOWN_GRACE_MS + SHUTDOWN_CLOSE_MS;
    setTimeout(() => {
      logger.error(`shutdown (${signal}) did not finish within ${deadlineMs} ms, a dependency not answering; exiting`, 'Shutdown');
      process.exit(1);
    }, deadlineMs).unref();
  };
  process.once('SIGTERM', arm);
  process.once('SIGINT', arm);
}

bootstrap().catch((error: unknown) => {
  // The app logger may not exist yet (invalid configuration, no sandbox): log with a bare pino.
  pino({ name: 'verdict-worker' }).fatal({ err: error }, error instanceof Error ? error.message : 'worker failed to start');
  process.exit(1);
});
