import { Inject, Injectable, Logger, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerRequest,
} from '@nestjs/throttler';
import { DependencyUnavailableError } from '../common/dependency-unavailable.error.js';
import { quotasConfig, type QuotasConfig } from '../config/quotas.config.js';
import { callerOfRequest, isQuotaExempt, quotaTrackerOf, trackerWords } from './quota-caller.js';
import { ROUTE_QUOTAS, submissionsInRequest, type RouteQuotas } from './quota.decorators.js';
import { QuotaExceededException } from './quota-exceeded.exception.js';
import { QUOTA_LIMITS, QuotaName } from './quota-limits.js';
import type { RedisThrottlerStorage } from './redis-throttler.storage.js';
import { UnfinishedSubmissionsGate } from './unfinished-submissions.gate.js';

type HttpRequest = Record<string, unknown> & { ip?: string; body?: unknown };
type HttpResponse = { setHeader(name: string, value: string): void };

/**
 * Global guard of the API's HTTP routes (after the authentication guard, which sets the caller):
 * counts each request against the caller's limits in Redis (RedisThrottlerStorage, shared by every
 * API process) and refuses one past a limit with 429, `Retry-After` (seconds) and a message naming
 * the limit and its variable (docs/quotas.md). The caller is its API key, else its client IP.
 * - `requests` (RATE_LIMIT_REQUESTS_PER_MINUTE): every request. If Redis is unreachable it lets the
 *   request through, so that routes not needing Redis (problems, health) keep answering.
 * - `submissions` (QUOTA_SUBMISSIONS_PER_MINUTE): `@SubmissionQuota()` routes, a Judge0 batch counting
 *   each item; then the unfinished cap (UnfinishedSubmissionsGate). Redis unreachable: 503.
 * - `problem-writes` (QUOTA_PROBLEM_WRITES_PER_HOUR): `@ProblemWriteQuota()` routes. Redis unreachable: 503.
 * Admin keys are exempt when QUOTAS_EXEMPT_ADMIN. A limit of 0 is off. Refused requests do not count.
 */
@Injectable()
export class QuotaGuard extends ThrottlerGuard {
  private readonly log = new Logger('Quotas');
  private redisDownLogged = false;

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() private readonly counts: RedisThrottlerStorage,
    reflector: Reflector,
    @Inject(quotasConfig.KEY) private readonly cfg: QuotasConfig,
    private readonly unfinished: UnfinishedSubmissionsGate,
  ) {
    super(options, counts, reflector);
  }

  /**
   * @throws QuotaExceededException (429) past a limit; DependencyUnavailableError (503) when Redis (a
   *   submission or problem write) or MongoDB (the unfinished count) is unreachable.
   */
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!(await super.canActivate(context))) return false;
    const quotas = this.routeQuotas(context);
    if (quotas.submissions) {
      const request = context.switchToHttp().getRequest<HttpRequest>();
      const caller = callerOfRequest(request);
      await this.unfinished.refuseIfNoRoom(caller, submissionsInRequest(quotas.submissions, request.body));
    }
    return true;
  }

  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return Promise.resolve(true);
    const caller = callerOfRequest(context.switchToHttp().getRequest<HttpRequest>());
    return Promise.resolve(isQuotaExempt(caller, this.cfg.exemptAdmin));
  }

  protected override async handleRequest({ context, limit, ttl, throttler, blockDuration }: ThrottlerRequest): Promise<boolean> {
    const name = throttler.name as QuotaName;
    const quotas = this.routeQuotas(context);
    if (limit <= 0) return true;
    if (name === QuotaName.Submissions && !quotas.submissions) return true;
    if (name === QuotaName.ProblemWrites && !quotas.problemWrites) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<HttpRequest>();
    const caller = callerOfRequest(request);
    const cost = name === QuotaName.Submissions && quotas.submissions ? submissionsInRequest(quotas.submissions, request.body) : 1;
    let hit;
    try {
      hit = await this.counts.increment(`${name}:${quotaTrackerOf(caller, request.ip)}`, ttl, limit, blockDuration, name, cost);
      this.redisDownLogged = false;
    } catch (error) {
      if (name === QuotaName.Requests) {
        if (!this.redisDownLogged) this.log.warn({ err: error }, 'Redis is unreachable: the request rate is not limited until it is back');
        this.redisDownLogged = true;
        return true;
      }
      throw new DependencyUnavailableError('Redis', 'Redis is unavailable (counting the quota failed); try again later', { cause: error });
    }
    if (!hit.isBlocked) return true;
    const spec = QUOTA_LIMITS[name];
    const retryAfter = hit.timeToBlockExpire;
    http.getResponse<HttpResponse>().setHeader('Retry-After', String(retryAfter));
    const asked = cost > 1 ? `; this request counts for ${cost}` : '';
    throw new QuotaExceededException(
      `at most ${limit} ${spec.what} per ${spec.per} ${trackerWords(caller)} (${spec.envVar})${asked}; retry after ${retryAfter} s`,
      retryAfter,
    );
  }

  private routeQuotas(context: ExecutionContext): RouteQuotas {
    return this.reflector.get<RouteQuotas | undefined>(ROUTE_QUOTAS, context.getHandler()) ?? {};
  }
}
