import { Inject, Injectable, Optional, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { judge0Config, type Judge0Config } from '../config/judge0.config.js';
import { roleTooLow } from './auth-errors.js';
import { Authenticator } from './authenticator.js';
import { CALLER_PROPERTY, type Caller } from './caller.js';
import { presentedKey } from './presented-key.js';
import { PUBLIC_ROUTE } from './public.decorator.js';
import { REFUSED_REQUESTS_LIMITER, type RefusedRequestsLimiter } from './refused-requests.limiter.js';
import { Role } from './role.js';
import { REQUIRED_ROLES } from './roles.decorator.js';

/**
 * Whether `caller` may call a route that `@Roles(...needed)` (none: any caller). Admins may call anything.
 */
export function roleAllows(caller: Caller, needed: readonly Role[] | undefined): boolean {
  if (!needed || needed.length === 0) return true;
  return caller.role === Role.Admin || needed.includes(caller.role);
}

/**
 * Global guard of the API's HTTP routes (registered as APP_GUARD by AuthModule): sets `request.caller`
 * (Caller) from the key in `x-api-key`, `Authorization: Bearer`, or on the Judge0 API `X-Auth-Token`.
 * Refuses with 401 when the key is missing or unknown, revoked or expired (one message), and 403 when
 * the route's `@Roles` leave the key's role out. `@Public()` routes pass without a key (a valid key sent
 * still sets the caller; a bad one is ignored there). Authentication off: every caller is the open admin.
 * A 401 is counted per client address (RefusedRequestsLimiter): beyond the request rate it is a 429.
 * WebSocket handshakes are checked by the results gateway, not here.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    @Inject(judge0Config.KEY) private readonly judge0: Judge0Config,
    @Optional() @Inject(REFUSED_REQUESTS_LIMITER) private readonly refusals?: RefusedRequestsLimiter,
  ) {}

  /**
   * @throws UnauthorizedException (401) for a missing or invalid key (429 when its address refused too often), ForbiddenException (403) for a role too low,
   *   DependencyUnavailableError (503) when MongoDB is unreachable and the key is not cached.
   */
  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request & Record<string, Caller | undefined>>();
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, targets) === true;
    const prefix = this.judge0.prefix;
    const key = presentedKey(request.headers, request.path === prefix || request.path.startsWith(`${prefix}/`));
    const ip = request.ip ?? request.socket.remoteAddress ?? '';
    if (isPublic) {
      request[CALLER_PROPERTY] = await this.authenticator.callerOf(key, ip).catch(() => undefined);
      return true;
    }
    let caller: Caller;
    try {
      caller = await this.authenticator.callerOf(key, ip);
    } catch (error) {
      // Refusals count per address: guessing keys is rate-limited (429 instead of 401 beyond the rate).
      if (error instanceof UnauthorizedException) await this.refusals?.refused(ip);
      throw error;
    }
    request[CALLER_PROPERTY] = caller;
    const needed = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (!roleAllows(caller, needed)) throw roleTooLow(caller, needed!);
    return true;
  }
}
