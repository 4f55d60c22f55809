import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import { quotasConfig, type QuotasConfig } from '../config/quotas.config.js';
import { redisConfig, type RedisConfig } from '../config/redis.config.js';
import { REFUSED_REQUESTS_LIMITER } from '../auth/refused-requests.limiter.js';
import { SubmissionsPersistenceModule } from '../persistence/submissions/submissions-persistence.module.js';
import { RedisModule } from '../redis/redis.module.js';
import { REDIS_CLIENT } from '../redis/redis.tokens.js';
import { QUOTA_LIMITS, QuotaName } from './quota-limits.js';
import { QuotaGuard } from './quota.guard.js';
import { RedisThrottlerStorage } from './redis-throttler.storage.js';
import { RefusedRequestsCounter } from './refused-requests.counter.js';
import { UnfinishedSubmissionsGate } from './unfinished-submissions.gate.js';

/** The configured limit of each counted quota (0: off). */
function limitsOf(cfg: QuotasConfig): Record<QuotaName, number> {
  return {
    [QuotaName.Requests]: cfg.requestsPerMinute,
    [QuotaName.Submissions]: cfg.submissionsPerMinute,
    [QuotaName.ProblemWrites]: cfg.problemWritesPerHour,
  };
}

/**
 * Per-key quotas and rate limits of the API process (docs/quotas.md): @nestjs/throttler with its
 * counts in Redis (`<QUEUE_PREFIX>:quota:*`, shared by the API processes of one deployment), the
 * global QuotaGuard (import this module after the authentication module, whose guard must run
 * first), and UnfinishedSubmissionsGate for the submissions endpoints. Global only for the
 * RefusedRequestsLimiter it provides to the authentication guard and the Socket.IO handshake (which
 * cannot import this module: it imports theirs).
 */
@Global()
@Module({
  imports: [
    SubmissionsPersistenceModule,
    ThrottlerModule.forRootAsync({
      imports: [RedisModule],
      inject: [quotasConfig.KEY, redisConfig.KEY, REDIS_CLIENT],
      useFactory: (cfg: QuotasConfig, redis: RedisConfig, client: Redis) => {
        const limits = limitsOf(cfg);
        return {
          // blockDuration 0: a refused caller may try again when the window's count resets.
          throttlers: Object.values(QUOTA_LIMITS).map((q) => ({ name: q.name, ttl: q.windowMs, limit: limits[q.name], blockDuration: 0 })),
          storage: new RedisThrottlerStorage(client, `${redis.queuePrefix}:quota`),
        };
      },
    }),
  ],
  providers: [
    UnfinishedSubmissionsGate,
    { provide: APP_GUARD, useClass: QuotaGuard },
    { provide: REFUSED_REQUESTS_LIMITER, useClass: RefusedRequestsCounter },
  ],
  exports: [UnfinishedSubmissionsGate, REFUSED_REQUESTS_LIMITER],
})
export class QuotasModule {}
