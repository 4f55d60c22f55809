import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { WORKER_HEARTBEAT_MS, WORKER_STATUS_TTL_MS, WorkerState, workerStatusKey, type WorkerStatus } from '../../libs/contracts/index.js';
import { redisConfig, type RedisConfig } from '../config/redis.config.js';
import { sandboxConfig, type SandboxConfig } from '../config/sandbox.config.js';
import { REDIS_CLIENT } from '../redis/redis.tokens.js';
import type { Sandbox } from '../../libs/sandbox/index.js';
import { LanguageRegistry } from './languages/language-registry.js';
import { SANDBOX } from './sandbox.provider.js';
import { WORKER_SPEED } from './speed/worker-speed.provider.js';
import type { WorkerSpeed } from './speed/worker-speed.js';

/**
 * This worker's heartbeat (libs/contracts WorkerStatus): stored in Redis every
 * WORKER_HEARTBEAT_MS with a WORKER_STATUS_TTL_MS expiry from module init on (state `starting`
 * while the compiler caches warm up), `ready` once the processor takes jobs, `draining` while it
 * shuts down, and deleted just before the Redis connections close. Counts busy slots and ended
 * jobs for `GET /workers`.
 *
 * A heartbeat never fails anything: a write that fails (Redis down) is logged once per outage and
 * the next beat tries again.
 */
@Injectable()
export class WorkerHeartbeat implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('WorkerHeartbeat');
  private readonly key: string;
  private readonly status: WorkerStatus;
  private timer: NodeJS.Timeout | undefined;
  private failing = false;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Pick<Redis, 'set' | 'del'>,
    @Inject(redisConfig.KEY) redisCfg: Pick<RedisConfig, 'queuePrefix'>,
    @Inject(sandboxConfig.KEY) sandboxCfg: Pick<SandboxConfig, 'concurrency'>,
    languages: LanguageRegistry,
    @Inject(SANDBOX) sandbox: Pick<Sandbox, 'slotCpus'>,
    @Inject(WORKER_SPEED) speed: WorkerSpeed,
  ) {
    const host = hostname();
    const startedAt = new Date().toISOString();
    const workerId = `${host}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.key = workerStatusKey(redisCfg.queuePrefix, workerId);
    this.status = {
      workerId,
      host,
      pid: process.pid,
      state: WorkerState.Starting,
      slots: sandboxCfg.concurrency,
      slotCpus: sandbox.slotCpus ? [...sandbox.slotCpus] : null,
      speedFactor: speed.factor,
      speedBenchmarkMs: speed.benchmarkMs,
      limitsScaledBySpeed: speed.scalesLimits,
      busySlots: 0,
      jobsDone: 0,
      languages: languages.list(),
      startedAt,
      lastSeenAt: startedAt,
    };
  }

  /** Jobs being judged now, and jobs ended since start (for the shutdown line). */
  get counts(): { busySlots: number; jobsDone: number } {
    return { busySlots: this.status.busySlots, jobsDone: this.status.jobsDone };
  }

  /** This worker's id as `GET /workers` shows it. */
  get workerId(): string {
    return this.status.workerId;
  }

  onModuleInit(): void {
    void this.beat();
    this.timer = setInterval(() => void this.beat(), WORKER_HEARTBEAT_MS);
    this.timer.unref();
  }

  /** The processor takes jobs now; stored at once. */
  ready(): void {
    this.status.state = WorkerState.Ready;
    void this.beat();
  }

  /** The processor stopped taking jobs; stored at once. */
  draining(): void {
    this.status.state = WorkerState.Draining;
    void this.beat();
  }

  /** A job started on one of the slots. */
  jobStarted(): void {
    this.status.busySlots += 1;
  }

  /** A job ended (whatever its outcome). */
  jobEnded(): void {
    this.status.busySlots = Math.max(0, this.status.busySlots - 1);
    this.status.jobsDone += 1;
  }

  /** Stops beating and removes the status (best effort) before the Redis connections close. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    try {
      await this.redis.del(this.key);
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'could not delete the worker status; it expires by itself');
    }
  }

  private async beat(): Promise<void> {
    this.status.lastSeenAt = new Date().toISOString();
    try {
      await this.redis.set(this.key, JSON.stringify(this.status), 'PX', WORKER_STATUS_TTL_MS);
      if (this.failing) this.logger.log('worker status stored again');
      this.failing = false;
    } catch (err) {
      if (!this.failing) this.logger.warn({ err: (err as Error).message }, 'could not store the worker status; retrying every beat');
      this.failing = true;
    }
  }
}
