import { applyDecorators } from '@nestjs/common';
import { ApiErrorResponse } from '../common/api-error-response.decorator.js';

/** Documents what the authentication guard answers on a route that needs a key: 401 and 403. */
export function ApiAuthErrors(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiErrorResponse(401, 'No API key, or one that is unknown, revoked or expired (docs/auth.md).'),
    ApiErrorResponse(403, "The key's role may not do this."),
  );
}
