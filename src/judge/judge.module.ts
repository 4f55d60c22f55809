import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { RedisModule } from '../redis/redis.module.js';
import { ProblemsPersistenceModule } from '../persistence/problems/problems-persistence.module.js';
import { SubmissionsPersistenceModule } from '../persistence/submissions/submissions-persistence.module.js';
import { InputValidationRunner } from './verification/input-validation.runner.js';
import { VerificationRunner } from './verification/verification.runner.js';
import { VerificationsPersistenceModule } from '../persistence/verifications/verifications-persistence.module.js';
import { WebhookSchedulingModule } from '../webhooks/webhooks.module.js';
import { BuildCacheService } from './build-cache.service.js';
import { CompileCacheService } from './compile-cache.service.js';
import { PrecompiledHeadersService } from './precompiled-headers.service.js';
import { ValidatorBuildsService } from './checkers/validator-builds.service.js';
import { JudgeProcessor } from './judge.processor.js';
import { PlanRunner } from './plan/plan.runner.js';
import { languageRegistryProvider, sandboxProvider } from './sandbox.provider.js';
import { workerSpeedProvider } from './speed/worker-speed.provider.js';
import { SubmissionJudgeService } from './submission-judge.service.js';
import { TestDataCache } from './test-data-cache.js';
import { WorkerHeartbeat } from './worker-heartbeat.service.js';
import { WorkerRpcController } from './worker-rpc.controller.js';

/**
 * The worker's judging: the BullMQ processor, the submission judge and problem verification
 * (both on the plan runner), the sandbox, the language table, the build caches (Go's warm cache, precompiled headers), the compile cache and the test data cache,
 * the RPC answers and the worker's heartbeat (WorkerHeartbeat, listed by the API's `GET /workers`). Finished judgings of submissions with a callback URL schedule their webhook
 * (WebhookSchedulingModule); the worker root module runs the sender.
 */
@Module({
  imports: [
    QueueModule.forWorker(),
    EventsModule,
    SubmissionsPersistenceModule,
    ProblemsPersistenceModule,
    VerificationsPersistenceModule,
    WebhookSchedulingModule,
    RedisModule,
  ],
  controllers: [WorkerRpcController],
  providers: [
    sandboxProvider,
    workerSpeedProvider,
    languageRegistryProvider,
    BuildCacheService,
    PrecompiledHeadersService,
    CompileCacheService,
    TestDataCache,
    ValidatorBuildsService,
    PlanRunner,
    SubmissionJudgeService,
    InputValidationRunner,
    VerificationRunner,
    JudgeProcessor,
    WorkerHeartbeat,
  ],
  // The recovery sweep ends a submission whose judging keeps failing the way judging ends one.
  exports: [SubmissionJudgeService],
})
export class JudgeModule {}
