import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { MongoModule } from '../mongo/mongo.module.js';
import { RedisModule } from '../redis/redis.module.js';
import { HealthController } from './health.controller.js';
import { RedisHealthIndicator } from './redis.health.js';

/** `GET /health` (MongoDB and Redis pings). */
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' }), MongoModule, RedisModule],
  controllers: [HealthController],
  providers: [RedisHealthIndicator],
})
export class HealthModule {}
