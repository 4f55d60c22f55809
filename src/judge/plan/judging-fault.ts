import { SandboxRunError, SandboxUnavailableError } from '../../../libs/sandbox/index.js';
import { TestDataMissingError } from '../../persistence/test-data/test-data-missing.error.js';

/** Why a judging ended with Internal Error although nothing about the submission decided it. */
export interface JudgingFault {
  /** The operator message stored with the Internal Error. */
  message: string;
  /** Log message. */
  log: 'sandbox failure' | 'test data missing';
}

/**
 * Classifies an error thrown by `PlanRunner.run`: the sandbox failed (SandboxRunError,
 * SandboxUnavailableError)
 * or a test data file is gone from the store (re-importing the problem restores it). Those end
 * the judging with Internal Error: retrying would fail the same way.
 * @returns the fault, or null for any other error (a dependency failure: let the queue retry it).
 */
export function judgingFault(err: unknown): JudgingFault | null {
  if (err instanceof TestDataMissingError) return { message: `${err.message}; re-import the problem`, log: 'test data missing' };
  if (err instanceof SandboxRunError || err instanceof SandboxUnavailableError) {
    return { message: `sandbox failure: ${err.message}`, log: 'sandbox failure' };
  }
  return null;
}
