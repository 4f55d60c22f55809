import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { JobName, QueueName, type JobPayloads } from '../../libs/contracts/index.js';
import { JUDGE_JOB_OPTIONS } from '../queue/judge-job.options.js';
import { SubmissionsRepository } from '../persistence/submissions/submissions.repository.js';

/** How often each worker looks for lost jobs, ms. */
const SWEEP_INTERVAL_MS = 60_000;
/** A submission younger than this is left alone: the API may be between saving it and enqueueing it. */
export const SWEEP_GRACE_MS = 30_000;
/** Submissions examined per sweep. */
const SWEEP_BATCH = 500;

/**
 * Makes sure no submission stays queued or running forever: every SWEEP_INTERVAL_MS, each worker
 * re-adds the judge job of every unfinished submission older than SWEEP_GRACE_MS whose job is gone
 * (Redis lost its data, or a job failed for good before its Internal Error could be stored).
 * Adding is idempotent (job id = submission id), so any number of workers may sweep at once;
 * a submission whose job still exists (waiting, active, delayed, retrying) is not touched.
 */
@Injectable()
export class LostJobsSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LostJobsSweeper.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @InjectQueue(QueueName.Submissions) private readonly queue: Queue<JobPayloads[JobName.Judge]>,
    private readonly submissions: SubmissionsRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.sweep().catch((err: unknown) => this.logger.warn({ err: (err as Error).message }, 'sweep failed; next one will retry'));
    }, SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /**
   * One sweep.
   * @returns the ids re-queued.
   * @throws DependencyUnavailableError when MongoDB or Redis is unreachable.
   */
  async sweep(now = new Date()): Promise<string[]> {
    const ids = await this.submissions.findUnfinishedIds(new Date(now.getTime() - SWEEP_GRACE_MS), SWEEP_BATCH);
    const requeued: string[] = [];
    for (const id of ids) {
      const job = await this.queue.getJob(id);
      if (job && !(await job.isFailed())) continue;
      // A failed job keeps its id: remove it so the new one is not ignored as a duplicate.
      if (job) await job.remove();
      await this.queue.add(JobName.Judge, { submissionId: id }, { ...JUDGE_JOB_OPTIONS, jobId: id });
      requeued.push(id);
    }
    if (requeued.length > 0)
      this.logger.warn({ count: requeued.length, ids: requeued.slice(0, 20) }, 're-queued submissions whose job was lost');
    return requeued;
  }
}
