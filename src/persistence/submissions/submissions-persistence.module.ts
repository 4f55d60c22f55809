import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MongoModule } from '../../mongo/mongo.module.js';
import { Submission, SubmissionSchema } from './submission.schema.js';
import { SubmissionsRepository } from './submissions.repository.js';

/**
 * Submission storage for both processes: the MongoDB connection (MongoModule) and
 * SubmissionsRepository. Needs the global config module.
 */
@Module({
  imports: [MongoModule, MongooseModule.forFeature([{ name: Submission.name, schema: SubmissionSchema }])],
  providers: [SubmissionsRepository],
  exports: [SubmissionsRepository],
})
export class SubmissionsPersistenceModule {}
