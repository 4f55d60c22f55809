/**
 * BullMQ queue contract shared by the API (producer) and the worker (consumer).
 * Submissions travel only on this queue, never on the Redis microservice transport.
 */
export enum QueueName {
  Submissions = 'submissions',
}

export enum JobName {
  Judge = 'judge',
  /** Run every submission stored in a problem package and compare with the expected verdicts. */
  Verify = 'verify',
}

/** Payload of a judge job. The job id is the submission id; the worker reads the submission from MongoDB. */
export interface JudgeJobData {
  submissionId: string;
}

/** Payload of a verify job. The job id is `verify-<verificationId>`; the worker reads the verification from MongoDB. */
export interface VerifyJobData {
  verificationId: string;
}

/** Job name to payload type, so `add()` and the processor agree at compile time. */
export interface JobPayloads {
  [JobName.Judge]: JudgeJobData;
  [JobName.Verify]: VerifyJobData;
}
