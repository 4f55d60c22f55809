import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { unreachableDependencyOf } from './dependency-errors.js';
import { DependencyUnavailableError } from './dependency-unavailable.error.js';
import { badRequestBody, type ErrorBody } from './error-body.js';

/** Retry-After of a 503 whose error does not say, seconds: about how long a dependency takes to come back. */
export const DEFAULT_RETRY_AFTER_S = 5;

/** The Retry-After an error asks for (`retryAfterSeconds`, e.g. QueueFullException), else DEFAULT_RETRY_AFTER_S. */
function retryAfterOf(exception: unknown): number {
  const asked = (exception as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
  return typeof asked === 'number' && Number.isInteger(asked) && asked > 0 ? asked : DEFAULT_RETRY_AFTER_S;
}

/**
 * Global HTTP filter. Every 503 carries `Retry-After` (seconds). HttpExceptions keep their status and body, except that every 400 gets the
 * API's one 400 shape (badRequestBody: `message` always a list, also for the 400s that Nest and
 * its libraries raise with a single string, e.g. multer's "Unexpected field"). An unreachable
 * MongoDB/Redis/worker (DependencyUnavailableError or a driver connectivity error)
 * becomes 503 with a message naming the dependency. Anything else is a bug: 500
 * with a generic message, logged with its stack (never the request body).
 * Only handles the HTTP context; gateways handle their own errors.
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
    if (status === HttpStatus.SERVICE_UNAVAILABLE) httpAdapter.setHeader(ctx.getResponse(), 'Retry-After', String(retryAfterOf(exception)));
    httpAdapter.reply(ctx.getResponse(), body, status);
  }

  private toResponse(exception: unknown, request: { method?: string; url?: string }): [number, ErrorBody] {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const body: ErrorBody =
        typeof response === 'object' && response !== null
          ? (response as ErrorBody)
          : { statusCode: status, error: exception.name, message: String(response) };
      if (status === HttpStatus.BAD_REQUEST) return [status, badRequestBody(body.message)];
      return [status, body];
    }
    const dependency = unreachableDependencyOf(exception);
    if (dependency) {
      const message = exception instanceof DependencyUnavailableError ? exception.message : `${dependency} is unavailable; try again later`;
      this.logger.warn({ err: exception, route: `${request.method} ${request.url}` }, message);
      return [HttpStatus.SERVICE_UNAVAILABLE, { statusCode: HttpStatus.SERVICE_UNAVAILABLE, error: 'Service Unavailable', message }];
    }
    this.logger.error({ err: exception, route: `${request.method} ${request.url}` }, 'unhandled error');
    return [
      HttpStatus.INTERNAL_SERVER_ERROR,
      { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, error: 'Internal Server Error', message: 'internal error; it has been logged' },
    ];
  }
}
