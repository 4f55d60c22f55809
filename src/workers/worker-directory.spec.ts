import { describe, expect, it } from 'vitest';
import { WorkerState, type WorkerStatus } from '../../libs/contracts/index.js';
import { DependencyUnavailableError } from '../common/dependency-unavailable.error.js';
import { WorkerDirectory } from './worker-directory.js';

function status(host: string, pid: number): WorkerStatus {
  const at = new Date().toISOString();
  return {
    workerId: `${host}:${pid}:aa`,
    host,
    pid,
    state: WorkerState.Ready,
    slots: 2,
    slotCpus: [0, 1],
    speedFactor: 1,
    speedBenchmarkMs: 87,
    limitsScaledBySpeed: false,
    busySlots: 0,
    jobsDone: 0,
    languages: [],
    startedAt: at,
    lastSeenAt: at,
  };
}

/** A Redis holding `entries`, returned by SCAN two keys per step. */
function fakeRedis(entries: Record<string, string | null>) {
  const keys = Object.keys(entries);
  return {
    scan: async (cursor: string, _m: 'MATCH', pattern: string) => {
      const at = Number(cursor);
      const prefix = pattern.slice(0, -1);
      const batch = keys.slice(at, at + 2).filter((k) => k.startsWith(prefix));
      const next = at + 2 >= keys.length ? '0' : String(at + 2);
      return [next, batch] as [string, string[]];
    },
    mget: async (...asked: string[]) => asked.map((k) => entries[k] ?? null),
  };
}

describe('WorkerDirectory', () => {
  it('lists every stored status of its prefix, sorted by host and pid, skipping expired and foreign values', async () => {
    const redis = fakeRedis({
      'p:workers:b:2:aa': JSON.stringify(status('b', 2)),
      'p:workers:a:9:aa': JSON.stringify(status('a', 9)),
      'p:workers:junk': 'not json',
      'p:workers:gone': null,
      'p:workers:a:3:aa': JSON.stringify(status('a', 3)),
      'q:workers:z:1:aa': JSON.stringify(status('z', 1)),
    });
    const list = await new WorkerDirectory(redis as never, { queuePrefix: 'p' }).list();
    expect(list.map((w) => `${w.host}:${w.pid}`)).toEqual(['a:3', 'a:9', 'b:2']);
  });

  it('Redis down is DependencyUnavailableError', async () => {
    const redis = {
      scan: async () => {
        throw new Error('Connection is closed.');
      },
      mget: async () => [],
    };
    await expect(new WorkerDirectory(redis as never, { queuePrefix: 'p' }).list()).rejects.toBeInstanceOf(DependencyUnavailableError);
  });
});
