import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { redisConfig, type RedisConfig } from '../config/redis.config.js';
import { parseRedisUrl } from './redis-url.js';

/** Time to establish a TCP connection to Redis, ms. */
export const REDIS_CONNECT_TIMEOUT_MS = 2000;

/**
 * Creates the process's ioredis connections from REDIS_URL and closes them all on shutdown.
 * Every client logs connection loss and recovery once per transition (not once per retry).
 * Reconnection is retried forever with a delay growing to 2 s.
 */
@Injectable()
export class RedisClientFactory implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private readonly clients = new Set<Redis>();

  constructor(@Inject(redisConfig.KEY) private readonly config: RedisConfig) {}

  /**
   * Opens a new connection (connecting starts at once).
   * @param name connection name shown in logs and in Redis `CLIENT LIST`, e.g. `commands`, `events-subscriber`.
   * @param overrides ioredis options that replace the defaults (offline queue, retries, timeouts).
   */
  create(name: string, overrides: RedisOptions = {}): Redis {
    const client = new Redis({
      ...parseRedisUrl(this.config.url),
      connectionName: `verdict-${name}`,
      connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
      ...overrides,
    });
    let down = false;
    client.on('error', (err: Error) => {
      if (!down) this.logger.warn({ connection: name, err: { name: err.name, message: err.message } }, 'Redis connection error');
      down = true;
    });
    client.on('ready', () => {
      if (down) this.logger.log({ connection: name }, 'Redis connection restored');
      down = false;
    });
    this.clients.add(client);
    return client;
  }

  /** Closes every connection created here: QUIT when connected, else disconnect at once. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      [...this.clients].map(async (client) => {
        try {
          if (client.status === 'ready') await client.quit();
          else client.disconnect();
        } catch {
          client.disconnect();
        }
      }),
    );
    this.clients.clear();
  }
}
