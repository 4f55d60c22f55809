import { Injectable, UnsupportedMediaTypeException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
import type { Request } from 'express';

/** What a request body must be unless the route says otherwise (`@ApiConsumes`). */
const JSON_TYPE = 'application/json';

/** Methods whose body the API reads. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** Whether `req` carries a body: chunked, or a content-length above 0 (as body-parser decides). */
function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && Number(length) > 0;
}

/**
 * Global guard: a POST, PUT or PATCH with a body must send it as one of the media types its route
 * consumes, the ones its `@ApiConsumes` documents (so the OpenAPI document and the check have one
 * source), else `application/json`. Any other (a form-encoded or text body, none given) is a 415
 * `content-type must be application/json; got text/plain`. Routes under `skipPrefix` (the
 * Judge0-compatible API, which keeps Judge0's behaviour) are left alone.
 */
@Injectable()
export class ContentTypeGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly skipPrefix: string | null = null,
  ) {}

  /** @throws UnsupportedMediaTypeException (415) naming the media types the route accepts. */
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (!BODY_METHODS.has(req.method) || !hasBody(req)) return true;
    const prefix = this.skipPrefix;
    if (prefix && (req.path === prefix || req.path.startsWith(`${prefix}/`))) return true;
    const accepted = this.reflector.getAllAndOverride<string[] | undefined>(DECORATORS.API_CONSUMES, [
      context.getHandler(),
      context.getClass(),
    ]) ?? [JSON_TYPE];
    const sent = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (accepted.includes(sent)) return true;
    throw new UnsupportedMediaTypeException(`content-type must be ${accepted.join(' or ')}; got ${sent || 'none'}`);
  }
}
