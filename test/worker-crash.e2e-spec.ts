/**
 * A worker SIGKILLed mid-judging loses nothing: its run dies with it, another worker judges the
 * submission again once the job's lock expires, and exactly one final result is stored. And a
 * live worker keeps the lock of a job that runs for many times JOB_LOCK_MS: it is judged once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionView } from '../libs/contracts/index.js';
import { watchEvents, type EventWatch } from './support/events.js';
import { request } from './support/http.js';
import { startApi, startWorker, testServices, type StartedApi, type StartedProcess } from './support/stack.js';

/** This file's workers lease uids from here (apart from other tests' workers). */
const UID_BASE = 63100;

/** Host processes whose uid is one of this file's sandbox slots. */
function sandboxProcesses(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const uid = Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1]);
      if (uid >= UID_BASE && uid < UID_BASE + 1024) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

describe('worker killed mid-judging', () => {
  const env = { ...testServices('worker-crash'), JOB_LOCK_MS: '2000', SANDBOX_UID_BASE: String(UID_BASE) };
  let api: StartedApi;
  let first: StartedProcess;
  let second: StartedProcess | undefined;
  let watch: EventWatch;

  beforeAll(async () => {
    watch = await watchEvents(env.REDIS_URL);
    first = await startWorker(env);
    api = await startApi(env);
  });

  afterAll(async () => {
    await api?.stop();
    await first?.stop();
    await second?.stop();
    await watch?.close();
  });

  it('is judged again by another worker, with one final result', async () => {
    const created = await request<{ id: string }>(api.url, 'POST', '/submissions', {
      language: 'c',
      sourceCode:
        '#include <stdio.h>\nint main(void){volatile unsigned long x=0;for(unsigned long i=0;i<400000000UL;i++)x+=i;printf("%lu\\n",x>0?1UL:0UL);return 0;}\n',
      testCases: [{ input: '', expectedOutput: '1\n' }],
      limits: { cpuTimeMs: 5000, wallTimeMs: 10000 },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    await watch.event(id, 'running');
    await first.kill();
    // The run dies with its worker: the launcher has a parent-death signal and reaps the rest.
    await expect.poll(sandboxProcesses, { timeout: 5000 }).toEqual([]);

    second = await startWorker(env);
    const { events } = await watch.finished(id, 60_000);
    expect(events.filter((e) => e.type === 'finished')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'compiling').length).toBe(2);
    const stored = await request<SubmissionView>(api.url, 'GET', `/submissions/${id}`);
    expect(stored.body).toMatchObject({ status: 'finished', verdict: 'AC' });
    expect(stored.body.tests).toHaveLength(1);
  });
});

describe('a judging much longer than the job lock', () => {
  const env = { ...testServices('worker-lock'), JOB_LOCK_MS: '2000', SANDBOX_UID_BASE: String(UID_BASE) };
  let api: StartedApi;
  let worker: StartedProcess;
  let watch: EventWatch;

  beforeAll(async () => {
    watch = await watchEvents(env.REDIS_URL);
    worker = await startWorker(env);
    api = await startApi(env);
  });

  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
    await watch?.close();
  });

  it('is judged once: the live worker renews its lock', async () => {
    // Four tests of 1.5 s each: 6 s of judging under a 2 s lock.
    const created = await request<{ id: string }>(api.url, 'POST', '/submissions', {
      language: 'c',
      sourceCode: '#include <stdio.h>\n#include <unistd.h>\nint main(void){usleep(1500000);puts("ok");return 0;}\n',
      testCases: Array.from({ length: 4 }, () => ({ input: '', expectedOutput: 'ok\n' })),
      limits: { cpuTimeMs: 1000, wallTimeMs: 3000 },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const { events } = await watch.finished(id, 60_000);
    expect(events.filter((e) => e.type === 'compiling')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'finished')).toHaveLength(1);
    const stored = await request<SubmissionView>(api.url, 'GET', `/submissions/${id}`);
    expect(stored.body).toMatchObject({ status: 'finished', verdict: 'AC' });
    expect(stored.body.tests.map((t) => t.test)).toEqual([1, 2, 3, 4]);
  });
});
