import { Module } from '@nestjs/common';
import { QueueModule } from '../queue/queue.module.js';
import { SubmissionsPersistenceModule } from '../persistence/submissions/submissions-persistence.module.js';
import { LostJobsSweeper } from './lost-jobs.sweeper.js';

/** Worker-side recovery of submissions whose queue job was lost. */
@Module({
  imports: [QueueModule.forWorker(), SubmissionsPersistenceModule],
  providers: [LostJobsSweeper],
})
export class RecoveryModule {}
