import type { SubmissionEventDraft } from '../../libs/contracts/index.js';
import type { SubmissionEventsPublisher } from './submission-events.publisher.js';

/**
 * The ordered chain of "store the change, then publish its event" steps of one submission's
 * judging. Steps run one after another in the background, so the sandbox never waits on
 * MongoDB or Redis; each step is `SubmissionEventsPublisher.publishAfter`: the repository write
 * allocates the event's seq (the stored `lastSeq`) and the event is published with it.
 *
 * After a step fails, the steps after it are skipped (a later event must never be published
 * when an earlier change was not stored); `settle` waits for the chain and rethrows that error.
 */
export class EventTrail {
  private chain: Promise<unknown> = Promise.resolve();
  private error: unknown;

  constructor(
    private readonly events: Pick<SubmissionEventsPublisher, 'publishAfter'>,
    readonly submissionId: string,
    /** The submission's problem (lowercase hex), or null: what its events carry as `problemId`. */
    readonly problemId: string | null,
  ) {}

  /**
   * Queues one step: `persist()` stores the change and returns the seq it allocated (null: the
   * submission no longer exists, nothing is published), then `draft` is published with that seq.
   */
  add(draft: SubmissionEventDraft, persist: () => Promise<number | null>): void {
    this.chain = this.chain.then(async () => {
      if (this.error !== undefined) return;
      try {
        await this.events.publishAfter(draft, persist);
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
}
