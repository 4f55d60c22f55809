import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { WorkerPattern, type ListLanguagesReply, type WorkerStatus } from '../../libs/contracts/index.js';
import { sandboxConfig, type SandboxConfig } from '../config/sandbox.config.js';
import { LanguageRegistry } from './languages/language-registry.js';
import { PlanRunner } from './plan/plan.runner.js';
import { TestDataCache } from './test-data-cache.js';

const WORKER_ID = randomUUID();
const STARTED = Date.now();

/**
 * Requests workers answer on the Nest Redis transport. Every worker answers; the asking side
 * takes the first reply. Nothing here changes state.
 */
@Controller()
export class WorkerRpcController {
  constructor(
    private readonly languages: LanguageRegistry,
    private readonly plans: PlanRunner,
    @Inject(sandboxConfig.KEY) private readonly cfg: SandboxConfig,
    private readonly testData: TestDataCache,
  ) {}

  @MessagePattern(WorkerPattern.ListLanguages)
  listLanguages(): ListLanguagesReply {
    return this.languages.list();
  }

  @MessagePattern(WorkerPattern.Status)
  status(): WorkerStatus {
    return {
      workerId: WORKER_ID,
      hostname: hostname(),
      pid: process.pid,
      concurrency: this.cfg.concurrency,
      active: this.plans.active,
      uptimeS: Math.round((Date.now() - STARTED) / 1000),
      languages: this.languages.list().map((l) => l.id),
      testDataCache: this.testData.stats,
    };
  }
}
