import { HttpStatus, ServiceUnavailableException } from '@nestjs/common';

/**
 * 503: the submissions queue holds more waiting jobs than QUEUE_MAX_WAITING. Carries the
 * Retry-After the API exception filter sends (seconds). Nothing was stored.
 */
export class QueueFullException extends ServiceUnavailableException {
  constructor(
    readonly waiting: number,
    readonly maxWaiting: number,
    readonly retryAfterSeconds: number,
  ) {
    super({
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      error: 'Service Unavailable',
      message: `the queue holds ${waiting} submissions waiting for a worker, more than its cap of ${maxWaiting} (QUEUE_MAX_WAITING); retry after ${retryAfterSeconds} s`,
    });
  }
}
