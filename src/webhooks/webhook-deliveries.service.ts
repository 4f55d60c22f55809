import { Inject, Injectable, Logger } from '@nestjs/common';
import type { WebhookFormat } from '../../libs/contracts/index.js';
import { webhooksConfig, type WebhookSettings } from '../config/webhooks.config.js';
import { WebhookDeliveriesRepository } from '../persistence/webhook-deliveries/webhook-deliveries.repository.js';
import { WebhookQueueProducer } from '../queue/webhook-queue.producer.js';
import { deliveryIdOf } from './webhook-payload.js';

/**
 * Schedules webhook deliveries (worker process, after a final verdict is stored and `finished`
 * published): one record `pending` in `webhookdeliveries`, then one BullMQ job on the `webhooks`
 * queue, both keyed by the delivery id `<submissionId>-a<judgingAttempt>`, so scheduling the same
 * judging twice delivers once. Judging never waits on the receiver: the HTTP happens in the
 * sender's own BullMQ worker (WebhookDeliveryProcessor).
 */
@Injectable()
export class WebhookDeliveries {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly records: WebhookDeliveriesRepository,
    private readonly queue: WebhookQueueProducer,
    @Inject(webhooksConfig.KEY) private readonly settings: WebhookSettings,
  ) {}

  /**
   * Schedules the delivery of judging `judgingAttempt` of `submissionId` to `url`, in `format`
   * (Verdict's POST for a `callbackUrl`, Judge0's PUT for a Judge0 `callback_url`).
   * @returns the delivery id.
   * @throws DependencyUnavailableError('MongoDB' | 'Redis'): nothing may be lost, so the caller's job fails and is retried.
   */
  async schedule(submissionId: string, judgingAttempt: number, url: string, format: WebhookFormat = 'verdict'): Promise<string> {
    const id = deliveryIdOf(submissionId, judgingAttempt);
    await this.records.createPending(id, submissionId, judgingAttempt);
    await this.queue.enqueueDelivery(id, { submissionId, judgingAttempt, url, format }, this.settings.maxAttempts);
    this.logger.log({ submissionId, deliveryId: id, format }, 'webhook scheduled');
    return id;
  }
}
