import { Module } from '@nestjs/common';
import { RedisModule } from '../redis/redis.module.js';
import { SubmissionEventsPublisher } from './submission-events.publisher.js';

/** Publishing submission events on the Redis channel; imported by both processes. */
@Module({
  imports: [RedisModule],
  providers: [SubmissionEventsPublisher],
  exports: [SubmissionEventsPublisher],
})
export class EventsModule {}
