import { Module } from '@nestjs/common';
import { recoveryConfig } from './config/recovery.config.js';
import { sandboxConfig } from './config/sandbox.config.js';
import { coreModules } from './core.modules.js';
import { JudgeModule } from './judge/judge.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { RecoveryModule } from './recovery/recovery.module.js';
import { RetentionModule } from './retention/retention.module.js';
import { WebhookSenderModule } from './webhooks/webhooks.module.js';

/**
 * Root module of the worker process (src/main.worker.ts): configuration with the sandbox
 * namespace, logging, judging, recovery of lost jobs, and the webhook sender. It serves no clients; it answers requests on the Redis transport.
 */
@Module({
  imports: [
    ...coreModules(sandboxConfig, recoveryConfig),
    MetricsModule.forWorker(),
    JudgeModule,
    RecoveryModule,
    RetentionModule,
    WebhookSenderModule,
  ],
})
export class WorkerModule {}
