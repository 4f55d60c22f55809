import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, type Types } from 'mongoose';
import type { WebhookDeliveryState } from '../../../libs/contracts/index.js';

/**
 * One webhook delivery (collection `webhookdeliveries`): the POST of one finished judging of a
 * submission to its callback URL, `_id` = `<submissionId>-a<judgingAttempt>` (the BullMQ job id too).
 *
 * Kept out of the submission document on purpose: FerretDB 1.24 does not make concurrent updates of
 * one document atomic, and the sender's writes would race the worker (a rejudge's judging) or the API
 * (a rejudge's reset) writing the submission, and could undo their `lastSeq` increments. Here the
 * worker inserts the record before queueing the delivery, and from then on only the delivery's job writes it.
 */
@Schema({ collection: 'webhookdeliveries', versionKey: false })
export class WebhookDelivery {
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ type: SchemaTypes.ObjectId, required: true })
  submissionId: Types.ObjectId;

  /** The submission's `attempt` when the judging delivered here finished. */
  @Prop({ type: Number, required: true })
  judgingAttempt: number;

  @Prop({ type: String, enum: ['pending', 'delivered', 'failed', 'superseded'], required: true })
  state: WebhookDeliveryState;

  /** HTTP attempts made. */
  @Prop({ type: Number, default: 0 })
  attempts: number;

  @Prop({ type: Number, default: null })
  lastStatus: number | null;

  @Prop({ type: String, default: null })
  lastError: string | null;

  @Prop({ type: Date, default: null })
  lastAttemptAt: Date | null;

  @Prop({ type: Date, default: null })
  deliveredAt: Date | null;

  @Prop({ type: Date, required: true })
  createdAt: Date;
}

export const WebhookDeliverySchema = SchemaFactory.createForClass(WebhookDelivery);
// The latest delivery of a submission, for its view.
WebhookDeliverySchema.index({ submissionId: 1, judgingAttempt: -1 });
