import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { mongoConfig, type MongoConfig } from '../config/mongo.config.js';
import { mongoConnectOptions } from './mongo-connect.options.js';
import { MongoConnectionSupervisor } from './mongo-connection.supervisor.js';

/**
 * The process's MongoDB connection (MONGO_URI). Start-up does not wait for it:
 * while MongoDB is unreachable, queries fail fast (and HTTP answers 503) and the
 * connection is retried in the background. Needs the global config module.
 */
@Module({
  imports: [
    MongooseModule.forRootAsync({
      inject: [mongoConfig.KEY],
      useFactory: (config: MongoConfig) => ({
        uri: config.uri,
        ...mongoConnectOptions(),
        lazyConnection: true,
      }),
    }),
  ],
  providers: [MongoConnectionSupervisor],
  exports: [MongooseModule],
})
export class MongoModule {}
