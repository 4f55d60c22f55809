/**
 * The per-submission wall-time budget (SUBMISSION_WALL_BUDGET_MS): tests that sleep cannot hold a
 * slot past it; the test on which it runs out is Time Limit Exceeded, saying why, and no test runs
 * after it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionView } from '../libs/contracts/index.js';
import { watchEvents, type EventWatch } from './support/events.js';
import { request } from './support/http.js';
import { startApi, startWorker, testServices, type StartedApi, type StartedProcess } from './support/stack.js';

describe('wall-time budget of a submission', () => {
  const env = testServices('wall-budget');
  let api: StartedApi;
  let worker: StartedProcess;
  let watch: EventWatch;

  beforeAll(async () => {
    watch = await watchEvents(env.REDIS_URL);
    worker = await startWorker({ ...env, SUBMISSION_WALL_BUDGET_MS: '2000' });
    api = await startApi(env);
  });

  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
    await watch?.close();
  });

  it('ends the submission as TLE on the test where the budget ran out', async () => {
    const test = { input: '', expectedOutput: 'ok\n' };
    const created = await request<{ id: string }>(api.url, 'POST', '/submissions', {
      language: 'python3',
      sourceCode: 'import time\ntime.sleep(0.8)\nprint("ok")\n',
      testCases: [test, test, test, test, test],
      limits: { cpuTimeMs: 1000, wallTimeMs: 3000 },
    });
    expect(created.status).toBe(201);
    await watch.event(created.body.id, 'finished', 60_000);
    const stored = (await request<SubmissionView>(api.url, 'GET', `/submissions/${created.body.id}`)).body;
    expect(stored.verdict).toBe('TLE');
    expect(stored.tests.map((t) => t.verdict)).toEqual(['AC', 'AC', 'TLE']);
    const last = stored.tests[2]!;
    expect(last.checkerMessage).toMatch(/wall-time budget of 2000 ms/);
    expect(last.wallTimeMs).toBeLessThan(2000 - stored.tests[0]!.wallTimeMs - stored.tests[1]!.wallTimeMs + 300);
    expect(stored.tests.reduce((sum, t) => sum + t.wallTimeMs, 0)).toBeLessThan(2400);
  });
});
