import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiErrorResponse } from '../common/api-error-response.decorator.js';

/** How a route's submissions are counted: `one` per request, or `judge0-batch`: one per item of `body.submissions`. */
export type SubmissionCount = 'one' | 'judge0-batch';

/** The quotas a route counts besides the request rate (metadata of `@SubmissionQuota`, `@ProblemWriteQuota`). */
export interface RouteQuotas {
  submissions?: SubmissionCount;
  problemWrites?: boolean;
}

/** Metadata key of the route quota decorators. */
export const ROUTE_QUOTAS = 'quotas:route';

/**
 * The route accepts (or rejudges) submissions: it counts toward QUOTA_SUBMISSIONS_PER_MINUTE (one per request,
 * or one per item of a Judge0 batch) and is refused while the caller has QUOTA_UNFINISHED_SUBMISSIONS unfinished.
 */
export const SubmissionQuota = (count: SubmissionCount = 'one'): MethodDecorator =>
  applyDecorators(
    SetMetadata(ROUTE_QUOTAS, { submissions: count } satisfies RouteQuotas),
    ApiErrorResponse(
      429,
      'A quota is used up: QUOTA_SUBMISSIONS_PER_MINUTE, QUOTA_UNFINISHED_SUBMISSIONS or RATE_LIMIT_REQUESTS_PER_MINUTE ' +
        '(`message` names it); retry after `Retry-After` seconds (docs/quotas.md). Nothing is stored.',
    ),
  );

/**
 * The route creates, imports, verifies or rejudges a problem (the last two queue a judging of every one of
 * its submissions): it counts toward QUOTA_PROBLEM_WRITES_PER_HOUR.
 */
export const ProblemWriteQuota = (): MethodDecorator =>
  applyDecorators(
    SetMetadata(ROUTE_QUOTAS, { problemWrites: true } satisfies RouteQuotas),
    ApiErrorResponse(
      429,
      'A quota is used up: QUOTA_PROBLEM_WRITES_PER_HOUR or RATE_LIMIT_REQUESTS_PER_MINUTE (`message` names it); retry after ' +
        '`Retry-After` seconds (docs/quotas.md). Nothing is stored.',
    ),
  );

/** Most submissions one request is counted for (a Judge0 batch is refused above JUDGE0_MAX_BATCH_SIZE anyway). */
const MAX_COUNTED_ITEMS = 10_000;

/**
 * How many submissions a request to a `@SubmissionQuota(count)` route is counted for: 1, or for a
 * Judge0 batch the length of `body.submissions` (1 when it is not an array: the route refuses it).
 */
export function submissionsInRequest(count: SubmissionCount, body: unknown): number {
  if (count === 'one') return 1;
  const list = typeof body === 'object' && body !== null ? (body as { submissions?: unknown }).submissions : undefined;
  return Array.isArray(list) && list.length > 0 ? Math.min(list.length, MAX_COUNTED_ITEMS) : 1;
}
