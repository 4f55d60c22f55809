import { Module } from '@nestjs/common';
import { SubmissionAccessModule } from '../auth/submission-access.module.js';
import { EventsModule } from '../events/events.module.js';
import { LanguagesModule } from '../languages/languages.module.js';
import { ProblemsPersistenceModule } from '../persistence/problems/problems-persistence.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { QuotasModule } from '../quotas/quotas.module.js';
import { RedisModule } from '../redis/redis.module.js';
import { ResultsModule } from '../results/results.module.js';
import { SubmissionRequestValidator } from './submission-request.validator.js';
import { SubmissionsPersistenceModule } from '../persistence/submissions/submissions-persistence.module.js';
import { SubmissionsController } from './submissions.controller.js';
import { WebhookDeliveriesPersistenceModule } from '../persistence/webhook-deliveries/webhook-deliveries-persistence.module.js';
import { WebhookPolicyModule } from '../webhooks/webhooks.module.js';
import { SubmissionsService } from './submissions.service.js';

/** The API's submission endpoints: `POST /submissions`, `GET /submissions`, `GET /submissions/:id`. */
@Module({
  imports: [
    SubmissionsPersistenceModule,
    ProblemsPersistenceModule,
    EventsModule,
    QueueModule.forProducer(),
    LanguagesModule,
    RedisModule,
    WebhookPolicyModule,
    WebhookDeliveriesPersistenceModule,
    ResultsModule,
    SubmissionAccessModule,
    QuotasModule,
  ],
  controllers: [SubmissionsController],
  providers: [SubmissionsService, SubmissionRequestValidator],
  // The queue producer is shared with the problems endpoints (rejudge, verify); the quotas' unfinished cap with the Judge0 API.
  exports: [SubmissionsService, QueueModule, QuotasModule],
})
export class SubmissionsModule {}
