import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import { JobName, QueueName, type JobPayloads } from '../../libs/contracts/index.js';
import { callDependency, withTimeout } from '../common/dependency-errors.js';

/** How long each step (connection ready, job added) may take, ms. */
const STEP_TIMEOUT_MS = 2000;

/** Name of the delivery jobs' custom backoff (the sender's worker computes it: `retryDelayMs`). */
export const WEBHOOK_BACKOFF_TYPE = 'webhook';

type WebhookQueue = Queue<JobPayloads[JobName.DeliverWebhook], unknown, JobName.DeliverWebhook>;

/**
 * Adds webhook delivery jobs to the `webhooks` queue (worker process). Finished and failed jobs are
 * kept a week so that scheduling the same delivery again (the judge job retried after it stored its
 * verdict) adds nothing; the delivery's state lives in MongoDB (`webhookdeliveries`).
 */
@Injectable()
export class WebhookQueueProducer {
  constructor(@InjectQueue(QueueName.Webhooks) private readonly queue: WebhookQueue) {}

  /**
   * Queues delivery `deliveryId` (the job id: a second call with it adds nothing).
   * @param attempts HTTP attempts at most (WEBHOOK_MAX_ATTEMPTS).
   * @throws DependencyUnavailableError('Redis') when Redis is unreachable or too slow (~2 s per step).
   */
  async enqueueDelivery(deliveryId: string, data: JobPayloads[JobName.DeliverWebhook], attempts: number): Promise<void> {
    const options: JobsOptions = {
      jobId: deliveryId,
      attempts,
      backoff: { type: WEBHOOK_BACKOFF_TYPE },
      removeOnComplete: { age: 7 * 24 * 3600, count: 100_000 },
      removeOnFail: { age: 7 * 24 * 3600, count: 100_000 },
    };
    await callDependency('Redis', 'adding the webhook job', async () => {
      await withTimeout(this.queue.waitUntilReady(), STEP_TIMEOUT_MS, 'Redis', 'connecting to the webhook queue');
      await withTimeout(this.queue.add(JobName.DeliverWebhook, data, options), STEP_TIMEOUT_MS, 'Redis', 'adding the webhook job');
    });
  }
}
