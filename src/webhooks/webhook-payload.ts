import type { SubmissionView } from '../../libs/contracts/index.js';

/**
 * The JSON body of a delivery (docs/webhooks.md): the event name, the delivery id (also the
 * `verdict-webhook-id` header), and the submission as `GET /submissions/:id` shows it once finished
 * (without its `delivery`, which the delivery itself is changing).
 */
export interface WebhookPayload {
  type: 'submission.finished';
  deliveryId: string;
  /** The submission's judging attempt this result is of (1 for the first judging, more after rejudges or retried judge jobs). */
  judgingAttempt: number;
  submission: SubmissionView;
}

/** The body of delivery `deliveryId` of `view`'s judging `judgingAttempt`, as the exact text to sign and send. */
export function webhookBody(deliveryId: string, judgingAttempt: number, view: SubmissionView): string {
  const { delivery: _omitted, ...submission } = view;
  const payload: WebhookPayload = { type: 'submission.finished', deliveryId, judgingAttempt, submission };
  return JSON.stringify(payload);
}

/** The id of the delivery of judging `judgingAttempt` of `submissionId` (BullMQ job id and record `_id`; no `:`, which BullMQ refuses). */
export function deliveryIdOf(submissionId: string, judgingAttempt: number): string {
  return `${submissionId}-a${judgingAttempt}`;
}
