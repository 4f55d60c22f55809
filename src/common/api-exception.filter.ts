import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { unreachableDependencyOf } from './dependency-errors.js';
import { DependencyUnavailableError } from './dependency-unavailable.error.js';
import { errorBody, type BadRequestBody, type ErrorBody } from './error-body.js';
import { InvalidRequestException } from './invalid-request.exception.js';

/** The readable message of an HttpException's response: its `message` (a list joined with `; `), else the exception's own. */
function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = typeof response === 'object' && response !== null ? (response as { message?: unknown }).message : undefined;
  if (typeof message === 'string' && message) return message;
  if (Array.isArray(message) && message.length > 0) return message.map(String).join('; ');
  return exception.message;
}

/** Retry-After of a 503 whose error does not say, seconds: about how long a dependency takes to come back. */
export const DEFAULT_RETRY_AFTER_S = 5;

/** The Retry-After an error asks for (`retryAfterSeconds`, e.g. QueueFullException), else DEFAULT_RETRY_AFTER_S. */
function retryAfterOf(exception: unknown): number {
  const asked = (exception as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
  return typeof asked === 'number' && Number.isInteger(asked) && asked > 0 ? asked : DEFAULT_RETRY_AFTER_S;
}

/**
 * Global HTTP filter: every error leaves in the API's one shape, and every 503 and 429 carries `Retry-After`
 * (seconds: the error's `retryAfterSeconds`, else DEFAULT_RETRY_AFTER_S); the shape is ErrorBody
 * `{ statusCode, error, message: string, details? }` (docs/errors.md). An HttpException keeps its
 * status; a 400 also lists its broken rules in `details` (InvalidRequestException's own, or the one
 * message of a 400 that Nest or a library raised, e.g. multer's, as a rule about the `body`). An unreachable MongoDB/Redis/worker
 * (DependencyUnavailableError or a driver connectivity error) becomes 503 with a message naming the
 * dependency. Anything else is a bug: 500 with a generic message, logged with its stack (never the
 * request body). Only handles the HTTP context; gateways handle their own errors.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrors');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const ctx = host.switchToHttp();
    const { httpAdapter } = this.adapterHost;
    const [status, body] = this.toResponse(exception, ctx.getRequest<{ method?: string; url?: string }>());
    // A 429 of the quotas carries its own Retry-After (the QuotaGuard may have set it already; the same value).
    if (status === HttpStatus.SERVICE_UNAVAILABLE || status === HttpStatus.TOO_MANY_REQUESTS)
      httpAdapter.setHeader(ctx.getResponse(), 'Retry-After', String(retryAfterOf(exception)));
    httpAdapter.reply(ctx.getResponse(), body, status);
  }

  private toResponse(exception: unknown, request: { method?: string; url?: string }): [number, ErrorBody] {
    // Built by badRequestBody already (its message keeps the sentences as written).
    if (exception instanceof InvalidRequestException) return [HttpStatus.BAD_REQUEST, exception.getResponse() as BadRequestBody];
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const message = messageOf(exception);
      // A 400 raised by Nest or a library (multer's): what it names is not known to be a field.
      if (status === HttpStatus.BAD_REQUEST)
        return [status, { ...errorBody(status, message), details: [{ field: 'body', rule: message }] }];
      return [status, errorBody(status, message)];
    }
    const dependency = unreachableDependencyOf(exception);
    if (dependency) {
      const message = exception instanceof DependencyUnavailableError ? exception.message : `${dependency} is unavailable; try again later`;
      this.logger.warn({ err: exception, route: `${request.method} ${request.url}` }, message);
      return [HttpStatus.SERVICE_UNAVAILABLE, errorBody(HttpStatus.SERVICE_UNAVAILABLE, message)];
    }
    this.logger.error({ err: exception, route: `${request.method} ${request.url}` }, 'unhandled error');
    return [HttpStatus.INTERNAL_SERVER_ERROR, errorBody(HttpStatus.INTERNAL_SERVER_ERROR, 'internal error; it has been logged')];
  }
}
