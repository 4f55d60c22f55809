import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { SUBMISSION_EVENTS_CHANNEL, type SubmissionEvent, type SubmissionEventDraft } from '../../libs/contracts/index.js';
import { callDependency } from '../common/dependency-errors.js';
import { REDIS_CLIENT } from '../redis/redis.tokens.js';
import { SubmissionEventLog } from './submission-event-log.js';

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
 * Each event also goes to its submission's replay buffer (SubmissionEventLog), in one MULTI with the
 * PUBLISH: one round trip, and an event is in the buffer exactly when it was published.
 *
 * Throws DependencyUnavailableError('Redis') when Redis is unreachable (fail-fast connection: no
 * offline queue, 2 s command timeout).
 */
@Injectable()
export class SubmissionEventsPublisher {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    private readonly log: SubmissionEventLog,
  ) {}

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
    return this.publish(draft, seq);
  }

  /**
   * Publishes `draft` with `seq` unless the replay buffer already holds an event with that seq: the
   * announcement of a stored change whose publisher may have died between storing and publishing
   * (a worker killed right after storing a verdict). Followers never get one seq twice from here.
   * @returns true when it published.
   * @throws DependencyUnavailableError('Redis').
   */
  async publishIfMissing(draft: SubmissionEventDraft, seq: number): Promise<boolean> {
    const logged = await this.log.read(draft.submissionId);
    if (logged.some((event) => event.seq === seq)) return false;
    await this.publish(draft, seq);
    return true;
  }

  /**
   * Publishes `draft` with `seq` (the seq its stored change allocated) and appends it to the replay buffer.
   * @returns the event as published.
   * @throws DependencyUnavailableError('Redis').
   */
  async publish(draft: SubmissionEventDraft, seq: number): Promise<SubmissionEvent> {
    const [event] = await this.publishAll([{ draft, seq }]);
    return event!;
  }

  /**
   * Publishes several events in the order given, each with the seq its stored change allocated, and
   * appends them to the replay buffer: one MULTI, so all of them are published and buffered or none.
   * @returns the events as published.
   * @throws DependencyUnavailableError('Redis').
   */
  async publishAll(items: readonly { draft: SubmissionEventDraft; seq: number }[]): Promise<SubmissionEvent[]> {
    const at = new Date().toISOString();
    const events = items.map(({ draft, seq }) => ({ seq, ...draft, at }) as SubmissionEvent);
    await callDependency('Redis', 'publishing a submission event', async () => {
      let multi = this.redis.multi();
      for (const event of events) {
        const json = JSON.stringify(event);
        multi = this.log.append(multi, event, json).publish(SUBMISSION_EVENTS_CHANNEL, json);
      }
      const replies = await multi.exec();
      if (!replies) throw new Error('the MULTI was discarded');
      const failed = replies.find(([error]) => error);
      if (failed) throw failed[0];
    });
    return events;
  }
}
