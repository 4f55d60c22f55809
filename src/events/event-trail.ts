import { setTimeout as sleep } from 'node:timers/promises';
import type { SubmissionEventDraft } from '../../libs/contracts/index.js';
import { isUnsentMongoOperation, isUnsentRedisCommand } from '../common/dependency-errors.js';
import type { SubmissionEventsPublisher } from './submission-events.publisher.js';

/** How long a step keeps retrying a write or a publish that never reached a restarting MongoDB or Redis, ms. */
export const TRAIL_RETRY_WINDOW_MS = 60_000;
/** First pause between two tries, ms; doubled after each, up to TRAIL_RETRY_MAX_PAUSE_MS. */
const TRAIL_RETRY_FIRST_PAUSE_MS = 100;
const TRAIL_RETRY_MAX_PAUSE_MS = 2_000;

/** Timing of a trail's retries (tests shorten them). */
export interface TrailRetry {
  windowMs: number;
  firstPauseMs: number;
  maxPauseMs: number;
}

const DEFAULT_RETRY: TrailRetry = {
  windowMs: TRAIL_RETRY_WINDOW_MS,
  firstPauseMs: TRAIL_RETRY_FIRST_PAUSE_MS,
  maxPauseMs: TRAIL_RETRY_MAX_PAUSE_MS,
};

/**
 * The ordered chain of "store the change, then publish its event" steps of one submission's
 * judging. Steps run one after another in the background, so the sandbox never waits on
 * MongoDB or Redis: the repository write allocates the event's seq (the stored `lastSeq`) and the
 * event is published with it (SubmissionEventsPublisher.publish).
 *
 * A restarting MongoDB or Redis loses nothing: a write or a publish that failed before it was sent
 * (isUnsentMongoOperation, isUnsentRedisCommand: it certainly did not apply) is tried again, with
 * pauses from 100 ms doubling to 2 s, for up to TRAIL_RETRY_WINDOW_MS; the results stay in memory
 * meanwhile. Any other failure, or one outlasting the window, fails the step.
 *
 * After a step fails, the steps after it are skipped (a later event must never be published
 * when an earlier change was not stored); `settle` waits for the chain and rethrows that error.
 * A step whose write stored nothing (null: the submission is gone, or another judging attempt
 * superseded this one) publishes nothing and ends the trail: `superseded` turns true.
 */
export class EventTrail {
  private chain: Promise<unknown> = Promise.resolve();
  private error: unknown;
  private stopped = false;

  constructor(
    private readonly events: Pick<SubmissionEventsPublisher, 'publish'>,
    readonly submissionId: string,
    /** The submission's problem (lowercase hex), or null: what its events carry as `problemId`. */
    readonly problemId: string | null,
    private readonly retry: TrailRetry = DEFAULT_RETRY,
  ) {}

  /** True once a step stored nothing: the submission is gone or a later judging attempt owns it; nothing more is stored or published. */
  get superseded(): boolean {
    return this.stopped;
  }

  /**
   * Queues one step: `persist()` stores the change and returns the seq it allocated (null: nothing
   * stored, nothing published, the trail ends), then `draft` is published with that seq.
   */
  add(draft: SubmissionEventDraft, persist: () => Promise<number | null>): void {
    this.chain = this.chain.then(async () => {
      if (this.error !== undefined || this.stopped) return;
      try {
        const seq = await this.withRetries(persist, isUnsentMongoOperation);
        if (seq === null) {
          this.stopped = true;
          return;
        }
        await this.withRetries(() => this.events.publish(draft, seq), isUnsentRedisCommand);
      } catch (err) {
        this.error = err;
      }
    });
  }

  /**
   * Waits for every step queued so far.
   * @throws the first step's error (DependencyUnavailableError from MongoDB or Redis, typically).
   */
  async settle(): Promise<void> {
    await this.chain;
    if (this.error !== undefined) throw this.error;
  }

  /** Runs `operation`, again after each failure `retriable` accepts, until the retry window is over. */
  private async withRetries<T>(operation: () => Promise<T>, retriable: (err: unknown) => boolean): Promise<T> {
    const deadline = Date.now() + this.retry.windowMs;
    let pause = this.retry.firstPauseMs;
    for (;;) {
      try {
        return await operation();
      } catch (err) {
        if (!retriable(err) || Date.now() + pause > deadline) throw err;
        await sleep(pause);
        pause = Math.min(pause * 2, this.retry.maxPauseMs);
      }
    }
  }
}
