import { Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { ApiKeysModule } from '../auth/api-keys.module.js';
import { SubmissionAccessModule } from '../auth/submission-access.module.js';
import { EventsModule } from '../events/events.module.js';
import { ProblemsPersistenceModule } from '../persistence/problems/problems-persistence.module.js';
import { SubmissionsPersistenceModule } from '../persistence/submissions/submissions-persistence.module.js';
import { RedisClientFactory } from '../redis/redis-client.factory.js';
import { RedisModule } from '../redis/redis.module.js';
import { FinishWaiter } from './finish-waiter.js';
import { ProblemSubscriptions } from './problem-subscriptions.js';
import { ResultsGateway } from './results.gateway.js';
import { EVENTS_SUBSCRIBER_REDIS } from './results.tokens.js';
import { SubmissionEventsController } from './submission-events.controller.js';
import { SubmissionEventsSubscriber } from './submission-events.subscriber.js';
import { SubmissionSubscriptions } from './submission-subscriptions.js';

/**
 * Live results (API process only): ResultsGateway (Socket.IO), the Server-Sent Events stream
 * `GET /submissions/:id/events`, the per-process subscription registries, the Redis subscriber
 * feeding them, and FinishWaiter (waiting for a verdict the same way).
 */
@Module({
  imports: [RedisModule, EventsModule, SubmissionsPersistenceModule, ProblemsPersistenceModule, ApiKeysModule, SubmissionAccessModule],
  controllers: [SubmissionEventsController],
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
    ProblemSubscriptions,
    SubmissionEventsSubscriber,
    ResultsGateway,
    FinishWaiter,
  ],
  // `POST /submissions?wait=true` and the Judge0-compatible API's wait=true wait for verdicts through the same subscriptions.
  exports: [FinishWaiter],
})
export class ResultsModule {}
