import { describe, expect, it } from 'vitest';
import { collectEnvProblems, parseEnv } from './env-validation.js';
import { RedisEnv } from './redis.config.js';

describe('QUEUE_PREFIX', () => {
  it('accepts a plain prefix and one that starts with a Redis Cluster hash tag', () => {
    for (const prefix of ['verdict', 'prod.verdict-2', '{verdict}', '{verdict}.prod', 'a'.repeat(64), `{${'a'.repeat(62)}}`]) {
      expect(parseEnv(RedisEnv, { QUEUE_PREFIX: prefix }).QUEUE_PREFIX).toBe(prefix);
    }
  });

  it('refuses braces anywhere but around a leading, non-empty tag, other characters, and more than 64 characters', () => {
    for (const prefix of [
      '{}',
      '{}verdict',
      'verdict{x}',
      '{a}{b}',
      '{verdict',
      'verdict}',
      '{{verdict}}',
      'a b',
      'verdict:x',
      '*',
      'a'.repeat(65),
      `{${'a'.repeat(63)}}`,
    ]) {
      expect(collectEnvProblems(RedisEnv, { QUEUE_PREFIX: prefix }), prefix).toEqual([
        'QUEUE_PREFIX must be 1 to 64 characters from A-Z a-z 0-9 _ . -, optionally starting with a Redis Cluster hash tag such as {verdict}',
      ]);
    }
  });
});
