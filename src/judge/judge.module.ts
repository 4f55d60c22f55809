import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { SubmissionsPersistenceModule } from '../submissions/submissions-persistence.module.js';
import { BuildCacheService } from './build-cache.service.js';
import { JudgeProcessor } from './judge.processor.js';
import { JudgeService } from './judge.service.js';
import { languageRegistryProvider, sandboxProvider } from './sandbox.provider.js';
import { WorkerRpcController } from './worker-rpc.controller.js';

/** The worker's judging: the BullMQ processor, the sandbox, the language table and the RPC answers. */
@Module({
  imports: [QueueModule.forWorker(), EventsModule, SubmissionsPersistenceModule],
  controllers: [WorkerRpcController],
  providers: [sandboxProvider, languageRegistryProvider, BuildCacheService, JudgeService, JudgeProcessor],
})
export class JudgeModule {}
