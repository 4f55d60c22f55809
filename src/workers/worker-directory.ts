import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { WorkerState, workerStatusPattern, type WorkerStatus } from '../../libs/contracts/index.js';
import { callDependency } from '../common/dependency-errors.js';
import { redisConfig, type RedisConfig } from '../config/redis.config.js';
import { REDIS_CLIENT } from '../redis/redis.tokens.js';

/** Most worker statuses read (a bound on one request's work; a fleet larger than this is cut). */
export const MAX_WORKERS_LISTED = 1000;
/** Keys asked per SCAN step. */
const SCAN_COUNT = 200;

function isWorkerStatus(value: unknown): value is WorkerStatus {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<WorkerStatus>;
  return (
    typeof v.workerId === 'string' &&
    typeof v.host === 'string' &&
    typeof v.pid === 'number' &&
    Object.values(WorkerState).includes(v.state as WorkerState) &&
    typeof v.slots === 'number' &&
    (v.slotCpus === null || Array.isArray(v.slotCpus)) &&
    typeof v.limitsScaledBySpeed === 'boolean' &&
    typeof v.busySlots === 'number' &&
    typeof v.jobsDone === 'number' &&
    Array.isArray(v.languages) &&
    typeof v.startedAt === 'string' &&
    typeof v.lastSeenAt === 'string'
  );
}

/**
 * The workers alive now, from their heartbeats (WorkerStatus keys under the queue prefix, which
 * expire WORKER_STATUS_TTL_MS after a worker's last beat). Read on every call, never cached: an
 * operator asking why nothing is judged must see the present.
 */
@Injectable()
export class WorkerDirectory {
  private readonly logger = new Logger('WorkerDirectory');

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Pick<Redis, 'scan' | 'mget'>,
    @Inject(redisConfig.KEY) private readonly cfg: Pick<RedisConfig, 'queuePrefix'>,
  ) {}

  /**
   * Every live worker's status, sorted by host then pid; at most MAX_WORKERS_LISTED. A key
   * that is not a WorkerStatus (written by something else) is skipped and logged.
   * @throws DependencyUnavailableError('Redis') when Redis does not answer.
   */
  async list(): Promise<WorkerStatus[]> {
    return callDependency('Redis', 'listing the workers', async () => {
      const keys = await this.scanKeys();
      if (keys.length === 0) return [];
      const values = await this.redis.mget(...keys);
      const statuses: WorkerStatus[] = [];
      for (const [i, raw] of values.entries()) {
        if (raw === null) continue; // expired between SCAN and MGET
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw);
        } catch {
          parsed = undefined;
        }
        if (isWorkerStatus(parsed)) statuses.push(parsed);
        else this.logger.warn({ key: keys[i] }, 'a worker status key does not hold a WorkerStatus; skipped');
      }
      return statuses.sort((a, b) => a.host.localeCompare(b.host) || a.pid - b.pid);
    });
  }

  private async scanKeys(): Promise<string[]> {
    const pattern = workerStatusPattern(this.cfg.queuePrefix);
    const keys = new Set<string>();
    let cursor = '0';
    do {
      const [next, batch] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT);
      for (const key of batch) if (keys.size < MAX_WORKERS_LISTED) keys.add(key);
      cursor = next;
    } while (cursor !== '0' && keys.size < MAX_WORKERS_LISTED);
    return [...keys];
  }
}
