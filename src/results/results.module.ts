import { Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RedisClientFactory } from '../redis/redis-client.factory.js';
import { RedisModule } from '../redis/redis.module.js';
import { SubmissionsPersistenceModule } from '../persistence/submissions/submissions-persistence.module.js';
import { ResultsGateway } from './results.gateway.js';
import { EVENTS_SUBSCRIBER_REDIS } from './results.tokens.js';
import { SubmissionEventsSubscriber } from './submission-events.subscriber.js';
import { SubmissionSubscriptions } from './submission-subscriptions.js';

/**
 * Live results for WebSocket clients (API process only): ResultsGateway, the per-process
 * subscription registry and the Redis subscriber feeding it.
 */
@Module({
  imports: [RedisModule, SubmissionsPersistenceModule],
  providers: [
    {
      provide: EVENTS_SUBSCRIBER_REDIS,
      inject: [RedisClientFactory],
      // Subscriber mode: commands wait for the connection (never fail while Redis is away),
      // and ioredis re-issues SUBSCRIBE after a reconnect.
      useFactory: (factory: RedisClientFactory): Redis =>
        factory.create('events-subscriber', { maxRetriesPerRequest: null, autoResubscribe: true }),
    },
    SubmissionSubscriptions,
    SubmissionEventsSubscriber,
    ResultsGateway,
  ],
  // The Judge0-compatible API waits for verdicts through the same subscriptions (wait=true).
  exports: [SubmissionSubscriptions],
})
export class ResultsModule {}
