import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { JobName, QueueName, type JobPayloads } from '../../libs/contracts/index.js';
import { recoveryConfig, type RecoveryConfig } from '../config/recovery.config.js';
import { SubmissionJudgeService } from '../judge/submission-judge.service.js';
import { JUDGE_JOB_OPTIONS } from '../queue/judge-job.options.js';
import { SubmissionsRepository } from '../persistence/submissions/submissions.repository.js';

/** Submissions examined per sweep. */
const SWEEP_BATCH = 500;

/** BullMQ's failedReason for a job that lost its worker more than `maxStalledCount` times. */
const STALLED_REASON = 'job stalled more than allowable limit';

/** What one sweep did, by submission id. */
export interface SweepOutcome {
  /** Judge job lost (Redis lost its data, or the API stopped between saving and enqueueing): added again. */
  requeued: string[];
  /** Judge job failed for good: ended as Internal Error with the reason. */
  gaveUp: string[];
}

/**
 * Makes sure no submission stays queued or running forever. Every RECOVERY_SWEEP_INTERVAL_MS, each
 * worker looks at the unfinished submissions older than RECOVERY_GRACE_MS:
 * - a live judge job (waiting, active, delayed, retrying): left alone;
 * - no job (Redis lost its data, or the API stopped between saving and enqueueing): added again;
 * - a failed job that lost its worker more than JUDGE_MAX_STALLS times (its judging keeps killing the
 *   worker), or one already re-queued RECOVERY_MAX_REQUEUES times: the submission ends as Internal Error
 *   with the reason stored;
 * - another failed job (dependencies down through every retry): added again, its re-queue count + 1.
 * Adding is idempotent (job id = submission id) and ending is fenced (only an unfinished submission is
 * finished), so any number of workers may sweep at once.
 */
@Injectable()
export class LostJobsSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LostJobsSweeper.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @InjectQueue(QueueName.Submissions) private readonly queue: Queue<JobPayloads[JobName.Judge]>,
    private readonly submissions: SubmissionsRepository,
    private readonly judge: SubmissionJudgeService,
    @Inject(recoveryConfig.KEY) private readonly cfg: RecoveryConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.sweep().catch((err: unknown) => this.logger.warn({ err: (err as Error).message }, 'sweep failed; next one will retry'));
    }, this.cfg.sweepIntervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /**
   * One sweep.
   * @throws DependencyUnavailableError when MongoDB or Redis is unreachable.
   */
  async sweep(now = new Date()): Promise<SweepOutcome> {
    const ids = await this.submissions.findUnfinishedIds(new Date(now.getTime() - this.cfg.graceMs), SWEEP_BATCH);
    const outcome: SweepOutcome = { requeued: [], gaveUp: [] };
    for (const id of ids) {
      const job = (await this.queue.getJob(id)) as Job<JobPayloads[JobName.Judge]> | undefined;
      if (job && !(await job.isFailed())) continue;
      // A job that just completed is removed: the list read above may predate its verdict.
      if (!job && (await this.submissions.isFinished(id))) continue;
      const requeues = job?.data.requeues ?? 0;
      if (job) {
        const reason = job.failedReason || 'unknown reason';
        const crashes = reason === STALLED_REASON;
        if (crashes || requeues >= this.cfg.maxRequeues) {
          const why = crashes
            ? `the worker judging it was lost ${this.cfg.maxStalls + 1} times (it crashed or was killed meanwhile)`
            : `its judge job failed for good ${requeues + 1} times, the last time with: ${reason}`;
          await this.judge.giveUp(id, new Error(why));
          outcome.gaveUp.push(id);
          continue;
        }
        // A failed job keeps its id: remove it so the new one is not ignored as a duplicate.
        await job.remove();
      }
      const data = job ? { submissionId: id, requeues: requeues + 1 } : { submissionId: id };
      await this.queue.add(JobName.Judge, data, { ...JUDGE_JOB_OPTIONS, jobId: id });
      outcome.requeued.push(id);
    }
    if (outcome.requeued.length > 0)
      this.logger.warn(
        { count: outcome.requeued.length, ids: outcome.requeued.slice(0, 20) },
        're-queued submissions whose job was lost or failed',
      );
    if (outcome.gaveUp.length > 0)
      this.logger.error(
        { count: outcome.gaveUp.length, ids: outcome.gaveUp.slice(0, 20) },
        'ended submissions whose judging kept failing as Internal Error',
      );
    return outcome;
  }
}
