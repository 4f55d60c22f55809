/**
 * Live results over Socket.IO with two API processes and a real worker: a client on either
 * API gets `state` first, then the submission's events in consecutive seq order ending with
 * `finished`; a client subscribing after the end gets the final state; a rejudge after Redis lost
 * everything but the queue still reaches subscribers (the event seq is owned by MongoDB).
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionView } from '../libs/contracts/index.js';
import { A_PLUS_B_TESTS, PROGRAMS } from './fixtures/programs.js';
import { request } from './support/http.js';
import { connectResults, type ResultsClient, type ResultsMessage } from './support/results-client.js';
import { startApi, startWorker, testServices, type StartedApi, type StartedProcess } from './support/stack.js';

const services = testServices('results-gateway');

/** Checks the protocol on one client's messages for `id`; returns the final view's verdict. */
function checkStream(messages: ResultsMessage[], id: string): string {
  const mine = messages.filter((m) => (m.kind === 'state' ? m.view.id === id : m.kind === 'event' ? m.event.submissionId === id : true));
  expect(mine[0]?.kind, JSON.stringify(mine)).toBe('state');
  expect(mine.filter((m) => m.kind === 'error')).toEqual([]);
  const state = (mine[0] as { view: SubmissionView }).view;
  const seqs = mine.slice(1).map((m) => {
    expect(m.kind).toBe('event');
    return (m as { event: { seq: number } }).event.seq;
  });
  // Consecutive from the state on: nothing lost, nothing repeated, nothing out of order.
  expect(seqs).toEqual(seqs.map((_, i) => state.lastSeq + 1 + i));
  const last = mine.at(-1)!;
  if (last.kind === 'state') {
    expect(last.view.status).toBe('finished');
    return last.view.verdict!;
  }
  expect(last.kind === 'event' && last.event.type).toBe('finished');
  return (last as { event: { verdict: string } }).event.verdict;
}

describe('results over Socket.IO, two API processes', () => {
  let worker: StartedProcess;
  let apiA: StartedApi;
  let apiB: StartedApi;
  let clients: ResultsClient[] = [];
  let language: string;

  beforeAll(async () => {
    worker = await startWorker({ ...services });
    [apiA, apiB] = await Promise.all([startApi({ ...services }), startApi({ ...services })]);
    const offered = await request<{ id: string }[]>(apiA.url, 'GET', '/languages');
    expect(offered.status).toBe(200);
    const ids = offered.body.map((l) => l.id);
    language = ids.includes('python3') ? 'python3' : ids.find((id) => PROGRAMS[id])!;
    expect(language, `no test program for any of ${ids.join(', ')}`).toBeTruthy();
  });

  /** Submits the A+B, subscribes `client` to it and waits until it is judged. @returns its id. */
  async function judgedWhileSubscribed(client: ResultsClient): Promise<string> {
    const created = await request<{ id: string }>(apiA.url, 'POST', '/submissions', {
      language,
      sourceCode: PROGRAMS[language]!.aPlusB,
      testCases: A_PLUS_B_TESTS,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    expect((await client.subscribe(id)).ok).toBe(true);
    await client.finished(id);
    return id;
  }

  /** Resolves once `client` has a `finished` event among the messages after the first `seen`. */
  function finishedAfter(client: ResultsClient, seen: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const deadline = Date.now() + 60_000;
      const poll = (): void => {
        const newer = client.messages.slice(seen);
        if (newer.some((m) => m.kind === 'event' && m.event.type === 'finished')) return resolve();
        if (Date.now() > deadline) return reject(new Error(`no finished event after message ${seen}: ${JSON.stringify(newer)}`));
        setTimeout(poll, 50);
      };
      poll();
    });
  }

  afterAll(async () => {
    for (const client of clients) client.close();
    await Promise.all([apiA?.stop(), apiB?.stop()]);
    await worker?.stop();
  });

  it('clients on both APIs get state then every event in order, ending with finished; a late one gets the final state', async () => {
    const onA = await connectResults(apiA.url);
    const onB = await connectResults(apiB.url);
    clients = [onA, onB];
    const created = await request<{ id: string }>(apiA.url, 'POST', '/submissions', {
      language,
      sourceCode: PROGRAMS[language]!.aPlusB,
      testCases: A_PLUS_B_TESTS,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    // REST accepts the id in either case; so does a subscription (onUpper), and it still gets the events.
    const onUpper = await connectResults(apiB.url);
    clients.push(onUpper);
    const [ackA, ackB, ackUpper] = await Promise.all([onA.subscribe(id), onB.subscribe(id), onUpper.subscribe(id.toUpperCase())]);
    expect(ackA.ok).toBe(true);
    expect(ackB.ok).toBe(true);
    expect(ackUpper).toMatchObject({ ok: true, submissionId: id });
    await Promise.all([onA.finished(id), onB.finished(id), onUpper.finished(id)]);
    expect(checkStream(onA.messages, id)).toBe('AC');
    expect(checkStream(onB.messages, id)).toBe('AC');
    expect(checkStream(onUpper.messages, id)).toBe('AC');

    const late = await connectResults(apiB.url);
    clients.push(late);
    expect((await late.subscribe(id)).ok).toBe(true);
    expect(late.messages).toHaveLength(1);
    const [final] = late.messages;
    expect(final!.kind).toBe('state');
    const view = (final as { view: SubmissionView }).view;
    expect(view).toMatchObject({ id, status: 'finished', verdict: 'AC', testCount: 3 });
    expect(view.tests.map((t) => t.verdict)).toEqual(['AC', 'AC', 'AC']);
    // The REST view adds the webhook delivery record (kept in its own collection, REST only; docs/webhooks.md)
    // and the source code (GET /submissions/:id only).
    const { delivery, sourceCode, ...rest } = (
      await request<SubmissionView & { delivery?: unknown }>(apiA.url, 'GET', `/submissions/${id}`)
    ).body;
    expect(delivery).toBeNull();
    expect(typeof sourceCode).toBe('string');
    expect(rest).toEqual(view);
  });

  it('a rejudge after Redis lost every key but the queue still streams to subscribers through finished', async () => {
    const first = await connectResults(apiA.url);
    clients.push(first);
    const id = await judgedWhileSubscribed(first);
    const judged = (await request<SubmissionView>(apiA.url, 'GET', `/submissions/${id}`)).body;
    expect(judged.lastSeq).toBeGreaterThan(1);

    // What an expired key, a Redis restarted without persistence or a fresh Redis leaves: nothing
    // outside the queue's own keys. A seq counter kept in Redis would now start again at 1.
    const redis = new Redis(services.REDIS_URL);
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'COUNT', 1000);
        cursor = next;
        const doomed = keys.filter((key) => !key.startsWith(`${services.QUEUE_PREFIX}:`));
        if (doomed.length > 0) await redis.del(...doomed);
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }

    const firstSeen = first.messages.length;
    const rejudge = await request(apiA.url, 'POST', `/submissions/${id}/rejudge`);
    expect(rejudge.status, JSON.stringify(rejudge.body)).toBe(202);
    const late = await connectResults(apiB.url);
    clients.push(late);
    expect((await late.subscribe(id)).ok).toBe(true);

    // The subscriber from before the rejudge sees its events, numbered after the first judging's.
    await finishedAfter(first, firstSeen);
    const rejudgeSeqs = first.messages.slice(firstSeen).map((m) => (m.kind === 'event' ? m.event.seq : -1));
    expect(rejudgeSeqs[0]).toBe(judged.lastSeq + 1);
    expect(rejudgeSeqs).toEqual(rejudgeSeqs.map((_, i) => judged.lastSeq + 1 + i));
    // A client that subscribes after the rejudge gets its state, then everything up to finished.
    await late.finished(id);
    expect(checkStream(late.messages, id)).toBe('AC');
    const final = (await request<SubmissionView>(apiA.url, 'GET', `/submissions/${id}`)).body;
    expect(final.lastSeq).toBe(rejudgeSeqs.at(-1));
  });

  it('concurrent rejudges of one submission: one is queued, the rest are 409, and the seqs stay unique', async () => {
    const client = await connectResults(apiA.url);
    clients.push(client);
    const id = await judgedWhileSubscribed(client);
    const seen = client.messages.length;

    // Ten at once, through both API processes.
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => request((i % 2 ? apiB : apiA).url, 'POST', `/submissions/${id}/rejudge`)),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([202, ...Array<number>(9).fill(409)]);

    await finishedAfter(client, seen);
    const events = client.messages.slice(seen).flatMap((m) => (m.kind === 'event' ? [m.event] : []));
    expect(events.filter((e) => e.type === 'queued')).toHaveLength(1);
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    const final = (await request<SubmissionView>(apiA.url, 'GET', `/submissions/${id}`)).body;
    expect(final).toMatchObject({ status: 'finished', verdict: 'AC', lastSeq: seqs.at(-1) });
    expect(final.tests).toHaveLength(3);
  });

  it('an unknown or malformed submission id gets an error', async () => {
    const client = await connectResults(apiA.url);
    clients.push(client);
    expect(await client.subscribe('0123456789abcdef01234567')).toMatchObject({
      ok: false,
      message: 'submission 0123456789abcdef01234567 not found',
    });
    expect(await client.subscribe('nope')).toMatchObject({ ok: false, message: 'submissionId must be a 24-character hex string' });
    expect(client.messages.map((m) => m.kind)).toEqual(['error', 'error']);
  });
});
