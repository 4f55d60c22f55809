import { describe, expect, it } from 'vitest';
import { parseEnv } from './env-validation.js';
import { AuthEnv, isLoopbackHost } from './auth.config.js';

describe('auth config', () => {
  it('knows loopback addresses from the others', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1'])
      expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.2', 'example.org', '128.0.0.1'])
      expect(isLoopbackHost(host), host).toBe(false);
  });

  it('defaults to loopback and auto', () => {
    const env = parseEnv(AuthEnv, {});
    expect(env.HOST).toBe('127.0.0.1');
    expect(env.AUTH_MODE).toBe('auto');
  });

  it('refuses an unknown AUTH_MODE naming it', () => {
    expect(() => parseEnv(AuthEnv, { AUTH_MODE: 'maybe' })).toThrow(/AUTH_MODE must be one of: auto, on, off/);
  });
});
