/**
 * The worker's compile cache end to end (docs/compiling.md), with the built API and worker and the
 * real sandbox: a C++ source submitted twice, and rejudged, is compiled once (the `compiled` event
 * says `compileCached`), a source differing in one character is compiled for itself and judged as
 * itself, and the worker precompiles bits/stdc++.h once it is ready.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompiledEvent, SubmissionEvent, SubmissionView } from '../libs/contracts/index.js';
import { eventSchemas, watchEvents, type EventWatch } from './support/events.js';
import { request } from './support/http.js';
import { startApi, startWorker, testServices, type StartedApi, type StartedProcess } from './support/stack.js';

const TESTS = [
  { input: '1 2\n', expectedOutput: '3\n' },
  { input: '20 22\n', expectedOutput: '42\n' },
];
/** An A+B no earlier run compiled (the comment makes the source unique; it is no C++ token). */
const aPlusB = (nonce: string, op = '+') =>
  `// ${nonce}\n#include <bits/stdc++.h>\nint main() { long long a, b; std::cin >> a >> b; std::cout << a ${op} b << "\\n"; }\n`;

describe('compile cache', () => {
  const env = testServices('compile-cache');
  const schemas = eventSchemas();
  let api: StartedApi;
  let worker: StartedProcess;
  let watch: EventWatch;

  beforeAll(async () => {
    watch = await watchEvents(env.REDIS_URL);
    worker = await startWorker(env, { readyTimeoutMs: 170_000 });
    api = await startApi(env);
  });

  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
    await watch?.close();
  });

  /** Submits `sourceCode` in C++17 and waits for its verdict; @returns the id, verdict and its compiled event. */
  const judge = async (sourceCode: string) => {
    const created = await request<{ id: string }>(api.url, 'POST', '/submissions', { language: 'cpp17', sourceCode, testCases: TESTS });
    expect(created.status).toBe(201);
    const { events, finished } = await watch.finished(created.body.id);
    return { id: created.body.id, verdict: finished.verdict, compiled: compiledOf(events) };
  };

  const compiledOf = (events: SubmissionEvent[]): CompiledEvent[] => events.filter((e): e is CompiledEvent => e.type === 'compiled');

  // First: a compile before its language's precompiled header is ready has another argv, so another key.
  it('precompiles bits/stdc++.h once the worker is ready', async () => {
    const deadline = Date.now() + 120_000;
    while (!worker.output().includes('precompiled headers ready') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const line = worker
      .output()
      .split('\n')
      .find((l) => l.includes('precompiled headers ready'));
    expect(line).toBeDefined();
    for (const id of ['cpp17', 'cpp20', 'cpp23']) expect(line).toContain(`"${id}"`);
  });

  it('compiles a C++ source once: the same source again and its rejudge come from the cache', async () => {
    const nonce = randomUUID();
    const first = await judge(aPlusB(nonce));
    expect(first.verdict).toBe('AC');
    expect(first.compiled).toHaveLength(1);
    expect(first.compiled[0]!.compileCached).toBe(false);
    for (const e of first.compiled) expect(schemas.event(e), schemas.errors()).toBe(true);

    const again = await judge(aPlusB(nonce));
    expect(again.verdict).toBe('AC');
    expect(again.compiled.map((e) => e.compileCached)).toEqual([true]);
    expect(schemas.event(again.compiled[0]), schemas.errors()).toBe(true);

    const rejudged = await request(api.url, 'POST', `/submissions/${first.id}/rejudge`);
    expect(rejudged.status).toBe(202);
    const { events } = await watch.finished(first.id);
    const deadline = Date.now() + 60_000;
    while (events.filter((e) => e.type === 'finished').length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(compiledOf(events).map((e) => e.compileCached)).toEqual([false, true]);
    const stored = (await request<SubmissionView>(api.url, 'GET', `/submissions/${first.id}`)).body;
    expect(stored.verdict).toBe('AC');
  });

  it('judges a source differing in one character as itself, compiled for itself', async () => {
    const nonce = randomUUID();
    expect((await judge(aPlusB(nonce))).verdict).toBe('AC');
    const other = await judge(aPlusB(nonce, '-'));
    expect(other.verdict).toBe('WA');
    expect(other.compiled.map((e) => e.compileCached)).toEqual([false]);
  });
});
