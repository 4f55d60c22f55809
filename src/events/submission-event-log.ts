import { Inject, Injectable } from '@nestjs/common';
import type { ChainableCommander, Redis } from 'ioredis';
import type { SubmissionEvent } from '../../libs/contracts/index.js';
import { callDependency } from '../common/dependency-errors.js';
import { eventsConfig, type EventsConfig } from '../config/events.config.js';
import { REDIS_CLIENT } from '../redis/redis.tokens.js';
import { parseSubmissionEvent } from './parse-submission-event.js';

/** Redis key of submission `submissionId`'s replay buffer (a list of event JSON, oldest first). */
export const eventLogKey = (submissionId: string): string => `verdict:event-log:${submissionId}`;

/**
 * Each submission's replay buffer: its latest published events, kept in Redis so that a client that
 * missed some (disconnected, subscribed late) can be sent exactly the ones after the last it saw.
 *
 * A list per submission (`eventLogKey`), appended by the publisher in the same MULTI as the PUBLISH
 * (`append`), so an event is in the buffer exactly when it was published, with no extra round trip.
 * Bounded: the newest EVENT_REPLAY_MAX_EVENTS events, kept EVENT_REPLAY_TTL_SECONDS after the latest.
 * The buffer is a cache: MongoDB owns `seq`, and what the buffer no longer holds the stored state
 * replaces (see `replayAfter` in src/results).
 */
@Injectable()
export class SubmissionEventLog {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(eventsConfig.KEY) private readonly cfg: EventsConfig,
  ) {}

  /** Queues on `transaction` the commands that append `json` (the event `event`, serialised) to its buffer, trimmed and with a fresh TTL. */
  append(transaction: ChainableCommander, event: SubmissionEvent, json: string): ChainableCommander {
    const key = eventLogKey(event.submissionId);
    return transaction.rpush(key, json).ltrim(key, -this.cfg.replayMaxEvents, -1).expire(key, this.cfg.replayTtlSeconds);
  }

  /**
   * The events held for submission `submissionId`, in the order published (increasing seq); empty when
   * the buffer expired or never existed. Entries that do not parse are left out (a gap the caller sees).
   * @throws DependencyUnavailableError('Redis') when Redis is unreachable.
   */
  async read(submissionId: string): Promise<SubmissionEvent[]> {
    const entries = await callDependency('Redis', 'reading the submission event log', () =>
      this.redis.lrange(eventLogKey(submissionId), 0, -1),
    );
    return entries
      .map((entry) => parseSubmissionEvent(entry))
      .filter((event): event is SubmissionEvent => event?.submissionId === submissionId);
  }
}
