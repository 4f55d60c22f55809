import { SetMetadata } from '@nestjs/common';

/** Metadata key of `@Public()`. */
export const PUBLIC_ROUTE = 'auth:public';

/**
 * Marks a route (or every route of a controller) as reachable without an API key: health, languages,
 * the playground page, Judge0's info routes. A valid key sent anyway still sets `request.caller`.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);
