import { Module } from '@nestjs/common';
import { sandboxConfig } from './config/sandbox.config.js';
import { coreModules } from './core.modules.js';
import { JudgeModule } from './judge/judge.module.js';

/**
 * Root module of the worker process (src/main.worker.ts): configuration with the sandbox
 * namespace, logging, and judging. It serves no clients; it answers requests on the Redis transport.
 */
@Module({
  imports: [...coreModules(sandboxConfig), JudgeModule],
})
export class WorkerModule {}
