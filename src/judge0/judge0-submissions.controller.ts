import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SubmissionQuota } from '../quotas/quota.decorators.js';
import type { Caller } from '../auth/caller.js';
import { CurrentCaller } from '../auth/current-caller.decorator.js';
import { Judge0ExceptionFilter } from './judge0-exception.filter.js';
import { Judge0Service, type Judge0Query } from './judge0.service.js';

/**
 * Judge0 CE's submission endpoints under JUDGE0_PREFIX (docs/judge0.md). Bodies and queries are
 * read as Judge0 sends them (unknown fields ignored, numbers as strings accepted), so Verdict's
 * strict ValidationPipe does not apply: Judge0Service validates. Errors in Judge0's shapes.
 * Documented in docs/judge0.md rather than in Verdict's OpenAPI. Needs an API key when authentication
 * is on (`X-Auth-Token`, `x-api-key` or `Authorization: Bearer`); each key sees only what it may (docs/auth.md).
 */
@ApiExcludeController()
@UseFilters(Judge0ExceptionFilter)
@Controller('submissions')
export class Judge0SubmissionsController {
  constructor(private readonly judge0: Judge0Service) {}

  /** `POST /submissions/batch` `{ submissions: [...] }` → 201 `[{ token } | field errors]`. Declared before `:token`. */
  @Post('batch')
  @HttpCode(HttpStatus.CREATED)
  @SubmissionQuota('judge0-batch')
  createBatch(@Body() body: unknown, @Query() query: Judge0Query, @CurrentCaller() caller: Caller): Promise<Record<string, unknown>[]> {
    return this.judge0.createBatch(body, query, caller);
  }

  /** `GET /submissions/batch?tokens=a,b&base64_encoded=&fields=` → `{ submissions: [...] }`. */
  @Get('batch')
  showBatch(@Query() query: Judge0Query, @CurrentCaller() caller: Caller): Promise<{ submissions: (Record<string, unknown> | null)[] }> {
    return this.judge0.showBatch(query, caller);
  }

  /** `POST /submissions?base64_encoded=&wait=&fields=` → 201 `{ token }`, or the result with `wait=true`. */
  @Post()
  @HttpCode(HttpStatus.CREATED)
  @SubmissionQuota()
  create(@Body() body: unknown, @Query() query: Judge0Query, @CurrentCaller() caller: Caller): Promise<Record<string, unknown>> {
    return this.judge0.create(body, query, caller);
  }

  /** `GET /submissions?page=&per_page=&base64_encoded=&fields=` → `{ submissions, meta }`. */
  @Get()
  list(
    @Query() query: Judge0Query,
    @CurrentCaller() caller: Caller,
  ): Promise<{ submissions: Record<string, unknown>[]; meta: Record<string, number | null> }> {
    return this.judge0.list(query, caller);
  }

  /** `GET /submissions/:token?base64_encoded=&fields=`. */
  @Get(':token')
  show(@Param('token') token: string, @Query() query: Judge0Query, @CurrentCaller() caller: Caller): Promise<Record<string, unknown>> {
    return this.judge0.show(token, query, caller);
  }

  /** `DELETE /submissions/:token?fields=` (JUDGE0_ENABLE_SUBMISSION_DELETE). */
  @Delete(':token')
  remove(@Param('token') token: string, @Query() query: Judge0Query, @CurrentCaller() caller: Caller): Promise<Record<string, unknown>> {
    return this.judge0.remove(token, query, caller);
  }
}
