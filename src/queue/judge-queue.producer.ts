import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { JobName, QueueName, type JobPayloads } from '../../libs/contracts/index.js';
import { callDependency, withTimeout } from '../common/dependency-errors.js';
import { JUDGE_JOB_OPTIONS } from './judge-job.options.js';

/** How long each step (connection ready, job added) may take before the API gives up, ms. */
const STEP_TIMEOUT_MS = 2000;

type JudgeQueue = Queue<JobPayloads[JobName], unknown, JobName>;

/**
 * Adds judge jobs to the `submissions` queue, typed by JobPayloads.
 */
@Injectable()
export class JudgeQueueProducer {
  private readonly logger = new Logger('JudgeQueue');
  private failing = false;

  constructor(@InjectQueue(QueueName.Submissions) private readonly queue: JudgeQueue) {
    // Listen at once: without a listener BullMQ prints every reconnection error to the console.
    // One log line per outage instead.
    this.queue.on('error', (err: Error) => {
      if (!this.failing) this.logger.warn({ err: { name: err.name, message: err.message } }, 'queue connection error');
      this.failing = true;
    });
  }

  /**
   * Queues `submissionId` for judging; the job id is the submission id, so a second call
   * for the same id adds nothing. Waits at most ~2 s per step. The add is only attempted once
   * the connection is ready, and that connection fails at once instead of buffering commands,
   * so a rejected call leaves no job behind (except in the rare case of Redis answering after
   * the 2 s timeout; the worker drops jobs whose submission does not exist).
   * @throws DependencyUnavailableError('Redis') when Redis is unreachable or too slow.
   */
  async enqueueJudge(submissionId: string, { rejudge = false } = {}): Promise<void> {
    const data: JobPayloads[JobName.Judge] = { submissionId };
    if (rejudge) {
      // The job id stays the submission id (the lost-jobs sweeper relies on it); a finished
      // job kept under that id (failed jobs are kept a week) would make the add a no-op.
      await callDependency('Redis', 'replacing the judge job', async () => {
        await withTimeout(this.queue.waitUntilReady(), STEP_TIMEOUT_MS, 'Redis', 'connecting to the queue');
        const old = await withTimeout(this.queue.getJob(submissionId), STEP_TIMEOUT_MS, 'Redis', 'reading the judge job');
        if (old && ((await old.isFailed()) || (await old.isCompleted()))) await old.remove();
      });
    }
    await this.add(JobName.Judge, data, submissionId, 'adding the judge job');
  }

  /**
   * Queues a problem verification (job id `verify-<verificationId>`).
   * @throws DependencyUnavailableError('Redis') when Redis is unreachable or too slow.
   */
  async enqueueVerify(verificationId: string): Promise<void> {
    const data: JobPayloads[JobName.Verify] = { verificationId };
    await this.add(JobName.Verify, data, `verify-${verificationId}`, 'adding the verify job');
  }

  private async add<N extends JobName>(name: N, data: JobPayloads[N], jobId: string, what: string): Promise<void> {
    await callDependency('Redis', what, async () => {
      await withTimeout(this.queue.waitUntilReady(), STEP_TIMEOUT_MS, 'Redis', 'connecting to the queue');
      await withTimeout(this.queue.add(name, data, { ...JUDGE_JOB_OPTIONS, jobId }), STEP_TIMEOUT_MS, 'Redis', what);
    });
    this.failing = false;
  }
}
