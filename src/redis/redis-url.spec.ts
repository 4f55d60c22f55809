import { describe, expect, it } from 'vitest';
import { parseRedisUrl } from './redis-url.js';

describe('parseRedisUrl', () => {
  it('reads host, port and db, with defaults', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6390')).toEqual({ host: '127.0.0.1', port: 6390, db: 0 });
    expect(parseRedisUrl('redis://cache')).toEqual({ host: 'cache', port: 6379, db: 0 });
    expect(parseRedisUrl('redis://cache:7000/3')).toEqual({ host: 'cache', port: 7000, db: 3 });
  });

  it('reads credentials (percent-decoded), IPv6 hosts and TLS', () => {
    expect(parseRedisUrl('rediss://user:p%40ss@[::1]:6380/1')).toEqual({
      host: '::1',
      port: 6380,
      db: 1,
      username: 'user',
      password: 'p@ss',
      tls: {},
    });
    expect(parseRedisUrl('redis://:secret@host')).toMatchObject({ password: 'secret' });
  });

  it('refuses other schemes and bad db numbers', () => {
    expect(() => parseRedisUrl('http://host')).toThrow(/redis:\/\//);
    expect(() => parseRedisUrl('redis://host/x')).toThrow(/database/);
  });
});
