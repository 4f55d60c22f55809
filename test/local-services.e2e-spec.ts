import net from 'node:net';
import { randomUUID } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import { ensureServices, type LocalServices } from '../scripts/local-services.mjs';

const SERVICE_VARS = ['REDIS_URL', 'MONGO_URI'] as const;

/** Runs fn with REDIS_URL / MONGO_URI replaced (undefined = removed), restoring them afterwards. */
async function withServiceEnv<T>(values: Record<(typeof SERVICE_VARS)[number], string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(SERVICE_VARS.map((k) => [k, process.env[k]]));
  try {
    for (const k of SERVICE_VARS) {
      if (values[k] === undefined) delete process.env[k];
      else process.env[k] = values[k];
    }
    return await fn();
  } finally {
    for (const k of SERVICE_VARS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
}

function portOf(url: string): number {
  const port = Number(new URL(url).port);
  expect(port).toBeGreaterThan(0);
  return port;
}

/** Resolves with the connect error code, or 'connected' if something still listens on the port. */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(2_000, () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.on('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

describe('scripts/local-services.mjs', () => {
  it('starts a working Redis and MongoDB-compatible server, and stop() shuts both down', async () => {
    const services: LocalServices = await withServiceEnv({ REDIS_URL: undefined, MONGO_URI: undefined }, () =>
      ensureServices({ quiet: true }),
    );
    let redisPort: number;
    let mongoPort: number;
    try {
      expect(services.redisUrl).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      expect(services.mongoUri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/verdict$/);
      redisPort = portOf(services.redisUrl);
      mongoPort = portOf(services.mongoUri);

      const redis = new Redis(services.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
      try {
        await redis.connect();
        expect(await redis.ping()).toBe('PONG');
        const value = randomUUID();
        expect(await redis.set('local-services:probe', value)).toBe('OK');
        expect(await redis.get('local-services:probe')).toBe(value);
      } finally {
        redis.disconnect();
      }

      const mongo = new MongoClient(services.mongoUri, { serverSelectionTimeoutMS: 5_000 });
      try {
        await mongo.connect();
        const db = mongo.db(); // the database named in the URI
        expect(db.databaseName).toBe('verdict');
        const probe = { _id: randomUUID(), text: 'naïve ✓', n: 42 };
        await db.collection<typeof probe>('probes').insertOne(probe);
        expect(await db.collection<typeof probe>('probes').findOne({ _id: probe._id })).toEqual(probe);
      } finally {
        await mongo.close();
      }
    } finally {
      await services.stop();
    }

    expect(await tryConnect(redisPort)).toBe('ECONNREFUSED');
    expect(await tryConnect(mongoPort)).toBe('ECONNREFUSED');
    await services.stop(); // idempotent
  });

  it('uses REDIS_URL and MONGO_URI from the environment without starting anything', async () => {
    const redisUrl = 'redis://redis.invalid:6379';
    const mongoUri = 'mongodb://mongo.invalid:27017/verdict';
    const services = await withServiceEnv({ REDIS_URL: redisUrl, MONGO_URI: mongoUri }, () => ensureServices({ quiet: true }));
    expect(services.redisUrl).toBe(redisUrl);
    expect(services.mongoUri).toBe(mongoUri);
    await services.stop();
  });
});
