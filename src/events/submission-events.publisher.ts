import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import {
  eventSeqKey,
  SUBMISSION_EVENTS_CHANNEL,
  type SubmissionEvent,
  type SubmissionEventDraft,
} from '../../libs/contracts/index.js';
import { callDependency } from '../common/dependency-errors.js';
import { REDIS_CLIENT } from '../redis/redis.tokens.js';
import {
  EVENT_SEQ_TTL_S,
  PUBLISH_WITH_NEXT_SEQ_COMMAND,
  PUBLISH_WITH_NEXT_SEQ_LUA,
  RESERVE_SEQ_COMMAND,
  RESERVE_SEQ_LUA,
} from './submission-events.scripts.js';

/** The scripts as ioredis exposes them once defined. */
interface EventScriptCommands {
  [PUBLISH_WITH_NEXT_SEQ_COMMAND](seqKey: string, channel: string, ttlS: number, json: string): Promise<number>;
  [RESERVE_SEQ_COMMAND](seqKey: string, ttlS: number): Promise<number>;
}

/**
 * Publishes submission events on SUBMISSION_EVENTS_CHANNEL (JSON, one message per event),
 * stamping each with the submission's next sequence number (`seq`, from 1, +1 per event,
 * kept in Redis at `eventSeqKey(id)`) and the publication time (`at`).
 *
 * Two ways to publish:
 * - `publishAfter(draft, persist)`: reserve seq → persist the state change with that seq → publish.
 *   Use this for every event whose effect is stored (queued, compiling, running, test-finished,
 *   finished): a WebSocket client that reads the stored state and then listens can then never
 *   miss an event, because an event is only published once the state it describes is readable.
 * - `publish(draft)`: seq assignment and PUBLISH in one atomic round trip, for events that
 *   change nothing stored.
 *
 * Every method throws DependencyUnavailableError('Redis') when Redis is unreachable (fail-fast
 * connection: no offline queue, 2 s command timeout).
 */
@Injectable()
export class SubmissionEventsPublisher implements OnModuleInit {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}

  onModuleInit(): void {
    const commands = this.redis as unknown as Record<string, unknown>;
    if (!commands[PUBLISH_WITH_NEXT_SEQ_COMMAND]) {
      this.redis.defineCommand(PUBLISH_WITH_NEXT_SEQ_COMMAND, { numberOfKeys: 1, lua: PUBLISH_WITH_NEXT_SEQ_LUA });
    }
    if (!commands[RESERVE_SEQ_COMMAND]) {
      this.redis.defineCommand(RESERVE_SEQ_COMMAND, { numberOfKeys: 1, lua: RESERVE_SEQ_LUA });
    }
  }

  private get scripts(): EventScriptCommands {
    return this.redis as unknown as EventScriptCommands;
  }

  /**
   * Assigns the next seq and publishes, atomically, in one round trip.
   * @returns the event as published (with `seq` and `at`).
   * @throws DependencyUnavailableError('Redis').
   */
  async publish(draft: SubmissionEventDraft): Promise<SubmissionEvent> {
    const at = new Date().toISOString();
    const json = JSON.stringify({ ...draft, at });
    const seq = await callDependency('Redis', 'publishing a submission event', () =>
      this.scripts[PUBLISH_WITH_NEXT_SEQ_COMMAND](eventSeqKey(draft.submissionId), SUBMISSION_EVENTS_CHANNEL, EVENT_SEQ_TTL_S, json),
    );
    return { seq, ...draft, at } as SubmissionEvent;
  }

  /**
   * Reserves the next seq of `submissionId` without publishing anything.
   * @returns the reserved seq (≥ 1).
   * @throws DependencyUnavailableError('Redis').
   */
  async reserveSeq(submissionId: string): Promise<number> {
    return callDependency('Redis', 'reserving an event sequence number', () =>
      this.scripts[RESERVE_SEQ_COMMAND](eventSeqKey(submissionId), EVENT_SEQ_TTL_S),
    );
  }

  /**
   * Publishes `draft` with a seq obtained from `reserveSeq`.
   * @returns the event as published.
   * @throws DependencyUnavailableError('Redis').
   */
  async publishReserved(seq: number, draft: SubmissionEventDraft): Promise<SubmissionEvent> {
    const event = { seq, ...draft, at: new Date().toISOString() } as SubmissionEvent;
    await callDependency('Redis', 'publishing a submission event', () =>
      this.redis.publish(SUBMISSION_EVENTS_CHANNEL, JSON.stringify(event)),
    );
    return event;
  }

  /**
   * Persist-then-announce: reserves the next seq, awaits `persist(seq)` (which should store
   * the state change together with `lastSeq = seq`), then publishes the event with that seq.
   * If `persist` throws, nothing is published and its error propagates (the seq is skipped;
   * subscribers see a gap, never a reordering).
   * @returns the event as published.
   * @throws DependencyUnavailableError('Redis') from reserving or publishing; whatever `persist` throws.
   */
  async publishAfter(draft: SubmissionEventDraft, persist: (seq: number) => Promise<unknown>): Promise<SubmissionEvent> {
    const seq = await this.reserveSeq(draft.submissionId);
    await persist(seq);
    return this.publishReserved(seq, draft);
  }
}
