/**
 * BullMQ queue contract shared by the API (producer) and the worker (consumer).
 * Submissions travel only on this queue, never on the Redis microservice transport.
 */
export enum QueueName {
  Submissions = 'submissions',
  /** Webhook deliveries (job DeliverWebhook), consumed by the worker process's sender. */
  Webhooks = 'webhooks',
}

export enum JobName {
  Judge = 'judge',
  /** Run every submission stored in a problem package and compare with the expected verdicts. */
  Verify = 'verify',
  /** POST a finished submission's result to its callback URL (queue `webhooks`). */
  DeliverWebhook = 'deliver-webhook',
}

/** Payload of a judge job. The job id is the submission id; the worker reads the submission from MongoDB. */
export interface JudgeJobData {
  submissionId: string;
  /** Times the lost-jobs sweep has re-queued this submission after its job failed for good (absent: 0). */
  requeues?: number;
}

/** Payload of a verify job. The job id is `verify-<verificationId>`; the worker reads the verification from MongoDB. */
export interface VerifyJobData {
  verificationId: string;
}

/**
 * What a delivery sends: `verdict`, Verdict's signed `POST` of `{ type, deliveryId, judgingAttempt, submission }`
 * (docs/webhooks.md), for a submission's `callbackUrl`; `judge0`, Judge0's `PUT` of the submission in
 * Judge0's shape (docs/judge0.md), for a Judge0 `callback_url`.
 */
export type WebhookFormat = 'verdict' | 'judge0';

/**
 * Payload of a webhook delivery job. The job id is the delivery id, `<submissionId>-a<judgingAttempt>`:
 * one delivery per finished judging, however often it is scheduled.
 */
export interface WebhookJobData {
  submissionId: string;
  /** The submission's `attempt` (judgings started) when this judging finished. */
  judgingAttempt: number;
  /** Where to send, as accepted with the submission. */
  url: string;
  /** The body and method; absent (jobs queued before the field existed): `verdict`. */
  format?: WebhookFormat;
}

/** Job name to payload type, so `add()` and the processor agree at compile time. */
export interface JobPayloads {
  [JobName.Judge]: JudgeJobData;
  [JobName.Verify]: VerifyJobData;
  [JobName.DeliverWebhook]: WebhookJobData;
}
