import { HttpException, HttpStatus } from '@nestjs/common';
import { errorBody } from '../common/error-body.js';

/**
 * 429: a quota or rate limit of the caller is used up (docs/quotas.md). `message` names the limit and
 * its environment variable; `retryAfterSeconds` is the `Retry-After` sent with it (the QuotaGuard
 * sets the header itself; the API exception filter sets it for one thrown elsewhere). Nothing was stored.
 */
export class QuotaExceededException extends HttpException {
  /**
   * @param message one sentence naming the limit, e.g. `at most 5 submissions per minute per API key (QUOTA_SUBMISSIONS_PER_MINUTE); retry after 42 s`.
   * @param retryAfterSeconds whole seconds, at least 1.
   */
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(errorBody(HttpStatus.TOO_MANY_REQUESTS, message), HttpStatus.TOO_MANY_REQUESTS);
  }
}
