import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import { callDependency, guardConnectivity } from '../../common/dependency-errors.js';
import { acquireRedisLease, type RedisLease } from '../../redis/redis-lease.js';
import { REDIS_CLIENT } from '../../redis/redis.tokens.js';

/**
 * How long one holder may keep a document's write lock, ms: longer than any single write takes on a
 * loaded server, short enough that a holder that died mid-write blocks the document only briefly.
 */
const LOCK_TTL_MS = 10_000;

/** How long a writer waits for the lock before its write fails (and its job is retried), ms: past one TTL. */
const LOCK_WAIT_MS = LOCK_TTL_MS + 2_000;

/** Pause between two tries to take a held lock, ms (with up to as much again of jitter). */
const RETRY_PAUSE_MS = 2;

/**
 * Makes the conditional writes of one document mutually exclusive across every process, where the
 * MongoDB-compatible server does not apply a filtered update atomically.
 *
 * MongoDB applies `findOneAndUpdate(filter, update)` atomically per document: of two writers whose
 * filters both matched the old document, only the first one's update applies. FerretDB 1.24 over
 * SQLite does not: it reads the document, then writes the updated one outside a transaction
 * (FerretDB issue #3040, "SQLite handler also does not handle update in a transaction"), so both
 * writers succeed. Measured on this project's FerretDB: 8 concurrent `{attempt: 0}` → `$inc attempt`
 * updates of one document had more than one winner in 19 of 20 rounds. The judging fences
 * (a stale judging attempt's writes match nothing) rely on that atomicity; without it two workers
 * could both store a verdict of one submission.
 *
 * So on such a server every conditional write of a document runs under a Redis lease of its own
 * (`verdict:write-lock:<collection>:<id>`), taken with SET NX PX and freed by token; on MongoDB the
 * write runs as is. Which server it is comes from `buildInfo` (FerretDB reports `ferretdbVersion`),
 * asked once per process.
 */
@Injectable()
export class DocumentWriteLock {
  private needed: Promise<boolean> | null = null;

  constructor(
    @InjectConnection() private readonly connection: Connection,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
  ) {}

  /**
   * Runs `write` (one conditional write of document `id` of `collection`) holding that document's
   * lock where the server needs it.
   * @param what the write, for errors ("saving the verdict").
   * @returns what `write` returns.
   * @throws whatever `write` throws; DependencyUnavailableError('Redis') when the lock cannot be taken
   *   (Redis unreachable); an Error when another holder kept it for LOCK_WAIT_MS;
   *   DependencyUnavailableError('MongoDB') when the server could not be asked what it is.
   */
  async run<T>(collection: string, id: string, what: string, write: () => Promise<T>): Promise<T> {
    if (!(await this.isNeeded())) return write();
    const lease = await this.take(`verdict:write-lock:${collection}:${id}`, what);
    try {
      return await write();
    } finally {
      // The lease expires by itself if Redis went away meanwhile.
      await lease.release().catch(() => undefined);
    }
  }

  /**
   * Whether this server's conditional writes run under the lock (FerretDB; see the class), so that a
   * writer holding it may read the document, check its condition and write it by `_id` alone.
   * @throws DependencyUnavailableError('MongoDB') when the server could not be asked what it is.
   */
  serializes(): Promise<boolean> {
    return this.isNeeded();
  }

  /** Whether the server needs the lock: FerretDB, whose filtered updates are not atomic (see the class). Asked once; asked again after a failure. */
  private isNeeded(): Promise<boolean> {
    this.needed ??= guardConnectivity('MongoDB', 'asking the MongoDB server what it is', async () => {
      const db = this.connection.db;
      if (!db) throw new Error('the MongoDB connection is not open');
      const info = await db.admin().command({ buildInfo: 1 });
      return typeof info['ferretdbVersion'] === 'string';
    }).catch((error: unknown) => {
      this.needed = null;
      throw error;
    });
    return this.needed;
  }

  private async take(key: string, what: string): Promise<RedisLease> {
    const deadline = performance.now() + LOCK_WAIT_MS;
    for (;;) {
      const lease = await callDependency('Redis', `taking the write lock for ${what}`, () =>
        acquireRedisLease(this.redis, key, LOCK_TTL_MS),
      );
      if (lease) return lease;
      if (performance.now() > deadline) throw new Error(`${what}: the document's write lock was held for more than ${LOCK_WAIT_MS} ms`);
      await sleep(RETRY_PAUSE_MS + Math.random() * RETRY_PAUSE_MS);
    }
  }
}
