import { UnsupportedMediaTypeException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiConsumes } from '@nestjs/swagger';
import { describe, expect, it } from 'vitest';
import { ContentTypeGuard } from './content-type.guard.js';

class Routes {
  json(): void {}

  @ApiConsumes('multipart/form-data')
  upload(): void {}
}

/** An HTTP execution context of `handler` for a request with `headers`. */
function context(handler: keyof Routes, method: string, headers: Record<string, string>, path = '/submissions'): ExecutionContext {
  return {
    getType: () => 'http',
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => ({ method, headers, path }) }),
  } as unknown as ExecutionContext;
}

const guard = new ContentTypeGuard(new Reflector(), '/judge0');
const refusal = (ctx: ExecutionContext): string | null => {
  try {
    guard.canActivate(ctx);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(UnsupportedMediaTypeException);
    return (error as Error).message;
  }
};

describe('ContentTypeGuard', () => {
  it('lets JSON bodies (with parameters) and requests without a body through', () => {
    expect(refusal(context('json', 'POST', { 'content-type': 'application/json', 'content-length': '2' }))).toBeNull();
    expect(refusal(context('json', 'POST', { 'content-type': 'Application/JSON; charset=utf-8', 'content-length': '2' }))).toBeNull();
    expect(refusal(context('json', 'POST', { 'content-length': '0' }))).toBeNull();
    expect(refusal(context('json', 'POST', {}))).toBeNull();
    expect(refusal(context('json', 'GET', { 'content-type': 'text/plain', 'content-length': '5' }))).toBeNull();
  });

  it('refuses a form-encoded, text or untyped body with a 415 naming application/json', () => {
    expect(refusal(context('json', 'POST', { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '9' }))).toBe(
      'content-type must be application/json; got application/x-www-form-urlencoded',
    );
    expect(refusal(context('json', 'PUT', { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' }))).toBe(
      'content-type must be application/json; got text/plain',
    );
    expect(refusal(context('json', 'POST', { 'content-length': '4' }))).toBe('content-type must be application/json; got none');
  });

  it("takes a route's @ApiConsumes instead; leaves the Judge0 API alone", () => {
    expect(refusal(context('upload', 'POST', { 'content-type': 'multipart/form-data; boundary=x', 'content-length': '9' }))).toBeNull();
    expect(refusal(context('upload', 'POST', { 'content-type': 'application/json', 'content-length': '2' }))).toBe(
      'content-type must be multipart/form-data; got application/json',
    );
    expect(refusal(context('json', 'POST', { 'content-type': 'text/plain', 'content-length': '2' }, '/judge0/submissions'))).toBeNull();
  });
});
