import type { SubmissionView } from '../../libs/contracts/index.js';
import { DEFAULT_FIELDS, RUN_PROCESS_LIMIT, serializeSubmission } from '../judge0-format/judge0-submission.js';
import type { Judge0SubmissionRow } from '../persistence/submissions/submission-records.js';

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

/**
 * The body of a Judge0 callback (delivery format `judge0`, sent with `PUT`), as Judge0's
 * `IsolateJob#call_callback` builds it: the submission's 8 default attributes in Judge0's shape
 * (`serializeSubmission`, the one owner of that conversion), **always Base64-encoded**, whatever
 * `base64_encoded` the submission was created with: Judge0 serializes its callbacks with
 * `base64_encoded: true` (judge0/judge0 issue 480 asks about it). So it is exactly what
 * `GET /judge0/submissions/:token?base64_encoded=true` returns once the submission is finished.
 */
export function judge0WebhookBody(row: Judge0SubmissionRow): string {
  // The default attributes name no language and no process limit; the context is for completeness.
  const context = { processLimit: RUN_PROCESS_LIMIT, languageOf: () => undefined };
  return JSON.stringify(serializeSubmission(row, DEFAULT_FIELDS, true, context));
}

/** The id of the delivery of judging `judgingAttempt` of `submissionId` (BullMQ job id and record `_id`; no `:`, which BullMQ refuses). */
export function deliveryIdOf(submissionId: string, judgingAttempt: number): string {
  return `${submissionId}-a${judgingAttempt}`;
}
