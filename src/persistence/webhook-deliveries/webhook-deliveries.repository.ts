import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import type { WebhookDeliveryState, WebhookDeliveryView } from '../../../libs/contracts/index.js';
import { guardConnectivity } from '../../common/dependency-errors.js';
import { isValidObjectId } from '../../common/object-id.js';
import { WebhookDelivery } from './webhook-delivery.schema.js';

/** What one HTTP attempt changed in a delivery's record. */
export interface DeliveryAttemptRecord {
  state: WebhookDeliveryState;
  lastStatus: number | null;
  lastError: string | null;
}

/** MongoDB duplicate key error code. */
const DUPLICATE_KEY = 11000;

function iso(date: Date | null | undefined): string | null {
  return date ? new Date(date).toISOString() : null;
}

/**
 * Webhook delivery records (collection `webhookdeliveries`, see WebhookDelivery), shared by the worker
 * (creates one per finished judging with a callback URL; its sender records every attempt) and the API
 * (shows the latest in `GET /submissions/:id`). Every write is a small `$set`/`$inc` on one record.
 * Every method throws DependencyUnavailableError('MongoDB') when MongoDB is unreachable.
 */
@Injectable()
export class WebhookDeliveriesRepository {
  constructor(@InjectModel(WebhookDelivery.name) private readonly model: Model<WebhookDelivery>) {}

  /** Creates delivery `id` `pending` with no attempts; a second call for the same id changes nothing. */
  async createPending(id: string, submissionId: string, judgingAttempt: number): Promise<void> {
    try {
      await guardConnectivity('MongoDB', 'saving the webhook delivery', () =>
        this.model.create({
          _id: id,
          submissionId: new Types.ObjectId(submissionId),
          judgingAttempt,
          state: 'pending',
          attempts: 0,
          lastStatus: null,
          lastError: null,
          lastAttemptAt: null,
          deliveredAt: null,
          createdAt: new Date(),
        }),
      );
    } catch (error) {
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
    }
  }

  /** Deletes every delivery record of submission `submissionId` (retention: before the submission itself). @returns how many. */
  async removeForSubmission(submissionId: string): Promise<number> {
    if (!isValidObjectId(submissionId)) return 0;
    const result = await guardConnectivity('MongoDB', 'deleting webhook deliveries', () =>
      this.model.deleteMany({ submissionId: new Types.ObjectId(submissionId) }).exec(),
    );
    return result.deletedCount;
  }

  /** Records one HTTP attempt: `attempts` + 1, its status and error, `deliveredAt` now when it succeeded. */
  async recordAttempt(id: string, attempt: DeliveryAttemptRecord): Promise<void> {
    const now = new Date();
    await guardConnectivity('MongoDB', 'recording a webhook attempt', () =>
      this.model
        .updateOne(
          { _id: id },
          {
            $set: { ...attempt, lastAttemptAt: now, ...(attempt.state === 'delivered' ? { deliveredAt: now } : {}) },
            $inc: { attempts: 1 },
          },
        )
        .exec(),
    );
  }

  /** Sets the state alone (`superseded`, or `failed` when the job gives up without an attempt). */
  async setState(id: string, state: WebhookDeliveryState, lastError: string | null): Promise<void> {
    await guardConnectivity('MongoDB', 'recording a webhook delivery', () =>
      this.model.updateOne({ _id: id }, { $set: { state, lastError } }).exec(),
    );
  }

  /**
   * Marks delivery `id` `failed` with `lastError` unless its state is already final (delivered,
   * failed, superseded): for jobs BullMQ gave up on without a recorded attempt saying so.
   */
  async failIfPending(id: string, lastError: string): Promise<void> {
    await guardConnectivity('MongoDB', 'recording a webhook delivery', () =>
      this.model.updateOne({ _id: id, state: 'pending' }, { $set: { state: 'failed', lastError } }).exec(),
    );
  }

  /** The delivery of the submission's latest judging that has one, or null. */
  async latestFor(submissionId: string): Promise<WebhookDeliveryView | null> {
    if (!isValidObjectId(submissionId)) return null;
    const row = await guardConnectivity('MongoDB', 'reading the webhook delivery', () =>
      this.model
        .findOne({ submissionId: new Types.ObjectId(submissionId) })
        .sort({ judgingAttempt: -1 })
        .lean<WebhookDelivery>()
        .exec(),
    );
    if (!row) return null;
    return {
      id: row._id,
      state: row.state,
      attempts: row.attempts ?? 0,
      lastStatus: row.lastStatus ?? null,
      lastError: row.lastError ?? null,
      lastAttemptAt: iso(row.lastAttemptAt),
      deliveredAt: iso(row.deliveredAt),
    };
  }
}
