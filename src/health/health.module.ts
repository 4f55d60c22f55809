import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { MongoModule } from '../mongo/mongo.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { RedisModule } from '../redis/redis.module.js';
import { WorkersModule } from '../workers/workers.module.js';
import { BacklogHealthIndicator } from './backlog.health.js';
import { HealthController } from './health.controller.js';
import { RedisHealthIndicator } from './redis.health.js';

/** `GET /health/live`, `GET /health/ready` (MongoDB and Redis pings; workers and backlog reported) and `GET /health`. */
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' }), MongoModule, RedisModule, QueueModule.forProducer(), WorkersModule],
  controllers: [HealthController],
  providers: [RedisHealthIndicator, BacklogHealthIndicator],
})
export class HealthModule {}
