import { describe, expect, it } from 'vitest';
import { WORKER_STATUS_TTL_MS, WorkerState, type WorkerStatus } from '../../libs/contracts/index.js';
import { WorkerHeartbeat } from './worker-heartbeat.service.js';
import type { LanguageRegistry } from './languages/language-registry.js';

function fakeRedis({ fail = false } = {}) {
  const writes: { key: string; status: WorkerStatus; ttlMs: number }[] = [];
  const deleted: string[] = [];
  return {
    writes,
    deleted,
    set: async (key: string, value: string, _px: 'PX', ttlMs: number) => {
      if (fail) throw new Error('Connection is closed.');
      writes.push({ key, status: JSON.parse(value) as WorkerStatus, ttlMs });
      return 'OK' as const;
    },
    del: async (key: string) => {
      if (fail) throw new Error('Connection is closed.');
      deleted.push(key);
      return 1;
    },
  };
}

const languages = { list: () => [{ id: 'c', name: 'C', version: 'gcc 12' }] } as unknown as LanguageRegistry;
const SPEED = { factor: 1.25, benchmarkMs: 69.6, scalesLimits: false };
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('WorkerHeartbeat', () => {
  it('stores starting, then ready, then draining, with the TTL, and deletes its key at shutdown', async () => {
    const redis = fakeRedis();
    const heartbeat = new WorkerHeartbeat(
      redis as never,
      { queuePrefix: 'p' },
      { concurrency: 3 },
      languages,
      { slotCpus: [0, 1, 2] },
      SPEED,
    );
    heartbeat.onModuleInit();
    await flush();
    heartbeat.ready();
    await flush();
    heartbeat.draining();
    await flush();
    await heartbeat.beforeApplicationShutdown();
    expect(redis.writes.map((w) => w.status.state)).toEqual([WorkerState.Starting, WorkerState.Ready, WorkerState.Draining]);
    expect(new Set(redis.writes.map((w) => w.key))).toEqual(new Set([`p:workers:${heartbeat.workerId}`]));
    expect(redis.writes.every((w) => w.ttlMs === WORKER_STATUS_TTL_MS)).toBe(true);
    expect(redis.writes[0].status).toMatchObject({
      pid: process.pid,
      slots: 3,
      slotCpus: [0, 1, 2],
      speedFactor: 1.25,
      speedBenchmarkMs: 69.6,
      limitsScaledBySpeed: false,
      busySlots: 0,
      jobsDone: 0,
      languages: languages.list(),
    });
    expect(redis.deleted).toEqual([`p:workers:${heartbeat.workerId}`]);
  });

  it('counts busy slots and ended jobs', async () => {
    const redis = fakeRedis();
    const heartbeat = new WorkerHeartbeat(redis as never, { queuePrefix: 'p' }, { concurrency: 2 }, languages, { slotCpus: null }, SPEED);
    heartbeat.jobStarted();
    heartbeat.jobStarted();
    heartbeat.jobEnded();
    heartbeat.ready();
    await flush();
    expect(redis.writes.at(-1)?.status).toMatchObject({ busySlots: 1, jobsDone: 1 });
    await heartbeat.beforeApplicationShutdown();
  });

  it('never throws when Redis is down, neither beating nor at shutdown', async () => {
    const heartbeat = new WorkerHeartbeat(
      fakeRedis({ fail: true }) as never,
      { queuePrefix: 'p' },
      { concurrency: 1 },
      languages,
      {
        slotCpus: null,
      },
      SPEED,
    );
    heartbeat.onModuleInit();
    heartbeat.ready();
    await flush();
    await expect(heartbeat.beforeApplicationShutdown()).resolves.toBeUndefined();
  });
});
