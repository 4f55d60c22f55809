import { describe, expect, it } from 'vitest';
import { collectEnvProblems } from './env-validation.js';
import { allowListEntry, WebhooksEnv } from './webhooks.config.js';

describe('webhooks configuration', () => {
  it('writes allow-list entries the way the URL parser writes hosts', () => {
    expect(['Hooks.Internal', ' 127.0.0.1 ', '0:0::1', '[FD00::0:1]', '::ffff:127.0.0.1'].map(allowListEntry)).toEqual([
      'hooks.internal',
      '127.0.0.1',
      '::1',
      'fd00::1',
      '::ffff:7f00:1',
    ]);
    expect(allowListEntry('::1')).toBe(new URL('http://[::1]/').hostname.slice(1, -1));
  });

  it('takes an empty secret (webhooks off) or one of 32+ characters, never naming its value', () => {
    expect(collectEnvProblems(WebhooksEnv, {})).toEqual([]);
    expect(collectEnvProblems(WebhooksEnv, { WEBHOOK_SECRET: 'a'.repeat(32) })).toEqual([]);
    expect(collectEnvProblems(WebhooksEnv, { WEBHOOK_ALLOWED_HOSTS: 'hooks.internal, 10.1.2.3 ,[::1]' })).toEqual([]);
    expect(collectEnvProblems(WebhooksEnv, { WEBHOOK_SECRET: 'too-short-hunter2' })).toEqual([
      'WEBHOOK_SECRET must be empty or 32 to 512 characters without spaces',
    ]);
    expect(
      collectEnvProblems(WebhooksEnv, { WEBHOOK_ALLOWED_HOSTS: 'a b', WEBHOOK_BACKOFF_BASE_MS: '5000', WEBHOOK_BACKOFF_MAX_MS: '1000' }),
    ).toEqual([
      'WEBHOOK_ALLOWED_HOSTS must be a comma-separated list of host names or IP addresses',
      'WEBHOOK_BACKOFF_BASE_MS must not be greater than WEBHOOK_BACKOFF_MAX_MS',
    ]);
  });
});
