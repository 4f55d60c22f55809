import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MongoModule } from '../../mongo/mongo.module.js';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository.js';
import { WebhookDelivery, WebhookDeliverySchema } from './webhook-delivery.schema.js';

/** Webhook delivery records for both processes: WebhookDeliveriesRepository. Needs the global config module. */
@Module({
  imports: [MongoModule, MongooseModule.forFeature([{ name: WebhookDelivery.name, schema: WebhookDeliverySchema }])],
  providers: [WebhookDeliveriesRepository],
  exports: [WebhookDeliveriesRepository],
})
export class WebhookDeliveriesPersistenceModule {}
