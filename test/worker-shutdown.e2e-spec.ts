/**
 * A worker told to stop (SIGTERM) while judging finishes the submission and stores its verdict
 * before it closes its connections, then exits; with its Redis gone, it still exits within its deadline.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionView } from '../libs/contracts/index.js';
import { SHUTDOWN_GRACE_MS } from '../src/judge/judge.processor.js';
import { watchEvents, type EventWatch } from './support/events.js';
import { request } from './support/http.js';
import { freePort, startApi, startWorker, testServices, type StartedApi, type StartedProcess } from './support/stack.js';

describe('worker shutdown while judging', () => {
  const env = testServices('worker-shutdown');
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

  it('stores the verdict of the running submission, then exits', async () => {
    const created = await request<{ id: string }>(api.url, 'POST', '/submissions', {
      language: 'c',
      sourceCode: 'int main(void){volatile unsigned long x=0;for(;;)x++;}\n',
      testCases: [{ input: '', expectedOutput: '0\n' }],
      limits: { cpuTimeMs: 1500, wallTimeMs: 4000 },
    });
    expect(created.status).toBe(201);
    await watch.event(created.body.id, 'running');
    await worker.stop();
    const stored = await request<SubmissionView>(api.url, 'GET', `/submissions/${created.body.id}`);
    expect(stored.body.status).toBe('finished');
    expect(stored.body.verdict).toBe('TLE');
    // One line says what the shutdown drained; the judging's lines carry its submission id.
    expect(worker.output()).toContain('shutdown: drained 1 running job(s): 1 finished and stored, 0 left to another worker');
    const judged = worker
      .output()
      .split('\n')
      .filter((line) => line.includes('"msg":"job ended"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    // The processor's line names no submission itself: the id comes from the job's logging context.
    expect(judged).toEqual([expect.objectContaining({ submissionId: created.body.id, context: 'JudgeProcessor', attempt: 1 })]);
  });
});

describe('worker shutdown with Redis gone', () => {
  const env = testServices('worker-shutdown-no-redis');
  let redis: ChildProcess | undefined;
  let worker: StartedProcess | undefined;

  afterAll(async () => {
    await worker?.kill();
    redis?.kill('SIGKILL');
  });

  it('exits within its deadline (drain time + 15 s) even though closing the queue never completes', async () => {
    const port = await freePort();
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const url = `redis://127.0.0.1:${port}`;
    const deadline = Date.now() + 10_000;
    for (;;) {
      const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined); // refused while it starts: tried again below
      const up = await probe.connect().then(
        () => true,
        () => false,
      );
      probe.disconnect();
      if (up) break;
      if (Date.now() > deadline) throw new Error('redis-server did not start');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    worker = await startWorker({ ...env, REDIS_URL: url });
    redis.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const signalled = Date.now();
    process.kill(worker.pid, 'SIGTERM');
    const alive = (): boolean => {
      try {
        process.kill(worker!.pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    while (alive() && Date.now() - signalled < SHUTDOWN_GRACE_MS + 25_000) await new Promise((resolve) => setTimeout(resolve, 250));
    expect(alive()).toBe(false);
    expect(Date.now() - signalled).toBeLessThan(SHUTDOWN_GRACE_MS + 20_000);
  });
});
