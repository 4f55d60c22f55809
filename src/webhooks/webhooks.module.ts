import { HttpModule } from '@nestjs/axios';
import { Module } from '@nestjs/common';
import { webhooksConfig, type WebhookSettings } from '../config/webhooks.config.js';
import { SubmissionsPersistenceModule } from '../persistence/submissions/submissions-persistence.module.js';
import { WebhookDeliveriesPersistenceModule } from '../persistence/webhook-deliveries/webhook-deliveries-persistence.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { CallbackUrlPolicy } from './callback-url.policy.js';
import { WebhookDeliveries } from './webhook-deliveries.service.js';
import { WebhookDeliveryProcessor } from './webhook-delivery.processor.js';
import { WebhookSender } from './webhook.sender.js';

const policyProvider = {
  provide: CallbackUrlPolicy,
  inject: [webhooksConfig.KEY],
  useFactory: (settings: WebhookSettings) => new CallbackUrlPolicy(settings),
};

/**
 * The address guard for callback URLs (CallbackUrlPolicy), for any API feature that accepts one:
 * `await policy.problems(url, 'callbackUrl')` lists what is wrong with it as 400 messages.
 * Needs the global config module.
 */
@Module({ providers: [policyProvider], exports: [CallbackUrlPolicy] })
export class WebhookPolicyModule {}

/**
 * Scheduling deliveries (worker process): WebhookDeliveries.schedule, called once a final verdict
 * of a submission with a callback URL is stored.
 */
@Module({
  imports: [QueueModule.forWorker(), WebhookDeliveriesPersistenceModule],
  providers: [WebhookDeliveries],
  exports: [WebhookDeliveries],
})
export class WebhookSchedulingModule {}

/**
 * WebhookSender, the one HTTP client of webhooks (@nestjs/axios): one guarded, signed attempt of a
 * JSON body (`post`), for any feature in either process. It runs no queue: retries and records are
 * WebhookSenderModule's.
 */
@Module({
  imports: [HttpModule, WebhookPolicyModule],
  providers: [WebhookSender],
  exports: [WebhookSender],
})
export class WebhookHttpModule {}

/**
 * The sender (worker process only): the `webhooks` queue's BullMQ worker (WebhookDeliveryProcessor),
 * which sends every scheduled delivery through WebhookSender, retries it and records it. Imported by
 * the worker's root module; an API feature imports WebhookHttpModule instead (this one would start a
 * delivery worker in the API).
 */
@Module({
  imports: [WebhookHttpModule, QueueModule.forWorker(), SubmissionsPersistenceModule, WebhookDeliveriesPersistenceModule],
  providers: [WebhookDeliveryProcessor],
})
export class WebhookSenderModule {}
