import { Module } from '@nestjs/common';
import { ProblemsPersistenceModule } from '../persistence/problems/problems-persistence.module.js';
import { SubmissionsPersistenceModule } from '../persistence/submissions/submissions-persistence.module.js';
import { SubmissionAccess } from './submission-access.js';

/** SubmissionAccess (who may see which submissions) for the submissions, results and Judge0 features. */
@Module({
  imports: [ProblemsPersistenceModule, SubmissionsPersistenceModule],
  providers: [SubmissionAccess],
  exports: [SubmissionAccess],
})
export class SubmissionAccessModule {}
