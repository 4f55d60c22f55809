import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MongoModule } from '../../mongo/mongo.module.js';
import { TestDataModule } from '../test-data/test-data.module.js';
import { Problem, ProblemSchema } from './problem.schema.js';
import { ProblemsRepository } from './problems.repository.js';

/** Problem storage for both processes: ProblemsRepository and the test data store. */
@Module({
  imports: [MongoModule, MongooseModule.forFeature([{ name: Problem.name, schema: ProblemSchema }]), TestDataModule],
  providers: [ProblemsRepository],
  exports: [ProblemsRepository, TestDataModule],
})
export class ProblemsPersistenceModule {}
