import { Inject, Injectable } from '@nestjs/common';
import { queueConfig, type QueueConfig } from '../config/queue.config.js';
import { JudgeQueueDepth } from './judge-queue.depth.js';
import { QueueFullException } from './queue-full.exception.js';

/** Age after which the depth read for admission is read again, ms (one read serves a burst). */
export const ADMISSION_DEPTH_FRESH_MS = 500;

/**
 * The queue cap: whether a new submission may be queued, from the `submissions` queue's waiting
 * jobs (JudgeQueueDepth) against QUEUE_MAX_WAITING. The depth is read at most every
 * ADMISSION_DEPTH_FRESH_MS per API process; the submissions this process admitted since that read
 * count as waiting too, so a burst into one process cannot pass the cap. Several API processes
 * may together pass it by what each admits within one freshness window.
 */
@Injectable()
export class QueueAdmission {
  private cached: { waiting: number; readAt: number } | null = null;
  /** Submissions admitted since the cached read (they may not be in the queue yet). */
  private admittedSinceRead = 0;
  private reading: Promise<number> | null = null;

  constructor(
    private readonly depth: JudgeQueueDepth,
    @Inject(queueConfig.KEY) private readonly cfg: Pick<QueueConfig, 'maxWaiting' | 'fullRetryAfterS'>,
  ) {}

  /**
   * Resolves when a new submission may be queued.
   * @throws QueueFullException (503, Retry-After QUEUE_FULL_RETRY_AFTER_S) when the waiting jobs reach QUEUE_MAX_WAITING.
   * @throws DependencyUnavailableError('Redis') when the depth cannot be read.
   */
  async admit(): Promise<void> {
    if (this.cfg.maxWaiting === 0) return;
    const waiting = (await this.waiting()) + this.admittedSinceRead;
    if (waiting >= this.cfg.maxWaiting) throw new QueueFullException(waiting, this.cfg.maxWaiting, this.cfg.fullRetryAfterS);
    this.admittedSinceRead++;
  }

  private async waiting(): Promise<number> {
    if (this.cached && Date.now() - this.cached.readAt < ADMISSION_DEPTH_FRESH_MS) return this.cached.waiting;
    this.reading ??= this.depth
      .read()
      .then(({ waiting }) => {
        this.cached = { waiting, readAt: Date.now() };
        this.admittedSinceRead = 0;
        return waiting;
      })
      .finally(() => {
        this.reading = null;
      });
    return this.reading;
  }
}
