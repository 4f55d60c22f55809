import { Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module.js';
import { coreModules } from './core.modules.js';
import { HealthModule } from './health/health.module.js';
import { Judge0Module } from './judge0/judge0.module.js';
import { LanguagesModule } from './languages/languages.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { PlaygroundModule } from './playground/playground.module.js';
import { ProblemsModule } from './problems/problems.module.js';
import { ResultsModule } from './results/results.module.js';
import { SubmissionsModule } from './submissions/submissions.module.js';
import { WorkersModule } from './workers/workers.module.js';

/**
 * Root module of the API process (src/main.ts): authentication (AuthModule's global guard), REST endpoints, the results WebSocket
 * gateway, health, the Judge0-compatible API and the web playground at `/`. It never runs submitted code; the worker does (src/worker.module.ts).
 */
@Module({
  imports: [
    ...coreModules(),
    AuthModule,
    SubmissionsModule,
    ProblemsModule,
    LanguagesModule,
    ResultsModule,
    HealthModule,
    WorkersModule,
    MetricsModule.forApi(),
    ...Judge0Module.mounted(),
    PlaygroundModule,
  ],
})
export class AppModule {}
