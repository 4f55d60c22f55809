import { Module } from '@nestjs/common';
import { JudgeModule } from '../judge/judge.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { SubmissionsPersistenceModule } from '../persistence/submissions/submissions-persistence.module.js';
import { LostJobsSweeper } from './lost-jobs.sweeper.js';

/** Worker-side recovery of submissions whose queue job was lost or keeps failing (LostJobsSweeper). */
@Module({
  imports: [QueueModule.forWorker(), SubmissionsPersistenceModule, JudgeModule],
  providers: [LostJobsSweeper],
})
export class RecoveryModule {}
