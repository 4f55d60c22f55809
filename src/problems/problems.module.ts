import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { tmpdir } from 'node:os';
import { problemsConfig, type ProblemsConfig } from '../config/problems.config.js';
import { SubmissionsPersistenceModule } from '../persistence/submissions/submissions-persistence.module.js';
import { SubmissionsModule } from '../submissions/submissions.module.js';
import { VerificationsPersistenceModule } from '../persistence/verifications/verifications-persistence.module.js';
import { ProblemsPersistenceModule } from '../persistence/problems/problems-persistence.module.js';
import { ProblemImportService } from './package/problem-import.service.js';
import { ProblemsController } from './problems.controller.js';
import { ProblemsService } from './problems.service.js';
import { WebhookPolicyModule } from '../webhooks/webhooks.module.js';

/** The API's problem endpoints: CRUD, package import, rejudge, verification. */
@Module({
  imports: [
    ProblemsPersistenceModule,
    SubmissionsPersistenceModule,
    SubmissionsModule,
    VerificationsPersistenceModule,
    WebhookPolicyModule,
    // Uploads go to a temporary file (never whole in memory), at most PROBLEM_PACKAGE_MAX_BYTES.
    MulterModule.registerAsync({
      inject: [problemsConfig.KEY],
      useFactory: (cfg: ProblemsConfig) => ({
        dest: tmpdir(),
        limits: { fileSize: cfg.packageMaxBytes, files: 1, fields: 8, fieldSize: 4096 },
      }),
    }),
  ],
  controllers: [ProblemsController],
  providers: [ProblemsService, ProblemImportService],
})
export class ProblemsModule {}
