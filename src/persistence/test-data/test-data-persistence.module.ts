import { Module } from '@nestjs/common';
import { MongoModule } from '../../mongo/mongo.module.js';
import { MongoTestDataStore } from './mongo-test-data.store.js';
import { TEST_DATA_STORE } from './test-data.store.js';

/** The test data store (MongoTestDataStore on the process's MongoDB connection), for both processes. */
@Module({
  imports: [MongoModule],
  providers: [{ provide: TEST_DATA_STORE, useClass: MongoTestDataStore }],
  exports: [TEST_DATA_STORE],
})
export class TestDataPersistenceModule {}
