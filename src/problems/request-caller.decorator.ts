import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { CALLER_PROPERTY, type Caller } from '../auth/caller.js';
import { Role } from '../auth/role.js';

/** The request's Caller (`request.caller`), or the open admin when no authentication guard set one. */
export const RequestCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const request = context.switchToHttp().getRequest<Record<string, unknown> & { ip?: string }>();
  return (request[CALLER_PROPERTY] as Caller | undefined) ?? { keyId: null, role: Role.Admin, name: 'open', ip: request.ip ?? '' };
});
