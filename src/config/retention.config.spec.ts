import { afterEach, describe, expect, it } from 'vitest';
import { collectEnvProblems } from './env-validation.js';
import { retentionConfig, RetentionEnv } from './retention.config.js';

const KEYS = ['RETENTION_OUTPUT_DAYS', 'RETENTION_SUBMISSION_DAYS', 'RETENTION_OUTPUT_MS', 'RETENTION_SUBMISSION_MS'] as const;

describe('retention configuration', () => {
  afterEach(() => {
    for (const key of KEYS) delete process.env[key];
  });

  it('keeps everything by default (0 days: null ages)', () => {
    expect(retentionConfig()).toMatchObject({ outputMs: null, submissionMs: null });
  });

  it('turns days into ms; the *_MS variables win when above 0', () => {
    Object.assign(process.env, { RETENTION_OUTPUT_DAYS: '7', RETENTION_SUBMISSION_DAYS: '30', RETENTION_SUBMISSION_MS: '1500' });
    expect(retentionConfig()).toMatchObject({ outputMs: 7 * 86_400_000, submissionMs: 1500 });
  });

  it('refuses negative ages and a sweep interval under 100 ms, naming the variable', () => {
    const problems = collectEnvProblems(RetentionEnv, { RETENTION_OUTPUT_DAYS: '-1', RETENTION_SWEEP_INTERVAL_MS: '5' });
    expect(problems.join('\n')).toMatch(/RETENTION_OUTPUT_DAYS/);
    expect(problems.join('\n')).toMatch(/RETENTION_SWEEP_INTERVAL_MS/);
  });
});
