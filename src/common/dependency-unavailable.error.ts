/** A backing service the request needs. */
export type Dependency = 'MongoDB' | 'Redis' | 'worker';

/**
 * A dependency could not be reached or did not answer in time. HTTP requests
 * that hit it answer 503 with `message` (see ApiExceptionFilter); the request
 * may be retried later. `cause` keeps the driver error for the logs.
 */
export class DependencyUnavailableError extends Error {
  constructor(
    readonly dependency: Dependency,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DependencyUnavailableError';
  }
}
