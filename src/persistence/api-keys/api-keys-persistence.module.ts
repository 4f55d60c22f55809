import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MongoModule } from '../../mongo/mongo.module.js';
import { ApiKey, ApiKeySchema } from './api-key.schema.js';
import { ApiKeysRepository } from './api-keys.repository.js';

/** API key storage (collection `apikeys`) for the API process and the `npm run keys` command. Needs the global config module. */
@Module({
  imports: [MongoModule, MongooseModule.forFeature([{ name: ApiKey.name, schema: ApiKeySchema }])],
  providers: [ApiKeysRepository],
  exports: [ApiKeysRepository],
})
export class ApiKeysPersistenceModule {}
