import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorBodyDto } from './error-body.dto.js';

/**
 * Documents an error response of an operation (or of every operation of a controller): `status`
 * with the API's one error body, ErrorBodyDto (docs/errors.md).
 * @param status a 4xx or 5xx status.
 * @param description when the operation answers it.
 */
export function ApiErrorResponse(status: number, description: string): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiResponse({ status, description, type: ErrorBodyDto }));
}

/**
 * The errors every operation of the API may answer: 500 (a bug, logged) and 503 (`unavailable`: a
 * dependency is unreachable; retry later).
 */
export function ApiCommonErrors(unavailable: string): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiErrorResponse(500, 'A bug; it has been logged.'), ApiErrorResponse(503, unavailable));
}

/** The errors every operation with a JSON body may answer besides its own: 400 (bad body), 413 (too large), 415 (not JSON). */
export function ApiJsonBodyErrors(invalid: string): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiErrorResponse(400, invalid),
    ApiErrorResponse(413, 'The body is larger than BODY_LIMIT_BYTES.'),
    ApiErrorResponse(415, 'The body is not `application/json`.'),
  );
}
