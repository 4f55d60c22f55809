import { Module } from '@nestjs/common';
import { ProblemsPersistenceModule } from '../persistence/problems/problems-persistence.module.js';
import { SubmissionsPersistenceModule } from '../persistence/submissions/submissions-persistence.module.js';
import { TestDataPersistenceModule } from '../persistence/test-data/test-data-persistence.module.js';
import { WebhookDeliveriesPersistenceModule } from '../persistence/webhook-deliveries/webhook-deliveries-persistence.module.js';
import { RedisModule } from '../redis/redis.module.js';
import { InlineTestDataCollector } from './inline-test-data.collector.js';
import { RetentionSweeper } from './retention.sweeper.js';

/** Worker-side retention: clearing old outputs, deleting old submissions, collecting unused inline test data (docs/retention.md). */
@Module({
  imports: [
    SubmissionsPersistenceModule,
    ProblemsPersistenceModule,
    TestDataPersistenceModule,
    WebhookDeliveriesPersistenceModule,
    RedisModule,
  ],
  providers: [RetentionSweeper, InlineTestDataCollector],
})
export class RetentionModule {}
