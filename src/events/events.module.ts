import { Module } from '@nestjs/common';
import { RedisModule } from '../redis/redis.module.js';
import { SubmissionEventLog } from './submission-event-log.js';
import { SubmissionEventsPublisher } from './submission-events.publisher.js';

/** Publishing submission events on the Redis channel, and their per-submission replay buffer; imported by both processes. */
@Module({
  imports: [RedisModule],
  providers: [SubmissionEventsPublisher, SubmissionEventLog],
  exports: [SubmissionEventsPublisher, SubmissionEventLog],
})
export class EventsModule {}
