import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { callDependency } from '../common/dependency-errors.js';
import { retentionConfig, type RetentionConfig } from '../config/retention.config.js';
import { eventLogKey } from '../events/submission-event-log.js';
import { SubmissionsRepository } from '../persistence/submissions/submissions.repository.js';
import { WebhookDeliveriesRepository } from '../persistence/webhook-deliveries/webhook-deliveries.repository.js';
import { REDIS_CLIENT } from '../redis/redis.tokens.js';
import { InlineTestDataCollector } from './inline-test-data.collector.js';
import { MAX_BATCHES_PER_SWEEP } from './max-batches.js';

/**
 * How long after a sweeper marks a submission for deletion MongoDB's TTL index may delete it, ms: long
 * enough for later sweeps to finish the deletion (delivery records first) if this one stops half-way.
 */
const TTL_BACKSTOP_MS = 86_400_000;

/** What one sweep did. */
export interface SweepCounts {
  /** Submissions whose tests' stdout/stderr were cleared. */
  outputsCleared: number;
  /** Submissions deleted (with their webhook delivery records and event replay buffers). */
  submissionsDeleted: number;
  /** Inline test data files deleted (no submission or problem uses them). */
  filesCollected: number;
}

/**
 * Retention (docs/retention.md), in every worker, every RETENTION_SWEEP_INTERVAL_MS:
 * 1. clears the per-test stdout/stderr of submissions finished more than RETENTION_OUTPUT_DAYS ago
 *    (verdicts, times, memory, sizes and checker messages stay);
 * 2. deletes submissions finished more than RETENTION_SUBMISSION_DAYS ago: marks each (`expiresAt`, a day
 *    ahead: MongoDB's TTL index deletes it then if no sweep has), deletes its webhook delivery records and its event
 *    replay buffer in Redis, then the submission;
 * 3. collects the inline test data no submission or problem uses any more (InlineTestDataCollector).
 * Small bounded batches (RETENTION_BATCH_SIZE, at most MAX_BATCHES_PER_SWEEP of each) and one small
 * conditional write per submission: FerretDB is CPU-bound under writes. Every write is guarded by
 * what was read (still the same finished judging) and idempotent, so any number of workers may
 * sweep at once. A failing step is logged and retried next sweep: never a failed job or start-up.
 */
@Injectable()
export class RetentionSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Retention');
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private indexed = false;

  constructor(
    @Inject(retentionConfig.KEY) private readonly cfg: RetentionConfig,
    private readonly submissions: SubmissionsRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    private readonly collector: InlineTestDataCollector,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweepSafely(), this.cfg.sweepIntervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** One sweep unless one is under way in this process; never throws (each failing step is logged). */
  async sweepSafely(now = new Date()): Promise<SweepCounts | null> {
    if (this.running) return null;
    this.running = true;
    try {
      return await this.sweep(now);
    } finally {
      this.running = false;
    }
  }

  /**
   * One sweep: outputs, then submissions, then test data; a step that fails is logged and the
   * next step still runs.
   * @returns what it did.
   */
  async sweep(now = new Date()): Promise<SweepCounts> {
    const counts: SweepCounts = { outputsCleared: 0, submissionsDeleted: 0, filesCollected: 0 };
    await this.step('creating the TTL index', async () => {
      if (this.indexed || this.cfg.submissionMs === null) return;
      const made = await this.submissions.ensureExpiryIndex();
      this.indexed = true; // made, or refused for good: not asked again
      if (!made) this.logger.log('the MongoDB server has no TTL indexes (FerretDB); this sweeper alone deletes expired submissions');
    });
    if (this.cfg.outputMs !== null) {
      const before = new Date(now.getTime() - this.cfg.outputMs);
      await this.step('clearing outputs', async () => {
        counts.outputsCleared = await this.clearOutputs(before);
      });
    }
    if (this.cfg.submissionMs !== null) {
      const before = new Date(now.getTime() - this.cfg.submissionMs);
      await this.step('deleting submissions', async () => {
        counts.submissionsDeleted = await this.deleteSubmissions(before, counts);
      });
    }
    await this.step('collecting inline test data', async () => {
      counts.filesCollected = await this.collector.collect(now);
    });
    if (counts.outputsCleared + counts.submissionsDeleted + counts.filesCollected > 0) this.logger.log(counts, 'retention sweep');
    return counts;
  }

  private async step(what: string, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, `retention sweep: ${what} failed; the next sweep retries`);
    }
  }

  private async clearOutputs(finishedBefore: Date): Promise<number> {
    let cleared = 0;
    for (let batch = 0; batch < MAX_BATCHES_PER_SWEEP; batch++) {
      const rows = await this.submissions.findOutputsDue(finishedBefore, this.cfg.batchSize);
      for (const row of rows) if (await this.submissions.clearOutputs(row.id, row.finishedAt, row.tests)) cleared++;
      if (rows.length < this.cfg.batchSize) break;
    }
    return cleared;
  }

  /** Deletes due submissions; `counts.submissionsDeleted` is kept current so a failure half-way still reports what was done. */
  private async deleteSubmissions(finishedBefore: Date, counts: SweepCounts): Promise<number> {
    for (let batch = 0; batch < MAX_BATCHES_PER_SWEEP; batch++) {
      const rows = await this.submissions.findDeletionDue(finishedBefore, this.cfg.batchSize);
      for (const row of rows) {
        // Marked first: from then on it cannot be rejudged, and a sweep that fails half-way is finished by the next one.
        if (
          !row.marked &&
          (row.finishedAt === null ||
            !(await this.submissions.markExpiring(row.id, row.finishedAt, new Date(Date.now() + TTL_BACKSTOP_MS))))
        )
          continue;
        await this.deliveries.removeForSubmission(row.id);
        await callDependency('Redis', 'deleting the event replay buffer', () => this.redis.del(eventLogKey(row.id)));
        if (await this.submissions.removeExpiring(row.id)) counts.submissionsDeleted++;
      }
      if (rows.length < this.cfg.batchSize) break;
    }
    return counts.submissionsDeleted;
  }
}
