import { describe, expect, it } from 'vitest';
import { AppEnv } from './app.config.js';
import { collectEnvProblems, EnvValidationError, parseEnv } from './env-validation.js';
import { JudgeLimitsEnv } from './judge-limits.config.js';
import { MongoEnv } from './mongo.config.js';
import { RedisEnv } from './redis.config.js';

describe('environment validation', () => {
  it('fills defaults and converts numbers; an empty string counts as unset', () => {
    expect(parseEnv(AppEnv, {})).toMatchObject({ PORT: 3000, BODY_LIMIT_BYTES: 16777216, LOG_LEVEL: 'info' });
    expect(parseEnv(AppEnv, { PORT: '8080', LOG_LEVEL: 'debug', BODY_LIMIT_BYTES: '' })).toMatchObject({
      PORT: 8080,
      LOG_LEVEL: 'debug',
      BODY_LIMIT_BYTES: 16777216,
    });
    expect(parseEnv(RedisEnv, {})).toMatchObject({ REDIS_URL: 'redis://127.0.0.1:6379', QUEUE_PREFIX: 'verdict' });
    expect(parseEnv(MongoEnv, {}).MONGO_URI).toBe('mongodb://127.0.0.1:27017/verdict');
    expect(parseEnv(JudgeLimitsEnv, {})).toMatchObject({
      MAX_SOURCE_BYTES: 65536,
      MAX_TEST_CASES: 100,
      MAX_TEST_DATA_BYTES: 8388608,
      DEFAULT_CPU_TIME_MS: 2000,
      MAX_CPU_TIME_MS: 10000,
      DEFAULT_WALL_TIME_MS: 0,
      MAX_WALL_TIME_MS: 30000,
      DEFAULT_MEMORY_KIB: 262144,
      MAX_MEMORY_KIB: 1048576,
      DEFAULT_OUTPUT_KIB: 16384,
      MAX_OUTPUT_KIB: 65536,
    });
  });

  it('names every invalid variable and its rule, never its value', () => {
    const problems = collectEnvProblems(AppEnv, { PORT: 'eighty', LOG_LEVEL: 'loud', BODY_LIMIT_BYTES: '1' });
    expect(problems).toEqual(
      expect.arrayContaining([
        'PORT must be an integer number',
        'LOG_LEVEL must be one of: fatal, error, warn, info, debug, trace, silent',
        'BODY_LIMIT_BYTES must not be less than 1024',
      ]),
    );
    expect(collectEnvProblems(RedisEnv, { REDIS_URL: 'http://secret@host', QUEUE_PREFIX: 'a b' })).toEqual([
      'REDIS_URL must be a redis:// or rediss:// URL',
      'QUEUE_PREFIX must be 1 to 64 characters from A-Z a-z 0-9 _ . -, optionally starting with a Redis Cluster hash tag such as {verdict}',
    ]);
    expect(collectEnvProblems(MongoEnv, { MONGO_URI: 'postgres://x' })).toEqual(['MONGO_URI must be a mongodb:// or mongodb+srv:// URI']);
    expect(() => parseEnv(RedisEnv, { REDIS_URL: 'http://user:hunter2@host' })).toThrow(EnvValidationError);
    expect(() => parseEnv(RedisEnv, { REDIS_URL: 'http://user:hunter2@host' })).not.toThrow(/hunter2/);
  });

  it('refuses a default above its maximum', () => {
    expect(collectEnvProblems(JudgeLimitsEnv, { DEFAULT_CPU_TIME_MS: '20000' })).toEqual([
      'DEFAULT_CPU_TIME_MS must not be greater than MAX_CPU_TIME_MS',
    ]);
    expect(collectEnvProblems(JudgeLimitsEnv, { MAX_MEMORY_KIB: '1000' })).toEqual([
      'DEFAULT_MEMORY_KIB must not be greater than MAX_MEMORY_KIB',
    ]);
    expect(collectEnvProblems(JudgeLimitsEnv, { DEFAULT_WALL_TIME_MS: '5000', MAX_WALL_TIME_MS: '4000' })).toEqual([
      'DEFAULT_WALL_TIME_MS must not be greater than MAX_WALL_TIME_MS',
    ]);
  });
});
