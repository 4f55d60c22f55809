import { Module } from '@nestjs/common';
import { QueueModule } from '../queue/queue.module.js';
import { RedisModule } from '../redis/redis.module.js';
import { WorkerDirectory } from './worker-directory.js';
import { WorkersController } from './workers.controller.js';

/** `GET /workers` and WorkerDirectory (the live workers from their heartbeats), also used by readiness. */
@Module({
  imports: [RedisModule, QueueModule.forProducer()],
  controllers: [WorkersController],
  providers: [WorkerDirectory],
  exports: [WorkerDirectory],
})
export class WorkersModule {}
