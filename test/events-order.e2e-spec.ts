/**
 * Live events end to end, with two API processes and a real worker: 100 concurrent submissions
 * (A+B on three test cases, every other one Wrong Answer from test 2) watched by 100 Socket.IO
 * clients, each of which gets its submission's events 1..N in order, without a gap or a repeat,
 * ending with `finished`: live from the start (`afterSeq: 0`), after a disconnect mid-run and a
 * reconnect (to the other API) with the last seq received, or subscribing only after the verdict.
 * The same sequences over Server-Sent Events, resumed with Last-Event-ID; the stored state when the
 * replay buffer is gone; following a problem; `POST /submissions?wait=true`. Every event received
 * is validated against docs/asyncapi.yaml.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionEvent, SubmissionView } from '../libs/contracts/index.js';
import { A_PLUS_B_TESTS, PROGRAMS } from './fixtures/programs.js';
import { eventSchemas, readSse, watchEvents, type EventWatch } from './support/events.js';
import { request, type ErrorBody } from './support/http.js';
import { fixtureZip, importPackage } from './support/problems.js';
import { connectResults, type ResultsClient } from './support/results-client.js';
import { startApi, startWorker, testServices, type StartedApi, type StartedProcess } from './support/stack.js';

const services = testServices('events-order');
const schemas = eventSchemas();
const SUBMISSIONS = 100;
/** Heartbeat interval of the APIs' event streams here, ms (15 s by default). */
const HEARTBEAT_MS = 300;
/** Longest a wait=true request is held by apiB, ms. */
const WAIT_MAX_MS = 1500;

/** Checks `events` is the whole sequence 1..N of one judging, each valid per docs/asyncapi.yaml. @returns N. */
function expectWholeSequence(events: SubmissionEvent[], id: string, verdict: 'AC' | 'WA'): number {
  for (const event of events) expect(schemas.event(event), `${schemas.errors()}: ${JSON.stringify(event)}`).toBe(true);
  expect(
    events.map((e) => e.seq),
    id,
  ).toEqual(events.map((_, i) => i + 1));
  expect(events.every((e) => e.submissionId === id && e.problemId === null)).toBe(true);
  const tests = verdict === 'AC' ? 3 : 2;
  expect(events.map((e) => e.type)).toEqual([
    'queued',
    'compiling',
    'compiled',
    ...Array.from({ length: tests }, () => ['running', 'test-finished']).flat(),
    'finished',
  ]);
  for (const e of events) {
    if (e.type === 'test-finished') {
      expect(e).toMatchObject({ test: e.result.test, verdict: e.result.verdict, cpuMs: e.result.cpuTimeMs, wallMs: e.result.wallTimeMs });
      expect(e.memoryKiB).toBe(e.result.memoryKiB);
    }
    if (e.type === 'compiled') expect(e.compileMs).toBeGreaterThanOrEqual(0);
  }
  expect(events.at(-1)).toMatchObject({ type: 'finished', verdict });
  return events.length;
}

describe('event order and replay, 100 concurrent submissions', () => {
  let worker: StartedProcess;
  let apiA: StartedApi;
  let apiB: StartedApi;
  let watch: EventWatch;
  let redis: Redis;
  let language: string;
  const clients: ResultsClient[] = [];
  /** The submissions of the first test, with their expected verdicts (later tests reuse them). */
  const judged: { id: string; verdict: 'AC' | 'WA'; events: SubmissionEvent[] }[] = [];

  const connect = async (api: StartedApi): Promise<ResultsClient> => {
    const client = await connectResults(api.url);
    clients.push(client);
    return client;
  };
  const submit = async (api: StartedApi, kind: 'aPlusB' | 'wrongFromTest2' | 'infiniteLoop', extra: object = {}, query = '') =>
    request<{ id: string; status: string } & Partial<SubmissionView>>(
      api.url,
      'POST',
      `/submissions${query}`,
      { language, sourceCode: PROGRAMS[language]![kind], testCases: A_PLUS_B_TESTS, ...extra },
      { timeoutMs: 60_000 },
    );

  beforeAll(async () => {
    const env = { ...services, EVENT_STREAM_HEARTBEAT_MS: String(HEARTBEAT_MS) };
    worker = await startWorker(env);
    [apiA, apiB] = await Promise.all([startApi(env), startApi({ ...env, SUBMISSION_WAIT_MAX_MS: String(WAIT_MAX_MS) })]);
    watch = await watchEvents(services.REDIS_URL);
    redis = new Redis(services.REDIS_URL);
    const offered = await request<{ id: string }[]>(apiA.url, 'GET', '/languages');
    const ids = offered.body.map((l) => l.id);
    language = ['c', 'python3'].find((id) => ids.includes(id)) ?? ids.find((id) => PROGRAMS[id])!;
    expect(language, `no test program for any of ${ids.join(', ')}`).toBeTruthy();
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await watch?.close();
    redis?.disconnect();
    await Promise.all([apiA?.stop(), apiB?.stop()]);
    await worker?.stop();
  });

  it('every client gets 1..N in order ending with finished: live, after a reconnect, and after the verdict', async () => {
    const LIVE = 70;
    const RECONNECTING = 15; // then SUBMISSIONS - LIVE - RECONNECTING subscribe after the verdict
    const live = await Promise.all(Array.from({ length: LIVE + RECONNECTING }, (_, i) => connect(i % 2 ? apiB : apiA)));
    const verdictOf = (i: number): 'AC' | 'WA' => (i % 2 ? 'WA' : 'AC');

    const runs = Array.from({ length: SUBMISSIONS }, async (_, i) => {
      const created = await submit(i % 2 ? apiB : apiA, verdictOf(i) === 'AC' ? 'aPlusB' : 'wrongFromTest2');
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const id = created.body.id;
      if (i < LIVE) {
        const client = live[i]!;
        const ack = await client.subscribe(id, 0);
        expect(ack).toMatchObject({ ok: true, resumed: true });
        await client.finished(id, 120_000);
        return { id, events: client.eventsOf(id), states: client.messages.filter((m) => m.kind === 'state').length };
      }
      if (i < LIVE + RECONNECTING) {
        // Disconnect after the first events, then reconnect to the other API with the last seq received.
        const first = live[i]!;
        expect((await first.subscribe(id, 0)).ok).toBe(true);
        const cutAt = 2 + (i % 3);
        await first.until((m) => m.filter((x) => x.kind === 'event').length >= cutAt, `${id}: ${cutAt} events`, 120_000);
        first.close();
        const before = first.eventsOf(id);
        await new Promise((resolve) => setTimeout(resolve, 20 * (i % 5)));
        const again = await connect(i % 2 ? apiA : apiB);
        const ack = await again.subscribe(id, before.at(-1)!.seq);
        expect(ack).toMatchObject({ ok: true, resumed: true, lastSeq: expect.any(Number) });
        await again.finished(id, 120_000);
        const after = again.eventsOf(id);
        expect(after[0]?.seq, 'the first event after the reconnect follows the last one before it').toBe(before.at(-1)!.seq + 1);
        return { id, events: [...before, ...after], states: again.messages.filter((m) => m.kind === 'state').length };
      }
      await watch.finished(id, 120_000);
      const late = await connect(i % 2 ? apiA : apiB);
      expect(await late.subscribe(id, 0)).toMatchObject({ ok: true, resumed: true });
      await late.until((m) => m.some((x) => x.kind === 'event' && x.event.type === 'finished'), `${id}: replayed finished`);
      return { id, events: late.eventsOf(id), states: late.messages.filter((m) => m.kind === 'state').length };
    });
    const results = await Promise.all(runs);

    for (const [i, { id, events, states }] of results.entries()) {
      expect(states, `${id}: the replay buffer covers it, no state`).toBe(0);
      const n = expectWholeSequence(events, id, verdictOf(i));
      judged.push({ id, verdict: verdictOf(i), events });
      if (i % 10 === 0) {
        const stored = await request<SubmissionView>(apiA.url, 'GET', `/submissions/${id}`);
        expect(stored.body).toMatchObject({ status: 'finished', verdict: verdictOf(i), lastSeq: n });
      }
    }
    // What the Redis channel carried is what the clients got.
    for (const { id, events } of judged.slice(0, 10)) expect((await watch.finished(id)).events).toEqual(events);
  });

  it('SSE gives the same sequence, resumes after Last-Event-ID or afterSeq, ends after finished, 204 when nothing is left', async () => {
    const { id, events } = judged[0]!;
    const url = `${apiB.url}/submissions/${id}/events`;
    const whole = await readSse(url);
    expect(whole).toMatchObject({ status: 200, ended: true });
    expect(whole.contentType).toMatch(/^text\/event-stream/);
    expect(whole.messages.map((m) => m.data)).toEqual(events);
    expect(whole.messages.map((m) => m.id)).toEqual(events.map((e) => e.seq));
    expect(whole.messages.map((m) => m.event)).toEqual(events.map((e) => e.type));

    const resumed = await readSse(url, { headers: { 'Last-Event-ID': '3' } });
    expect(resumed.messages.map((m) => m.id)).toEqual(events.slice(3).map((e) => e.seq));
    // Last-Event-ID wins over the URL's afterSeq (EventSource keeps the URL when it reconnects).
    const both = await readSse(`${url}?afterSeq=1`, { headers: { 'Last-Event-ID': '5' } });
    expect(both.messages[0]?.id).toBe(6);
    const byQuery = await readSse(`${url}?afterSeq=7`);
    expect(byQuery.messages.map((m) => m.data)).toEqual(events.slice(7));
    const nothingLeft = await readSse(url, { headers: { 'Last-Event-ID': String(events.length) } });
    expect(nothingLeft.status).toBe(204);

    // curl -N, as a person would.
    const { stdout } = await promisify(execFile)('curl', ['-sN', '--max-time', '20', url]);
    expect(stdout).toContain(`id: 1\nevent: queued\ndata: ${JSON.stringify(events[0])}\n\n`);
    expect(stdout).toContain(`id: ${events.length}\nevent: finished\n`);

    // In the OpenAPI document, with a summary; wait documented on POST /submissions.
    const openApi = await request<{ paths: Record<string, Record<string, { summary?: string; parameters?: { name: string }[] }>> }>(
      apiA.url,
      'GET',
      '/docs-json',
    );
    expect(openApi.body.paths['/submissions/{id}/events']?.get?.summary).toMatch(/Server-Sent Events/);
    expect(openApi.body.paths['/submissions']?.post?.parameters?.map((p) => p.name)).toContain('wait');

    expect((await request(apiA.url, 'GET', '/submissions/nope/events')).status).toBe(400);
    expect((await request(apiA.url, 'GET', '/submissions/0123456789abcdef01234567/events')).status).toBe(404);
    const badQuery = await request<ErrorBody>(apiA.url, 'GET', `/submissions/${id}/events?afterSeq=-1`);
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.message).toMatch(/^afterSeq must be an integer/);
    expect(badQuery.body.details).toEqual([{ field: 'afterSeq', rule: expect.stringMatching(/^must be an integer/) }]);
    const badHeader = await fetch(url, { headers: { 'Last-Event-ID': 'x1' } });
    expect(badHeader.status).toBe(400);
    const headerBody = (await badHeader.json()) as ErrorBody;
    expect(headerBody.message).toMatch(/^Last-Event-ID must be an integer/);
    expect(headerBody.details).toEqual([{ field: 'Last-Event-ID', rule: expect.stringMatching(/^must be an integer/) }]);
  });

  it('SSE live: a stream opened at once sends every event as it happens, with heartbeats, and closes after finished', async () => {
    const slow = await submit(apiA, 'infiniteLoop', { testCases: [A_PLUS_B_TESTS[0]], limits: { cpuTimeMs: 1000 } });
    expect(slow.status).toBe(201);
    const read = await readSse(`${apiA.url}/submissions/${slow.body.id}/events`);
    expect(read.ended).toBe(true);
    const events = read.messages.map((m) => m.data as SubmissionEvent);
    for (const e of events) expect(schemas.event(e), schemas.errors()).toBe(true);
    expect(events.map((e) => e.type)).toEqual(['queued', 'compiling', 'compiled', 'running', 'test-finished', 'finished']);
    expect(events.at(-1)).toMatchObject({ verdict: 'TLE' });
    expect(read.comments, 'heartbeats while the test ran').toBeGreaterThanOrEqual(1);
  });

  it('when the replay buffer is gone, the stored state stands in (SSE `event: state`, Socket.IO `state`), then what follows', async () => {
    const { id, events } = judged[1]!;
    await redis.del(`verdict:event-log:${id}`);
    const sse = await readSse(`${apiA.url}/submissions/${id}/events`, { headers: { 'Last-Event-ID': '2' } });
    expect(sse).toMatchObject({ status: 200, ended: true });
    expect(sse.messages.map((m) => [m.event, m.id])).toEqual([['state', events.length]]);
    expect(schemas.state(sse.messages[0]!.data), schemas.errors()).toBe(true);
    expect(sse.messages[0]!.data).toMatchObject({ id, status: 'finished', lastSeq: events.length });

    const client = await connect(apiB);
    expect(await client.subscribe(id, 2)).toMatchObject({ ok: true, resumed: false, lastSeq: events.length });
    expect(client.messages.map((m) => m.kind)).toEqual(['state']);
    // A rejudge's events follow that state, and are buffered again.
    const rejudge = await request(apiA.url, 'POST', `/submissions/${id}/rejudge`);
    expect(rejudge.status).toBe(202);
    await client.until((m) => m.some((x) => x.kind === 'event' && x.event.type === 'finished'), 'rejudge finished');
    const after = client.eventsOf(id);
    expect(after.map((e) => e.seq)).toEqual(after.map((_, i) => events.length + 1 + i));
    for (const e of after) expect(schemas.event(e), schemas.errors()).toBe(true);
    const resumed = await readSse(`${apiA.url}/submissions/${id}/events`, { headers: { 'Last-Event-ID': String(events.length) } });
    expect(resumed.messages.map((m) => m.data)).toEqual(after);
  });

  it('a problem follower gets every event of every submission of the problem, tagged with its id', async () => {
    const imported = await importPackage<{ id: string }>(apiA.url, fixtureZip('aplusb'), { slug: `events-${Date.now().toString(36)}` });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    const problemId = imported.body.id;
    const follower = await connect(apiB);
    expect(await follower.subscribeProblem(problemId.toUpperCase())).toEqual({ ok: true, problemId });
    expect(await follower.subscribeProblem('nope')).toMatchObject({ ok: false, message: expect.stringMatching(/^problemId must be/) });
    expect(await follower.subscribeProblem('0123456789abcdef01234567')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not found/),
    });
    const source = PROGRAMS[language]!.aPlusB;
    const ids = await Promise.all(
      Array.from({ length: 3 }, async () => {
        const created = await request<{ id: string }>(apiA.url, 'POST', '/submissions', { problemId, language, sourceCode: source });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        return created.body.id;
      }),
    );
    for (const id of ids) {
      await follower.until(
        (m) => m.some((x) => x.kind === 'event' && x.event.submissionId === id && x.event.type === 'finished'),
        id,
        120_000,
      );
      const events = follower.eventsOf(id);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      for (const e of events) expect(schemas.event(e), schemas.errors()).toBe(true);
      expect(events.every((e) => e.problemId === problemId)).toBe(true);
      expect(events.filter((e) => e.type === 'test-finished')).toHaveLength(4);
    }
    // Nothing of other submissions reaches a problem follower.
    expect(follower.messages.every((m) => m.kind !== 'event' || ids.includes(m.event.submissionId))).toBe(true);
    expect(await follower.socket.timeout(5000).emitWithAck('unsubscribe-problem', { problemId })).toEqual({ ok: true, problemId });
  });

  it('POST /submissions?wait=true answers with the finished submission, or 202 after SUBMISSION_WAIT_MAX_MS', async () => {
    const done = await submit(apiA, 'aPlusB', {}, '?wait=true');
    expect(done.status, JSON.stringify(done.body)).toBe(201);
    expect(done.body).toMatchObject({ status: 'finished', verdict: 'AC', testCount: 3 });
    expect(done.body.tests).toHaveLength(3);
    const bad = await submit(apiA, 'aPlusB', {}, '?wait=maybe');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('wait must be true or false');
    const off = await submit(apiA, 'aPlusB', {}, '?wait=false');
    expect(off.status).toBe(201);
    expect(off.body).toEqual({ id: off.body.id, status: 'queued' });
    // apiB holds a request at most WAIT_MAX_MS; a test case running 2 s of CPU outlasts it.
    const slow = await submit(apiB, 'infiniteLoop', { testCases: [A_PLUS_B_TESTS[0]], limits: { cpuTimeMs: 2000 } }, '?wait=true');
    expect(slow.status).toBe(202);
    expect(slow.body).toEqual({ id: slow.body.id, status: 'queued' });
    expect(slow.elapsedMs).toBeGreaterThanOrEqual(WAIT_MAX_MS - 50);
    await watch.finished(slow.body.id);
  });

  it('SUBMISSION_WAIT_ENABLED=false: wait=true is answered as if not given; an API stopping ends its open event streams', async () => {
    const api = await startApi({ ...services, SUBMISSION_WAIT_ENABLED: 'false' });
    try {
      const created = await submit(api, 'aPlusB', {}, '?wait=true');
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ id: created.body.id, status: 'queued' });
      await watch.finished(created.body.id);

      const slow = await submit(api, 'infiniteLoop', { testCases: [A_PLUS_B_TESTS[0]], limits: { cpuTimeMs: 3000 } });
      const reading = readSse(`${api.url}/submissions/${slow.body.id}/events`);
      await watch.event(slow.body.id, 'running');
      const stopping = performance.now();
      await api.stop();
      expect(performance.now() - stopping, 'the open stream does not hold the HTTP server').toBeLessThan(5000);
      const read = await reading;
      expect(read.ended).toBe(true);
      expect(read.messages.at(-1)?.event).not.toBe('finished');
      await watch.finished(slow.body.id);
    } finally {
      await api.stop();
    }
  });
});
