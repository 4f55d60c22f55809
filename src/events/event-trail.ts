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

/** The most steps one batched write stores (and one MULTI publishes). */
export const TRAIL_MAX_BATCH = 32;

/**
 * A step's store function for steps that may share one write: given the items of consecutive steps,
 * stores them all in one write that allocates one seq per item, and returns the last (the items'
 * seqs are the `items.length` seqs ending there, in order), or null when nothing was stored.
 */
export type BatchPersist<T> = (items: readonly T[]) => Promise<number | null>;

/** One queued step: a change stored alone (`persist`), or an item of a batchable change (`batch`). */
type Step =
  | { draft: SubmissionEventDraft; persist: () => Promise<number | null>; batch?: undefined; item?: undefined }
  | { draft: SubmissionEventDraft; batch: BatchPersist<unknown>; item: unknown; persist?: undefined };

/**
 * The ordered chain of "store the change, then publish its event" steps of one submission's
 * judging. Steps run one after another in the background, so the sandbox never waits on
 * MongoDB or Redis: the repository write allocates the event's seq (the stored `lastSeq`) and the
 * event is published with it (SubmissionEventsPublisher.publishAll).
 *
 * Batching without reordering: steps added with `addBatched` that queue up behind a write in flight
 * (tests that end faster than MongoDB stores them) are stored together in one write and published
 * together in one MULTI, up to TRAIL_MAX_BATCH at a time, when they are consecutive and share one
 * BatchPersist. A step is never published before its change is stored, nor before an earlier step.
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
  private readonly pending: Step[] = [];
  /** True while a drain runs: set before it starts and cleared by it as it ends, both synchronously. */
  private draining = false;
  /** The last drain started; while `draining`, the one running. */
  private drained: Promise<void> = Promise.resolve();
  private error: unknown;
  private stopped = false;

  constructor(
    private readonly events: Pick<SubmissionEventsPublisher, 'publishAll'>,
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
    this.enqueue({ draft, persist });
  }

  /**
   * Queues one step whose change, `item`, `persist` may store together with the items of the
   * consecutive steps queued with the same `persist` (see the class).
   */
  addBatched<T>(draft: SubmissionEventDraft, item: T, persist: BatchPersist<T>): void {
    this.enqueue({ draft, item, batch: persist as BatchPersist<unknown> });
  }

  /**
   * Waits for every step queued so far.
   * @throws the first step's error (DependencyUnavailableError from MongoDB or Redis, typically).
   */
  async settle(): Promise<void> {
    while (this.draining) await this.drained;
    if (this.error !== undefined) throw this.error;
  }

  /**
   * Queues `step` and starts a drain unless one runs. The flag, not the drain's promise, says whether
   * one runs: a drain may end before its first await (every queued step skipped after a failure or a
   * supersede), i.e. before `drain()` returns its promise, and a drain ended that way must neither
   * be taken for a running one (settle would await it forever, a microtask loop that starves the
   * process) nor keep later steps from starting the next one.
   */
  private enqueue(step: Step): void {
    this.pending.push(step);
    if (this.draining) return;
    this.draining = true;
    this.drained = this.drain();
  }

  /** Runs the queued steps until none is left; a step queued meanwhile joins this run. */
  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const steps = this.takeBatch();
        if (this.error !== undefined || this.stopped) continue;
        try {
          await this.runSteps(steps);
        } catch (err) {
          this.error = err;
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /** The next step, with the batchable steps right behind it that share its BatchPersist. */
  private takeBatch(): Step[] {
    const first = this.pending.shift()!;
    const steps = [first];
    if (!first.batch) return steps;
    while (steps.length < TRAIL_MAX_BATCH && this.pending[0]?.batch === first.batch) steps.push(this.pending.shift()!);
    return steps;
  }

  private async runSteps(steps: Step[]): Promise<void> {
    const [first] = steps as [Step, ...Step[]];
    const last = await this.withRetries(
      () => (first.batch ? first.batch(steps.map((s) => s.item)) : first.persist!()),
      isUnsentMongoOperation,
    );
    if (last === null) {
      this.stopped = true;
      return;
    }
    const published = steps.map((s, i) => ({ draft: s.draft, seq: last - steps.length + 1 + i }));
    await this.withRetries(() => this.events.publishAll(published), isUnsentRedisCommand);
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
