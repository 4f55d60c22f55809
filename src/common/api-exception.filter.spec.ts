import {
  BadRequestException,
  HttpException,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
  UnsupportedMediaTypeException,
  type ArgumentsHost,
} from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiExceptionFilter } from './api-exception.filter.js';
import { bodyParserErrorHandler } from './body-parser-errors.handler.js';
import { DependencyUnavailableError } from './dependency-unavailable.error.js';
import { badRequestBody, detailOf } from './error-body.js';
import { InvalidRequestException } from './invalid-request.exception.js';

/** Headers the filter set on its last reply. */
let headers: Record<string, string> = {};

/** What the filter replies to `exception` on an HTTP request: [status, body]. */
function reply(exception: unknown): [number, unknown] {
  const sent = vi.fn();
  headers = {};
  const setHeader = (_res: unknown, name: string, value: string) => (headers[name] = value);
  const filter = new ApiExceptionFilter({ httpAdapter: { reply: sent, setHeader } } as unknown as HttpAdapterHost);
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => ({ method: 'GET', url: '/x' }), getResponse: () => ({}) }),
  } as unknown as ArgumentsHost;
  filter.catch(exception, host);
  const [, body, status] = sent.mock.calls[0]! as [unknown, unknown, number];
  return [status, body];
}

beforeAll(() => Logger.overrideLogger(false));

describe('the one error shape', () => {
  it('InvalidRequestException carries `{ statusCode: 400, error: "Bad Request", message: string, details: [{ field, rule }] }`', () => {
    const error = new InvalidRequestException('cursor is not valid');
    expect(error).toBeInstanceOf(BadRequestException);
    expect(error.getResponse()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'cursor is not valid',
      details: [{ field: 'cursor', rule: 'is not valid' }],
    });
    expect(new InvalidRequestException(['a x', 'b y']).messages).toEqual(['a x', 'b y']);
    expect(new InvalidRequestException([{ field: 'limits.cpuTimeMs', rule: 'must be a positive number' }, 'b y']).getResponse()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'limits.cpuTimeMs must be a positive number; b y',
      details: [
        { field: 'limits.cpuTimeMs', rule: 'must be a positive number' },
        { field: 'b', rule: 'y' },
      ],
    });
    expect(badRequestBody(['a x'])).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'a x',
      details: [{ field: 'a', rule: 'x' }],
    });
  });

  it('the filter keeps the sentences as written in `message` (a package file with its colon)', () => {
    expect(reply(new InvalidRequestException('problem.yaml: is missing'))).toEqual([
      400,
      {
        statusCode: 400,
        error: 'Bad Request',
        message: 'problem.yaml: is missing',
        details: [{ field: 'problem.yaml', rule: 'is missing' }],
      },
    ]);
  });

  it('a sentence that does not start with a field is a rule about the body; a package file keeps its name without the colon', () => {
    expect(detailOf('Unexpected field')).toEqual({ field: 'body', rule: 'Unexpected field' });
    expect(detailOf('problem.yaml: is missing')).toEqual({ field: 'problem.yaml', rule: 'is missing' });
    expect(detailOf('boom')).toEqual({ field: 'body', rule: 'boom' });
  });

  it('the filter gives every 400 that shape, also those Nest and its libraries raise with one string or a list', () => {
    expect(reply(new InvalidRequestException(['limits.cpuTimeMs must not be greater than 10000']))).toEqual([
      400,
      {
        statusCode: 400,
        error: 'Bad Request',
        message: 'limits.cpuTimeMs must not be greater than 10000',
        details: [{ field: 'limits.cpuTimeMs', rule: 'must not be greater than 10000' }],
      },
    ]);
    expect(reply(new BadRequestException('Unexpected field'))).toEqual([
      400,
      { statusCode: 400, error: 'Bad Request', message: 'Unexpected field', details: [{ field: 'body', rule: 'Unexpected field' }] },
    ]);
    expect(reply(new HttpException('plain text', 400))).toEqual([
      400,
      { statusCode: 400, error: 'Bad Request', message: 'plain text', details: [{ field: 'body', rule: 'plain text' }] },
    ]);
    expect(reply(new BadRequestException(['a x', 'b y']))[1]).toMatchObject({ message: 'a x; b y' });
  });

  it('every other status: `message` is one string, `error` the reason phrase, whatever the exception carried', () => {
    expect(reply(new HttpException({ message: ['one', 'two'], error: 'Custom' }, 422))).toEqual([
      422,
      { statusCode: 422, error: 'Unprocessable Entity', message: 'one; two' },
    ]);
    expect(reply(new UnsupportedMediaTypeException('content-type must be application/json; got text/plain'))).toEqual([
      415,
      { statusCode: 415, error: 'Unsupported Media Type', message: 'content-type must be application/json; got text/plain' },
    ]);
  });

  it('other HTTP errors keep their body; unreachable dependencies are 503; anything else is a logged 500', () => {
    expect(reply(new NotFoundException('submission x not found'))).toEqual([
      404,
      { statusCode: 404, error: 'Not Found', message: 'submission x not found' },
    ]);
    expect(reply(new NotFoundException('gone'))[0]).toBe(404);
    expect(headers).toEqual({});
    expect(reply(new DependencyUnavailableError('Redis', 'Redis is unavailable; try again later'))).toEqual([
      503,
      { statusCode: 503, error: 'Service Unavailable', message: 'Redis is unavailable; try again later' },
    ]);
    expect(headers).toEqual({ 'Retry-After': '5' });
    // An error naming its own Retry-After (as the queue's QueueFullException does).
    expect(reply(Object.assign(new ServiceUnavailableException('queue full'), { retryAfterSeconds: 42 }))[0]).toBe(503);
    expect(headers).toEqual({ 'Retry-After': '42' });
    expect(reply(new TypeError('x is undefined'))).toEqual([
      500,
      { statusCode: 500, error: 'Internal Server Error', message: 'internal error; it has been logged' },
    ]);
  });
});

describe('bodyParserErrorHandler (before Nest)', () => {
  function handle(err: Error & { type?: string; status?: number }): { status?: number; body?: unknown; next: NextFunction } {
    const out: { status?: number; body?: unknown; next: NextFunction } = { next: vi.fn() };
    const res = {
      status(code: number) {
        out.status = code;
        return this;
      },
      json(body: unknown) {
        out.body = body;
        return this;
      },
    } as unknown as Response;
    bodyParserErrorHandler(1024)(err, {} as Request, res, out.next);
    return out;
  }

  it('malformed JSON and other 400s get the one 400 body; too large is 413; other client errors keep their status', () => {
    expect(handle(Object.assign(new Error('Unexpected token'), { type: 'entity.parse.failed', status: 400 })).body).toEqual(
      badRequestBody('body is not valid JSON: Unexpected token'),
    );
    expect(handle(Object.assign(new Error('request aborted'), { type: 'request.aborted', status: 400 })).body).toEqual(
      badRequestBody({ field: 'body', rule: 'could not be read: request aborted' }),
    );
    expect(
      handle(
        Object.assign(new Error('body must not nest arrays and objects more than 64 levels deep'), {
          type: 'entity.verify.failed',
          status: 400,
        }),
      ).body,
    ).toEqual(badRequestBody('body must not nest arrays and objects more than 64 levels deep'));
    expect(handle(Object.assign(new Error('incorrect header check'), { type: 'encoding.failed', status: 400 })).body).toMatchObject({
      details: [{ field: 'body', rule: 'could not be read: incorrect header check' }],
    });
    expect(handle(Object.assign(new Error('too large'), { type: 'entity.too.large', status: 413 })).body).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'request body must not be larger than 1024 bytes',
    });
    expect(handle(Object.assign(new Error('unsupported charset "X"'), { type: 'charset.unsupported', status: 415 })).status).toBe(415);
    expect(handle(Object.assign(new Error('forbidden'), { type: 'entity.verify.failed', status: 403 })).body).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'forbidden',
    });
    const bug = handle(new Error('boom'));
    expect(bug.status).toBeUndefined();
    expect(bug.next).toHaveBeenCalled();
  });
});
