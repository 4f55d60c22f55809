import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MongoModule } from '../../mongo/mongo.module.js';
import { RedisModule } from '../../redis/redis.module.js';
import { DocumentWriteLock } from '../shared/document-write-lock.js';
import { TestDataPersistenceModule } from '../test-data/test-data-persistence.module.js';
import { Problem, ProblemSchema } from './problem.schema.js';
import { ProblemsRepository } from './problems.repository.js';

/** Problem storage for both processes: ProblemsRepository (its updates under a DocumentWriteLock where the server needs one) and the test data store. */
@Module({
  imports: [
    MongoModule,
    RedisModule,
    MongooseModule.forFeature([{ name: Problem.name, schema: ProblemSchema }]),
    TestDataPersistenceModule,
  ],
  providers: [DocumentWriteLock, ProblemsRepository],
  exports: [ProblemsRepository, TestDataPersistenceModule],
})
export class ProblemsPersistenceModule {}
