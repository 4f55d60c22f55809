import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import { CALLER_PROPERTY, type Caller } from '../auth/caller.js';
import { Role } from '../auth/role.js';
import { DependencyUnavailableError } from '../common/dependency-unavailable.error.js';
import type { QuotasConfig } from '../config/quotas.config.js';
import { QuotaExceededException } from './quota-exceeded.exception.js';
import { QUOTA_LIMITS } from './quota-limits.js';
import { ProblemWriteQuota, SubmissionQuota } from './quota.decorators.js';
import { QuotaGuard } from './quota.guard.js';
import type { QuotaHit, RedisThrottlerStorage } from './redis-throttler.storage.js';
import type { UnfinishedSubmissionsGate } from './unfinished-submissions.gate.js';

class Routes {
  @SubmissionQuota()
  submit(): void {}
  @SubmissionQuota('judge0-batch')
  batch(): void {}
  @ProblemWriteQuota()
  createProblem(): void {}
  read(): void {}
}

/** A storage counting in memory (one window per key), recording each hit's key and cost; `down` throws like an unreachable Redis. */
class FakeStorage {
  readonly hits: { key: string; cost: number }[] = [];
  private readonly counts = new Map<string, number>();
  down = false;
  increment(key: string, _ttl: number, limit: number, _block: number, _name: string, cost = 1): Promise<QuotaHit> {
    if (this.down) return Promise.reject(new Error('Connection is closed.'));
    this.hits.push({ key, cost });
    const now = (this.counts.get(key) ?? 0) + cost;
    if (now > limit) return Promise.resolve({ totalHits: now - cost, timeToExpire: 42, isBlocked: true, timeToBlockExpire: 42 });
    this.counts.set(key, now);
    return Promise.resolve({ totalHits: now, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
  }
}

const cfg: QuotasConfig = {
  requestsPerMinute: 100,
  submissionsPerMinute: 2,
  unfinishedSubmissions: 5,
  unfinishedRetryAfterS: 5,
  problemWritesPerHour: 1,
  exemptAdmin: true,
};

async function guardWith(limits: Partial<QuotasConfig> = {}) {
  const all = { ...cfg, ...limits };
  const storage = new FakeStorage();
  const roomAsked: number[] = [];
  const gate = { refuseIfNoRoom: (_c: Caller | undefined, n: number) => (roomAsked.push(n), Promise.resolve()) };
  const byName = { requests: all.requestsPerMinute, submissions: all.submissionsPerMinute, 'problem-writes': all.problemWritesPerHour };
  const options = {
    throttlers: Object.values(QUOTA_LIMITS).map((q) => ({ name: q.name, ttl: q.windowMs, limit: byName[q.name], blockDuration: 0 })),
  };
  const guard = new QuotaGuard(
    options,
    storage as unknown as RedisThrottlerStorage,
    new Reflector(),
    all,
    gate as unknown as UnfinishedSubmissionsGate,
  );
  await guard.onModuleInit();
  return { guard, storage, roomAsked };
}

function contextOf(route: keyof Routes, caller: Caller | undefined, body: unknown = {}, ip = '10.1.2.3') {
  const headers: Record<string, string> = {};
  const request = { ip, body, [CALLER_PROPERTY]: caller };
  const context = {
    getType: () => 'http',
    getHandler: () => Routes.prototype[route],
    getClass: () => Routes,
    switchToHttp: () => ({
      getRequest: () => request,
      getResponse: () => ({ setHeader: (name: string, value: string) => (headers[name] = value), header: () => undefined }),
    }),
  } as unknown as ExecutionContext;
  return { context, headers };
}

const key = (role: Role, id = 'a'.repeat(24)): Caller => ({ keyId: id, role, name: 'k', ip: '10.1.2.3' });

describe('QuotaGuard', () => {
  it('counts submissions per key on @SubmissionQuota routes only; the n+1th is a 429 with Retry-After naming the limit', async () => {
    const { guard, storage } = await guardWith();
    const submitter = key(Role.Submitter);
    await guard.canActivate(contextOf('read', submitter).context);
    await guard.canActivate(contextOf('submit', submitter).context);
    await guard.canActivate(contextOf('submit', submitter).context);
    const third = contextOf('submit', submitter);
    const refused = await guard.canActivate(third.context).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(QuotaExceededException);
    expect((refused as QuotaExceededException).getStatus()).toBe(429);
    expect((refused as QuotaExceededException).retryAfterSeconds).toBe(42);
    expect((refused as QuotaExceededException).message).toBe(
      'at most 2 submissions per minute per API key (QUOTA_SUBMISSIONS_PER_MINUTE); retry after 42 s',
    );
    expect(third.headers['Retry-After']).toBe('42');
    expect(storage.hits.filter((h) => h.key.startsWith('submissions:')).map((h) => h.key)).toEqual(
      Array(3).fill(`submissions:key:${'a'.repeat(24)}`),
    );
    // Another key is unaffected.
    await guard.canActivate(contextOf('submit', key(Role.Submitter, 'b'.repeat(24))).context);
  });

  it('counts a Judge0 batch per item, asks the unfinished cap for room for all of them, and counts open callers per IP', async () => {
    const { guard, storage, roomAsked } = await guardWith({ submissionsPerMinute: 10 });
    const open: Caller = { keyId: null, role: Role.Admin, name: 'open', ip: '127.0.0.9' };
    await guard.canActivate(contextOf('batch', open, { submissions: [{}, {}, {}] }, '127.0.0.9').context);
    expect(storage.hits.find((h) => h.key.startsWith('submissions:'))).toEqual({ key: 'submissions:ip:127.0.0.9', cost: 3 });
    expect(roomAsked).toEqual([3]);
  });

  it('counts problem writes on @ProblemWriteQuota routes and every request against the request rate; admin keys are exempt', async () => {
    const { guard, storage } = await guardWith({ requestsPerMinute: 3 });
    const setter = key(Role.Setter);
    await guard.canActivate(contextOf('createProblem', setter).context);
    await expect(guard.canActivate(contextOf('createProblem', setter).context)).rejects.toThrow(/QUOTA_PROBLEM_WRITES_PER_HOUR/);
    await guard.canActivate(contextOf('read', setter).context);
    await expect(guard.canActivate(contextOf('read', setter).context)).rejects.toThrow(
      /^at most 3 requests per minute per API key \(RATE_LIMIT_REQUESTS_PER_MINUTE\)/,
    );
    const before = storage.hits.length;
    for (let i = 0; i < 5; i++) await guard.canActivate(contextOf('createProblem', key(Role.Admin, 'c'.repeat(24))).context);
    expect(storage.hits.length).toBe(before);
  });

  it('with Redis unreachable lets the request rate through but answers a submission or problem write with 503', async () => {
    const { guard, storage } = await guardWith();
    storage.down = true;
    expect(await guard.canActivate(contextOf('read', key(Role.Submitter)).context)).toBe(true);
    await expect(guard.canActivate(contextOf('submit', key(Role.Submitter)).context)).rejects.toBeInstanceOf(DependencyUnavailableError);
    await expect(guard.canActivate(contextOf('createProblem', key(Role.Setter)).context)).rejects.toThrow(/Redis is unavailable/);
  });

  it('counts nothing for a limit of 0', async () => {
    const { guard, storage } = await guardWith({ requestsPerMinute: 0, submissionsPerMinute: 0 });
    for (let i = 0; i < 5; i++) await guard.canActivate(contextOf('submit', key(Role.Submitter)).context);
    expect(storage.hits).toEqual([]);
  });
});
