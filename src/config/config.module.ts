import type { DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { appConfig } from './app.config.js';
import { authConfig } from './auth.config.js';
import type { AnyValidatedConfig } from './define-config.js';
import { collectEnvProblems, EnvValidationError } from './env-validation.js';
import { eventsConfig } from './events.config.js';
import { judge0Config } from './judge0.config.js';
import { judgeLimitsConfig } from './judge-limits.config.js';
import { metricsConfig } from './metrics.config.js';
import { mongoConfig } from './mongo.config.js';
import { problemsConfig } from './problems.config.js';
import { queueConfig } from './queue.config.js';
import { quotasConfig } from './quotas.config.js';
import { redisConfig } from './redis.config.js';
import { retentionConfig } from './retention.config.js';
import { submissionWaitConfig } from './submission-wait.config.js';
import { webhooksConfig } from './webhooks.config.js';

/**
 * Namespaces both processes load: app, auth (the API's listen address and keys; the worker ignores it), redis, mongo,
 * judgeLimits, problems, queue, judge0, webhooks, metrics, events, submissionWait, retention, quotas.
 */
export const SHARED_CONFIG: readonly AnyValidatedConfig[] = [
  appConfig,
  authConfig,
  redisConfig,
  mongoConfig,
  judgeLimitsConfig,
  problemsConfig,
  queueConfig,
  judge0Config,
  webhooksConfig,
  metricsConfig,
  eventsConfig,
  submissionWaitConfig,
  retentionConfig,
  quotasConfig,
];

/**
 * Builds the global `ConfigModule` for a process: the shared namespaces plus `extra`
 * (the worker adds its sandbox namespace). Every namespace's variables are validated
 * together before any provider starts, so one run reports every bad variable.
 * Reads `.env` in the working directory if present; real environment variables win.
 * @throws EnvValidationError (the returned promise rejects, so bootstrap stops) naming each invalid variable.
 */
export function createConfigModule(...extra: AnyValidatedConfig[]): Promise<DynamicModule> {
  const namespaces = [...SHARED_CONFIG, ...extra];
  return ConfigModule.forRoot({
    isGlobal: true,
    cache: true,
    load: namespaces,
    validate: (env) => {
      const problems = namespaces.flatMap((ns) => collectEnvProblems(ns.envClass, env));
      if (problems.length > 0) throw new EnvValidationError(problems);
      return env;
    },
  });
}
