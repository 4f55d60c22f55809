import { Module, type DynamicModule } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { SubmissionAccessModule } from '../auth/submission-access.module.js';
import { judge0Config } from '../config/judge0.config.js';
import { LanguagesModule } from '../languages/languages.module.js';
import { ResultsModule } from '../results/results.module.js';
import { SubmissionsModule } from '../submissions/submissions.module.js';
import { WebhookPolicyModule } from '../webhooks/webhooks.module.js';
import { Judge0InfoController } from './judge0-info.controller.js';
import { Judge0InfoService } from './judge0-info.service.js';
import { Judge0SubmissionsController } from './judge0-submissions.controller.js';
import { Judge0Service } from './judge0.service.js';

/** The prefix the module is mounted at when JUDGE0_PREFIX is invalid (the configuration module then stops the start, naming it). */
const FALLBACK_PREFIX = '/judge0';

/**
 * The Judge0 CE-compatible API (API process; docs/judge0.md), an adapter over SubmissionsService,
 * LanguagesService and the results subscriptions. Mount it with `Judge0Module.mounted()`.
 */
@Module({
  imports: [SubmissionsModule, LanguagesModule, ResultsModule, WebhookPolicyModule, SubmissionAccessModule],
  controllers: [Judge0SubmissionsController, Judge0InfoController],
  providers: [Judge0Service, Judge0InfoService],
})
export class Judge0Module {
  /**
   * The module and its route under JUDGE0_PREFIX (default `/judge0`). The prefix must be known when
   * the routes are declared, so it is read from the `judge0` namespace here, before the app starts.
   */
  static mounted(): (typeof Judge0Module | DynamicModule)[] {
    let prefix = FALLBACK_PREFIX;
    try {
      prefix = judge0Config().prefix;
    } catch {
      // Invalid configuration: ConfigModule's validation reports it and the start stops.
    }
    return [Judge0Module, RouterModule.register([{ path: prefix, module: Judge0Module }])];
  }
}
