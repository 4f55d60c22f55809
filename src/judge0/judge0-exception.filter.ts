import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { unreachableDependencyOf } from '../common/dependency-errors.js';
import { DependencyUnavailableError } from '../common/dependency-unavailable.error.js';
import { Judge0Exception } from './judge0.exception.js';

/**
 * Errors of the Judge0-compatible endpoints in Judge0's shapes (instead of Verdict's ErrorBody):
 * a Judge0Exception as built (422 field errors or `{ error }`); any other HttpException (404, 409,
 * 413, …) as `{ error: message }` with its status; an unreachable MongoDB, Redis or worker as 503
 * `{ error }`; anything else as 500 `{ error: "internal error" }`, logged. Never a 500 for bad input.
 */
@Catch()
export class Judge0ExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Judge0Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const response = ctx.getResponse<Response>();
    const request = ctx.getRequest<{ method?: string; url?: string }>();
    const [status, body] = this.toResponse(exception, `${request.method} ${request.url}`);
    const retryAfter = (exception as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
    if (status === HttpStatus.TOO_MANY_REQUESTS && typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
    response.status(status).json(body);
  }

  private toResponse(exception: unknown, route: string): [number, unknown] {
    if (exception instanceof Judge0Exception) return [exception.getStatus(), exception.getResponse()];
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      const message = typeof body === 'object' && body !== null && 'message' in body ? (body as { message: unknown }).message : body;
      return [exception.getStatus(), { error: Array.isArray(message) ? message.join('; ') : String(message) }];
    }
    const dependency = unreachableDependencyOf(exception);
    if (dependency) {
      const message = exception instanceof DependencyUnavailableError ? exception.message : `${dependency} is unavailable; try again later`;
      this.logger.warn({ err: exception, route }, message);
      return [HttpStatus.SERVICE_UNAVAILABLE, { error: message }];
    }
    this.logger.error({ err: exception, route }, 'unhandled error');
    return [HttpStatus.INTERNAL_SERVER_ERROR, { error: 'internal error; it has been logged' }];
  }
}
