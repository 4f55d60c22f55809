/**
 * Operators see the workers: every worker stores a heartbeat (libs/contracts WorkerStatus) that
 * `GET /workers` lists with the queue backlog, and `/health/ready` counts; a stopped worker is
 * removed at once, a killed one within WORKER_STATUS_TTL_MS. `/health/live` checks nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKER_STATUS_TTL_MS, WorkerState, type WorkerStatus } from '../libs/contracts/index.js';
import { allowedCpus } from '../libs/sandbox/index.js';
import { request } from './support/http.js';
import { freePort, startApi, startWorker, testServices, type StartedApi, type StartedProcess } from './support/stack.js';

type WorkersView = { workers: WorkerStatus[]; waiting: number; active: number; oldestWaitingMs: number | null };
type Ready = { status: string; info: { judging: { workers: { alive: number; ready: number }; waiting: number } } };

async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(last)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
    last = await read();
  }
  return last;
}

describe('workers and readiness', () => {
  const env = { ...testServices('workers'), WORKER_CONCURRENCY: '2' };
  let api: StartedApi;
  let first: StartedProcess;
  let second: StartedProcess;
  const workers = async () => (await request<WorkersView>(api.url, 'GET', '/workers')).body;

  let metricsPorts: number[];

  beforeAll(async () => {
    api = await startApi(env);
    metricsPorts = [await freePort(), await freePort()];
    [first, second] = await Promise.all(metricsPorts.map((port) => startWorker({ ...env, WORKER_METRICS_PORT: String(port) })));
  });

  /** The sum over both workers of the series `name{…labels…}` in their Prometheus metrics. */
  async function workerMetric(name: string, labels: string): Promise<number> {
    let sum = 0;
    for (const port of metricsPorts) {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      for (const line of text.split('\n')) if (line.startsWith(`${name}{`) && line.includes(labels)) sum += Number(line.split(' ').at(-1));
    }
    return sum;
  }

  afterAll(async () => {
    await Promise.all([api?.stop(), first?.stop(), second?.stop()]);
  });

  it('lists each worker with its host, pid, slots, state and languages', async () => {
    const view = await until(
      'two ready workers',
      workers,
      (v) => v.workers.filter((w) => w.state === WorkerState.Ready).length === 2,
      10_000,
    );
    expect(view.workers.map((w) => w.pid).sort()).toEqual([first.pid, second.pid].sort());
    for (const worker of view.workers) {
      expect(worker.slots).toBe(2);
      // One CPU of its own per slot (the host's first two allowed CPUs).
      expect(worker.slotCpus).toEqual(allowedCpus().slice(0, 2));
      // Measured at start in the sandbox; limits are not scaled by default.
      expect(worker.speedFactor).toBeGreaterThan(0);
      expect(worker.speedBenchmarkMs).toBeGreaterThan(0);
      expect(worker.limitsScaledBySpeed).toBe(false);
      expect(worker.busySlots).toBe(0);
      expect(worker.languages.map((l) => l.id)).toContain('python3');
      expect(worker.languages.find((l) => l.id === 'python3')?.version).toMatch(/Python 3/);
      expect(Date.now() - Date.parse(worker.lastSeenAt)).toBeLessThan(WORKER_STATUS_TTL_MS);
    }
    expect(view.waiting).toBe(0);
    expect(view.oldestWaitingMs).toBeNull();
  });

  it('counts the jobs a worker judged', async () => {
    const before = (await workers()).workers.reduce((sum, w) => sum + w.jobsDone, 0);
    for (let i = 0; i < 3; i++) {
      const created = await request<{ id: string }>(api.url, 'POST', '/submissions', {
        language: 'python3',
        sourceCode: 'print(sum(map(int, input().split())))\n',
        testCases: [{ input: '1 2\n', expectedOutput: '3\n' }],
      });
      expect(created.status).toBe(201);
    }
    await until('three more jobs done', workers, (v) => v.workers.reduce((sum, w) => sum + w.jobsDone, 0) === before + 3, 20_000);
  });

  it('workers export Prometheus metrics of what they judged; the API exports the queue', async () => {
    expect(await workerMetric('verdict_submissions_judged_total', 'language="python3",verdict="AC"')).toBe(3);
    expect(await workerMetric('verdict_judge_duration_seconds_count', 'language="python3"')).toBe(3);
    expect(await workerMetric('verdict_test_wall_seconds_count', 'process="worker"')).toBe(3);
    const api_ = await fetch(`${api.url}/metrics`);
    expect(api_.status).toBe(200);
    expect(api_.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await api_.text();
    expect(text).toMatch(/^verdict_queue_waiting_jobs\{process="api"\} 0$/m);
    expect(text).toMatch(/^verdict_queue_oldest_waiting_seconds\{process="api"\} 0$/m);
    expect(text).toMatch(/^verdict_process_resident_memory_bytes\{process="api"\} \d+/m);
  });

  it('readiness reports the workers and the backlog; liveness checks nothing', async () => {
    const ready = await request<Ready>(api.url, 'GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info.judging.workers).toMatchObject({ alive: 2, ready: 2 });
    expect(ready.body.info.judging.waiting).toBe(0);
    const live = await request<{ status: string }>(api.url, 'GET', '/health/live');
    expect(live).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('a stopped worker leaves the list at once; a killed one when its heartbeat expires', async () => {
    await first.stop();
    const afterStop = await workers();
    expect(afterStop.workers.map((w) => w.pid)).toEqual([second.pid]);

    const killedAt = Date.now();
    await second.kill();
    const gone = await until('no worker left', workers, (v) => v.workers.length === 0, WORKER_STATUS_TTL_MS + 5000);
    expect(gone.workers).toEqual([]);
    expect(Date.now() - killedAt).toBeLessThan(WORKER_STATUS_TTL_MS + 5000);
    const ready = await request<Ready>(api.url, 'GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info.judging.workers.alive).toBe(0);
  });
});

describe('a worker that scales time limits by its speed (JUDGE_SCALE_LIMITS_BY_SPEED)', () => {
  const env = { ...testServices('workers-speed'), WORKER_CONCURRENCY: '1', JUDGE_SCALE_LIMITS_BY_SPEED: 'true' };
  let api: StartedApi;
  let worker: StartedProcess;

  beforeAll(async () => {
    api = await startApi(env);
    worker = await startWorker(env);
  });

  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
  });

  it('says so, and its runs get the stated time limits divided by its speed factor', async () => {
    const [status] = (await request<WorkersView>(api.url, 'GET', '/workers')).body.workers;
    expect(status).toMatchObject({ limitsScaledBySpeed: true });
    const factor = status!.speedFactor!;
    const scale = Math.min(4, Math.max(0.25, 1 / factor));
    const created = await request<{ id: string }>(api.url, 'POST', '/submissions', {
      language: 'c',
      sourceCode: '#include <stdio.h>\nint main(void){int a,b;scanf("%d %d",&a,&b);printf("%d\\n",a+b);return 0;}\n',
      testCases: [{ input: '1 2\n', expectedOutput: '3\n' }],
      limits: { cpuTimeMs: 1000, wallTimeMs: 3000, memoryKiB: 131072, outputKiB: 1024 },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    type View = { status: string; verdict: string; effectiveLimits: { cpuTimeMs: number; wallTimeMs: number } | null };
    const view = await until(
      'the submission judged',
      async () => (await request<View>(api.url, 'GET', `/submissions/${created.body.id}`)).body,
      (v) => v.status === 'finished',
      30_000,
    );
    expect(view.verdict).toBe('AC');
    // C's time multiplier is 1.
    expect(view.effectiveLimits).toMatchObject({ cpuTimeMs: Math.ceil(1000 * scale), wallTimeMs: Math.ceil(3000 * scale) });
  });
});
