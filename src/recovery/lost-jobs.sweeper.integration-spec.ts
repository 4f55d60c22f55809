import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobName, QueueName } from '../../libs/contracts/index.js';
import type { SubmissionsRepository } from '../persistence/submissions/submissions.repository.js';
import { LostJobsSweeper, SWEEP_GRACE_MS } from './lost-jobs.sweeper.js';

// A real BullMQ queue on the test Redis (REDIS_URL, set by `npm test`); the repository is faked.
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('LostJobsSweeper', () => {
  let queue: Queue;
  let unfinished: string[] = [];
  let askedBefore: Date | undefined;
  const repository = {
    findUnfinishedIds: async (createdBefore: Date) => {
      askedBefore = createdBefore;
      return unfinished;
    },
  } as unknown as SubmissionsRepository;

  beforeAll(() => {
    queue = new Queue(QueueName.Submissions, { connection: { url: redisUrl }, prefix: `sweeper-spec-${process.pid}` });
  });

  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('re-adds the job of an unfinished submission whose job is gone, and leaves existing jobs alone', async () => {
    await queue.add(JobName.Judge, { submissionId: 'aaaaaaaaaaaaaaaaaaaaaaa1' }, { jobId: 'aaaaaaaaaaaaaaaaaaaaaaa1' });
    unfinished = ['aaaaaaaaaaaaaaaaaaaaaaa1', 'aaaaaaaaaaaaaaaaaaaaaaa2'];
    const now = new Date();
    const sweeper = new LostJobsSweeper(queue as never, repository);
    expect(await sweeper.sweep(now)).toEqual(['aaaaaaaaaaaaaaaaaaaaaaa2']);
    expect(askedBefore!.getTime()).toBe(now.getTime() - SWEEP_GRACE_MS);
    const job = await queue.getJob('aaaaaaaaaaaaaaaaaaaaaaa2');
    expect(job?.data).toEqual({ submissionId: 'aaaaaaaaaaaaaaaaaaaaaaa2' });
    expect(job?.opts.attempts).toBe(3);
    // A second sweep finds both jobs present: nothing to do.
    expect(await sweeper.sweep(now)).toEqual([]);
  });
});
