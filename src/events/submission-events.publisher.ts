import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { SUBMISSION_EVENTS_CHANNEL, type SubmissionEvent, type SubmissionEventDraft } from '../../libs/contracts/index.js';
import { callDependency } from '../common/dependency-errors.js';
import { REDIS_CLIENT } from '../redis/redis.tokens.js';

/**
 * Publishes submission events on SUBMISSION_EVENTS_CHANNEL (JSON, one message per event), each
 * with its per-submission sequence number (`seq`) and the publication time (`at`).
 *
 * `seq` is not allocated here: the submission's stored state owns it (`lastSeq`, incremented by the
 * same MongoDB write that stores the change the event announces; see SubmissionsRepository). So
 * an event is published only once the state it describes is readable, with the seq that state
 * carries: a client that reads the stored state and then listens can never miss an event, and a
 * lost or restarted Redis can never make a seq go backwards.
 *
 * Throws DependencyUnavailableError('Redis') when Redis is unreachable (fail-fast connection: no
 * offline queue, 2 s command timeout).
 */
@Injectable()
export class SubmissionEventsPublisher {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}

  /**
   * Persist-then-announce: awaits `persist()`, which stores the state change and returns the seq it
   * allocated (the stored `lastSeq`), then publishes `draft` with that seq.
   * @returns the event as published, or null when `persist` stored nothing (returned null: the
   *   submission no longer exists); then nothing is published.
   * @throws whatever `persist` throws (nothing is published); DependencyUnavailableError('Redis') from publishing.
   */
  async publishAfter(draft: SubmissionEventDraft, persist: () => Promise<number | null>): Promise<SubmissionEvent | null> {
    const seq = await persist();
    if (seq === null) return null;
    const event = { seq, ...draft, at: new Date().toISOString() } as SubmissionEvent;
    await callDependency('Redis', 'publishing a submission event', () =>
      this.redis.publish(SUBMISSION_EVENTS_CHANNEL, JSON.stringify(event)),
    );
    return event;
  }
}
