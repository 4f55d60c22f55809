import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QueueName } from '../../libs/contracts/index.js';
import { callDependency, withTimeout } from '../common/dependency-errors.js';

/** How long reading the counts may take, ms. */
const READ_TIMEOUT_MS = 1500;

/** The `submissions` queue's backlog at one moment. */
export interface QueueDepth {
  /** Jobs no worker has taken yet (waiting, prioritized and delayed retries). */
  waiting: number;
  /** Jobs a worker holds now. */
  active: number;
  /** Age of the oldest job no worker has taken, ms; null when none waits. */
  oldestWaitingMs: number | null;
}

/**
 * Reads the backlog of the `submissions` queue (judge and verify jobs) from BullMQ, for
 * readiness and `GET /workers`.
 */
@Injectable()
export class JudgeQueueDepth {
  constructor(@InjectQueue(QueueName.Submissions) private readonly queue: Queue) {}

  /**
   * The counts now, and the age of the oldest waiting job (the first of the wait list, which
   * BullMQ keeps in arrival order; prioritized jobs are counted but not aged).
   * @throws DependencyUnavailableError('Redis') when Redis does not answer within 1.5 s.
   */
  async read(): Promise<QueueDepth> {
    return callDependency('Redis', 'reading the queue depth', async () => {
      const [counts, oldest] = await withTimeout(
        Promise.all([this.queue.getJobCounts('wait', 'prioritized', 'delayed', 'active'), this.queue.getJobs(['wait'], 0, 0, true)]),
        READ_TIMEOUT_MS,
        'Redis',
        'reading the queue depth',
      );
      const waiting = (counts.wait ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0);
      const first = oldest.find((job) => job !== undefined);
      return {
        waiting,
        active: counts.active ?? 0,
        oldestWaitingMs: first ? Math.max(0, Date.now() - first.timestamp) : null,
      };
    });
  }
}
