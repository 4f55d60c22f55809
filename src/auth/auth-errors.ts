import { ForbiddenException, UnauthorizedException } from '@nestjs/common';
import type { Caller } from './caller.js';
import type { Role } from './role.js';

/** 401 message when no key was sent. */
export const KEY_MISSING_MESSAGE = 'an API key is required: send it in the x-api-key header (docs/auth.md)';
/** 401 message for a key that is unknown, revoked or expired: one message, so it tells nothing about which. */
export const KEY_INVALID_MESSAGE = 'the API key is not valid (unknown, revoked or expired)';

/** 401 `an API key is required…` (no key was sent). */
export function keyMissing(): UnauthorizedException {
  return new UnauthorizedException(KEY_MISSING_MESSAGE);
}

/** 401 `the API key is not valid…` (unknown, revoked or expired, not said which). */
export function keyInvalid(): UnauthorizedException {
  return new UnauthorizedException(KEY_INVALID_MESSAGE);
}

/** 403 naming the roles the route needs and the caller's own, e.g. `this needs the admin role; your key has the submitter role`. */
export function roleTooLow(caller: Caller, needed: readonly Role[]): ForbiddenException {
  return new ForbiddenException(`this needs the ${needed.join(' or ')} role; your key has the ${caller.role} role`);
}
