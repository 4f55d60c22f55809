import { Queue, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobName, QueueName } from '../../libs/contracts/index.js';
import type { RecoveryConfig } from '../config/recovery.config.js';
import type { SubmissionJudgeService } from '../judge/submission-judge.service.js';
import type { SubmissionsRepository } from '../persistence/submissions/submissions.repository.js';
import { LostJobsSweeper } from './lost-jobs.sweeper.js';

// A real BullMQ queue on the test Redis (REDIS_URL, set by `npm test`); the repository and the judge are faked.
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const cfg: RecoveryConfig = { sweepIntervalMs: 60_000, graceMs: 30_000, maxStalls: 2, maxRequeues: 1 };
const id = (n: number): string => `aaaaaaaaaaaaaaaaaaaaaa${String(n).padStart(2, '0')}`;

describe('LostJobsSweeper', () => {
  const prefix = `sweeper-spec-${process.pid}`;
  let queue: Queue;
  let unfinished: string[] = [];
  /** Finished between the sweep's list and its look at the queue (a completed job is removed). */
  let finishedMeanwhile: string[] = [];
  let askedBefore: Date | undefined;
  const gaveUp: { id: string; reason: string }[] = [];
  const repository = {
    findUnfinishedIds: async (createdBefore: Date) => {
      askedBefore = createdBefore;
      return unfinished;
    },
    isFinished: async (id: string) => finishedMeanwhile.includes(id),
  } as unknown as SubmissionsRepository;
  const judge = {
    giveUp: async (submissionId: string, err: Error) => {
      gaveUp.push({ id: submissionId, reason: err.message });
    },
  } as unknown as SubmissionJudgeService;

  /** Adds a judge job for `submissionId` that fails for good with `reason`, and waits until it has. */
  async function failedJob(submissionId: string, reason: string, requeues?: number): Promise<void> {
    const worker = new Worker(
      QueueName.Submissions,
      async () => {
        throw new Error(reason);
      },
      { connection: { url: redisUrl }, prefix, autorun: false },
    );
    const failed = new Promise((resolve) => worker.once('failed', resolve));
    await queue.add(JobName.Judge, { submissionId, ...(requeues ? { requeues } : {}) }, { jobId: submissionId, attempts: 1 });
    void worker.run();
    await failed;
    await worker.close();
  }

  beforeAll(() => {
    queue = new Queue(QueueName.Submissions, { connection: { url: redisUrl }, prefix });
  });

  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('re-adds the job of an unfinished submission whose job is gone, and leaves live jobs alone', async () => {
    await queue.add(JobName.Judge, { submissionId: id(1) }, { jobId: id(1) });
    unfinished = [id(1), id(2), id(6)];
    finishedMeanwhile = [id(6)];
    const now = new Date();
    const sweeper = new LostJobsSweeper(queue as never, repository, judge, cfg);
    expect(await sweeper.sweep(now)).toEqual({ requeued: [id(2)], gaveUp: [] });
    expect(await queue.getJob(id(6))).toBeUndefined();
    expect(askedBefore!.getTime()).toBe(now.getTime() - cfg.graceMs);
    const job = await queue.getJob(id(2));
    expect(job?.data).toEqual({ submissionId: id(2) });
    expect(job?.opts.attempts).toBe(3);
    // A second sweep finds both jobs present: nothing to do.
    expect(await sweeper.sweep(now)).toEqual({ requeued: [], gaveUp: [] });
    await queue.obliterate({ force: true });
  });

  it('ends a submission whose judging keeps losing its worker as Internal Error, and re-queues other failures a bounded number of times', async () => {
    await failedJob(id(3), 'job stalled more than allowable limit');
    await failedJob(id(4), 'MongoDB is unavailable (saving a test result failed); try again later');
    await failedJob(id(5), 'MongoDB is unavailable (saving the verdict failed); try again later', 1);
    unfinished = [id(3), id(4), id(5)];
    const sweeper = new LostJobsSweeper(queue as never, repository, judge, cfg);
    expect(await sweeper.sweep()).toEqual({ requeued: [id(4)], gaveUp: [id(3), id(5)] });
    expect(gaveUp).toEqual([
      { id: id(3), reason: 'the worker judging it was lost 3 times (it crashed or was killed meanwhile)' },
      {
        id: id(5),
        reason:
          'its judge job failed for good 2 times, the last time with: MongoDB is unavailable (saving the verdict failed); try again later',
      },
    ]);
    const requeued = await queue.getJob(id(4));
    expect(requeued?.data).toEqual({ submissionId: id(4), requeues: 1 });
    expect(await requeued?.isWaiting()).toBe(true);
  });
});
