import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MongoModule } from '../../mongo/mongo.module.js';
import { TestDataPersistenceModule } from '../test-data/test-data-persistence.module.js';
import { Problem, ProblemSchema } from './problem.schema.js';
import { ProblemsRepository } from './problems.repository.js';

/** Problem storage for both processes: ProblemsRepository and the test data store. */
@Module({
  imports: [MongoModule, MongooseModule.forFeature([{ name: Problem.name, schema: ProblemSchema }]), TestDataPersistenceModule],
  providers: [ProblemsRepository],
  exports: [ProblemsRepository, TestDataPersistenceModule],
})
export class ProblemsPersistenceModule {}
