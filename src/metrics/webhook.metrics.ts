import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { METRIC_PREFIX, MetricsRegistry } from './metrics.registry.js';

/** An attempt's outcome: delivered, will be retried, failed for good, or not sent (judged again since). */
export type WebhookAttemptOutcome = 'delivered' | 'retry' | 'failed' | 'superseded';

/** `webhook_attempts_total{outcome}`: every webhook delivery attempt the worker's sender made. */
@Injectable()
export class WebhookMetrics {
  private readonly attempts: Counter<'outcome'>;

  constructor(registry: MetricsRegistry) {
    this.attempts = new Counter({
      name: `${METRIC_PREFIX}webhook_attempts_total`,
      help: 'Webhook delivery attempts, by outcome (delivered, retry, failed, superseded).',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }

  attempt(outcome: WebhookAttemptOutcome): void {
    this.attempts.inc({ outcome });
  }
}
