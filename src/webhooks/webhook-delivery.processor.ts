import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap, type OnModuleDestroy, Optional } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { JobName, QueueName, type JobPayloads, type WebhookFormat } from '../../libs/contracts/index.js';
import { webhooksConfig, type WebhookSettings } from '../config/webhooks.config.js';
import { SubmissionsRepository } from '../persistence/submissions/submissions.repository.js';
import { WebhookMetrics } from '../metrics/webhook.metrics.js';
import { WebhookDeliveriesRepository } from '../persistence/webhook-deliveries/webhook-deliveries.repository.js';
import { WEBHOOK_BACKOFF_TYPE } from '../queue/webhook-queue.producer.js';
import { nextAttemptDelayMs, type RetrySchedule } from './retry-delay.js';
import { judge0WebhookBody, webhookBody } from './webhook-payload.js';
import { WebhookSender } from './webhook.sender.js';

type DeliveryJob = Job<JobPayloads[JobName.DeliverWebhook], string, JobName.DeliverWebhook>;

/** A failed attempt worth retrying; carries the receiver's `Retry-After` to the backoff strategy. */
export class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null,
  ) {
    super(message);
    this.name = 'RetryLaterError';
  }
}

/**
 * The custom backoff of delivery jobs (BullMQ `settings.backoffStrategy`): for jobs of type
 * WEBHOOK_BACKOFF_TYPE, `nextAttemptDelayMs` (the jittered schedule, or the receiver's Retry-After when
 * longer, capped), ms; -1 (no retry) for any other type.
 */
export function webhookBackoff(schedule: RetrySchedule): (attemptsMade: number, type?: string, err?: Error) => number {
  return (attemptsMade, type, err) =>
    type === WEBHOOK_BACKOFF_TYPE
      ? nextAttemptDelayMs(attemptsMade, schedule, err instanceof RetryLaterError ? err.retryAfterMs : null)
      : -1;
}

/**
 * BullMQ edge of webhook delivery (queue `webhooks`, worker process): one job per delivery, one HTTP
 * attempt per run. It reads the submission as stored (only if that judging is still the latest),
 * builds the body of the job's `format` (Verdict's POST, or Judge0's PUT of the submission in
 * Judge0's shape), sends it (WebhookSender), records the attempt (`webhookdeliveries`), and then:
 * delivered → the job completes; `retry` → it throws, and BullMQ retries after `webhookBackoff`'s delay
 * (up to WEBHOOK_MAX_ATTEMPTS in all); `failed` → UnrecoverableError, no retry.
 *
 * A pending retry is a delayed job in Redis, so a sender killed between attempts loses nothing: the
 * next worker process to start takes it when it is due. Killed during an attempt, the job stalls and
 * is run again once its lock expires (at-least-once: receivers drop repeats by `verdict-webhook-id`).
 * Runs beside judging, never in its way: its own BullMQ worker, WEBHOOK_CONCURRENCY requests at once,
 * no sandbox slot.
 */
@Processor(QueueName.Webhooks, { autorun: false })
export class WebhookDeliveryProcessor extends WorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly sender: WebhookSender,
    private readonly submissions: SubmissionsRepository,
    private readonly records: WebhookDeliveriesRepository,
    @Inject(webhooksConfig.KEY) private readonly settings: WebhookSettings,
    @Optional() private readonly metrics?: WebhookMetrics,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.settings.concurrency;
    // The schedule is configuration: set before the worker runs (it reads `settings` on every failure).
    const schedule = { baseMs: this.settings.backoffBaseMs, maxMs: this.settings.backoffMaxMs };
    this.worker.opts.settings = {
      ...this.worker.opts.settings,
      backoffStrategy: webhookBackoff(schedule),
    };
    this.worker.run().catch((err: unknown) => this.logger.error({ err }, 'webhook worker stopped'));
  }

  /** Shutdown: stop taking deliveries and let the running attempts end (each is bounded by WEBHOOK_TIMEOUT_MS). */
  async onModuleDestroy(): Promise<void> {
    await this.worker.close();
  }

  async process(job: DeliveryJob): Promise<string> {
    const { submissionId, judgingAttempt, url } = job.data;
    const deliveryId = job.id!;
    const message = await this.messageOf(job.data.format ?? 'verdict', deliveryId, submissionId, judgingAttempt);
    if (!message) {
      // Judged again since (that judging schedules its own delivery), or deleted: nothing to report.
      await this.records.setState(deliveryId, 'superseded', 'not sent: the submission was judged again or no longer exists');
      this.metrics?.attempt('superseded');
      return 'superseded';
    }
    const attempt = job.attemptsMade + 1;
    const outcome = await this.sender.post({ url, ...message, deliveryId, attempt });
    const lastAttempt = attempt >= (job.opts.attempts ?? 1);
    const state = outcome.kind === 'delivered' ? 'delivered' : outcome.kind === 'retry' && !lastAttempt ? 'pending' : 'failed';
    await this.records.recordAttempt(deliveryId, { state, lastStatus: outcome.status, lastError: outcome.error });
    this.metrics?.attempt(outcome.kind === 'delivered' ? 'delivered' : state === 'failed' ? 'failed' : 'retry');
    const log = { submissionId, deliveryId, attempt, status: outcome.status, error: outcome.error };
    if (outcome.kind === 'delivered') {
      this.logger.log(log, 'webhook delivered');
      return 'delivered';
    }
    this.logger.warn({ ...log, final: state === 'failed' }, 'webhook attempt failed');
    if (outcome.kind === 'failed') throw new UnrecoverableError(outcome.error);
    throw new RetryLaterError(outcome.error, outcome.retryAfterMs ?? null);
  }

  /**
   * The method and body of delivery `deliveryId` in `format`, from the submission as stored now;
   * null when that judging is no longer the latest finished one (or the submission is gone).
   */
  private async messageOf(
    format: WebhookFormat,
    deliveryId: string,
    submissionId: string,
    judgingAttempt: number,
  ): Promise<{ method: 'POST' | 'PUT'; body: string } | null> {
    switch (format) {
      case 'verdict': {
        const view = await this.submissions.findFinishedView(submissionId, judgingAttempt);
        return view ? { method: 'POST', body: webhookBody(deliveryId, judgingAttempt, view) } : null;
      }
      case 'judge0': {
        // Judge0 PUTs its callbacks (IsolateJob#call_callback).
        const row = await this.submissions.findFinishedJudge0(submissionId, judgingAttempt);
        return row ? { method: 'PUT', body: judge0WebhookBody(row) } : null;
      }
    }
  }

  /**
   * A job that fails for good without `process` recording it (it stalled more often than BullMQ
   * allows, its worker having died mid-attempt, or MongoDB failed while recording) must not stay
   * `pending` for ever: its record is marked `failed` with the job's error. Retried failures and
   * failures `process` recorded itself change nothing.
   */
  @OnWorkerEvent('failed')
  async onFailed(job: DeliveryJob | undefined, err: Error): Promise<void> {
    if (!job?.id) return;
    const final = err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1) || /stalled/i.test(err.message);
    if (!final) return;
    await this.records
      .failIfPending(job.id, `gave up: ${err.message}`.slice(0, 500))
      .catch((e: unknown) => this.logger.error({ deliveryId: job.id, err: e }, 'could not record the failed webhook delivery'));
  }
}
