import { SUBMISSION_EVENT_TYPES, type SubmissionEvent } from '../../libs/contracts/index.js';

const EVENT_TYPES = new Set<string>(SUBMISSION_EVENT_TYPES);

/**
 * Parses a message from SUBMISSION_EVENTS_CHANNEL. Checks the fields routing depends on
 * (`submissionId`, `seq`, `type`); the rest is passed through as published.
 * @returns the event, or null when the message is not JSON or lacks those fields.
 */
export function parseSubmissionEvent(message: string): SubmissionEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const candidate = value as Partial<SubmissionEvent>;
  if (typeof candidate.submissionId !== 'string') return null;
  if (typeof candidate.seq !== 'number' || !Number.isInteger(candidate.seq) || candidate.seq < 1) return null;
  if (typeof candidate.type !== 'string' || !EVENT_TYPES.has(candidate.type)) return null;
  return value as SubmissionEvent;
}
