import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { CALLER_PROPERTY, type Caller } from './caller.js';

/**
 * The request's Caller, as the authentication guard set it (`request.caller`). Use it only on routes
 * that are not `@Public()` (there it is always set); on a public route it may be undefined.
 */
export const CurrentCaller = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Caller => context.switchToHttp().getRequest<Record<string, Caller>>()[CALLER_PROPERTY]!,
);
