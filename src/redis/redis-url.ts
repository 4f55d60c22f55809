import type { RedisOptions } from 'ioredis';

/** Connection settings read from a `redis://` or `rediss://` URL, in ioredis's option names. */
export type RedisConnectionOptions = Pick<RedisOptions, 'host' | 'port' | 'username' | 'password' | 'db' | 'tls'>;

/**
 * Parses `redis://[[user]:password@]host[:port][/db]` (or `rediss://` for TLS).
 * Port defaults to 6379 and db to 0.
 * @throws Error when the URL cannot be parsed or the db is not a non-negative integer
 *   (config validation has normally rejected such a REDIS_URL already).
 */
export function parseRedisUrl(url: string): RedisConnectionOptions {
  const parsed = new URL(url);
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new Error(`REDIS_URL must use redis:// or rediss://, got ${parsed.protocol}//`);
  }
  const dbPath = parsed.pathname.replace(/^\//, '');
  const db = dbPath === '' ? 0 : Number(dbPath);
  if (!Number.isInteger(db) || db < 0) throw new Error('REDIS_URL database (the path) must be a non-negative integer');
  const options: RedisConnectionOptions = {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    db,
  };
  if (parsed.username) options.username = decodeURIComponent(parsed.username);
  if (parsed.password) options.password = decodeURIComponent(parsed.password);
  if (parsed.protocol === 'rediss:') options.tls = {};
  return options;
}
