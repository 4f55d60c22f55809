import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MongoModule } from '../../mongo/mongo.module.js';
import { Verification, VerificationSchema } from './verification.schema.js';
import { VerificationsRepository } from './verifications.repository.js';

/** Verification report storage for both processes. */
@Module({
  imports: [MongoModule, MongooseModule.forFeature([{ name: Verification.name, schema: VerificationSchema }])],
  providers: [VerificationsRepository],
  exports: [VerificationsRepository],
})
export class VerificationsPersistenceModule {}
