import { applyDecorators, SetMetadata } from '@nestjs/common';
import { DECORATORS } from '@nestjs/swagger';

/** Metadata key of `@Public()`. */
export const PUBLIC_ROUTE = 'auth:public';

/** The OpenAPI document's `security: []` for the decorated operations: they override the document's `x-api-key` requirement. */
const noSecurityRequirement: MethodDecorator & ClassDecorator = (
  target: object,
  _key?: string | symbol,
  descriptor?: PropertyDescriptor,
) => {
  Reflect.defineMetadata(DECORATORS.API_SECURITY, [], descriptor ? (descriptor.value as object) : target);
  return descriptor as never;
};

/**
 * Marks a route (or every route of a controller) as reachable without an API key: health, languages,
 * the playground page, Judge0's info routes. A valid key sent anyway still sets `request.caller`.
 * In the OpenAPI document such operations say `security: []`.
 */
export const Public = (): MethodDecorator & ClassDecorator => applyDecorators(SetMetadata(PUBLIC_ROUTE, true), noSecurityRequirement);
