import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MongoModule } from '../../mongo/mongo.module.js';
import { RedisModule } from '../../redis/redis.module.js';
import { DocumentWriteLock } from '../shared/document-write-lock.js';
import { TestDataPersistenceModule } from '../test-data/test-data-persistence.module.js';
import { InlineTestData } from './inline-test-data.js';
import { Submission, SubmissionSchema } from './submission.schema.js';
import { SubmissionsRepository } from './submissions.repository.js';

/**
 * Submission storage for both processes: the MongoDB connection (MongoModule) and
 * SubmissionsRepository (its conditional writes under a DocumentWriteLock, on Redis, where the server needs one),
 * and InlineTestData (a new submission's test cases into the test data store). Needs the global config module.
 */
@Module({
  imports: [
    MongoModule,
    RedisModule,
    TestDataPersistenceModule,
    MongooseModule.forFeature([{ name: Submission.name, schema: SubmissionSchema }]),
  ],
  providers: [DocumentWriteLock, SubmissionsRepository, InlineTestData],
  exports: [SubmissionsRepository, InlineTestData],
})
export class SubmissionsPersistenceModule {}
