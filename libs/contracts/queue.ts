/**
 * BullMQ queue contract shared by the API (producer) and the worker (consumer).
 * Submissions travel only on this queue, never on the Redis microservice transport.
 */
export enum QueueName {
  Submissions = 'submissions',
}

export enum JobName {
  Judge = 'judge',
}

/** Payload of a judge job. The job id is the submission id; the worker reads the submission from MongoDB. */
export interface JudgeJobData {
  submissionId: string;
}

/** Job name to payload type, so `add()` and the processor agree at compile time. */
export interface JobPayloads {
  [JobName.Judge]: JudgeJobData;
}
