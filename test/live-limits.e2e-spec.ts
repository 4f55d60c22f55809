/**
 * Bounds of the live events, against one real API (and a worker for one finished submission): a
 * Socket.IO client that stops reading while it asks for big replays is disconnected as too slow; a
 * client may start only so many subscribes; an SSE client that stops reading has its connection
 * destroyed; a stream ends after EVENT_STREAM_MAX_LIFETIME_MS; a finished submission whose replay
 * buffer is gone answers 204 to a client that has its last seq; afterSeq is validated next to
 * Last-Event-ID. Big replays are written straight into the replay buffer in Redis (the API replays
 * what it holds), beside a minimal stored submission: a client may follow only a submission that exists.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket as TcpSocket } from 'node:net';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionEvent } from '../libs/contracts/index.js';
import { A_PLUS_B_TESTS, PROGRAMS } from './fixtures/programs.js';
import { readSse, watchEvents, type EventWatch } from './support/events.js';
import { request, type ErrorBody } from './support/http.js';
import { connectResults, type ResultsClient } from './support/results-client.js';
import { startApi, startWorker, testServices, type StartedApi, type StartedProcess } from './support/stack.js';

const services = testServices('live-limits');
const LIFETIME_MS = 2000;
const HEARTBEAT_MS = 300;

/** A made-up submission id. */
const newId = (): string => randomBytes(12).toString('hex');

/** `count` test-finished events of submission `id`, each with about `bytes` of stdout, as stored in its replay buffer. */
function bigEvents(id: string, count: number, bytes: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const result = {
      test: i + 1,
      verdict: 'AC',
      cpuTimeMs: 1,
      wallTimeMs: 1,
      memoryKiB: 1,
      exitCode: 0,
      signal: null,
      stdout: 'x'.repeat(bytes),
      stderr: '',
      checkerMessage: null,
    };
    const event = {
      type: 'test-finished',
      submissionId: id,
      problemId: null,
      seq: i + 1,
      at: new Date().toISOString(),
      test: i + 1,
      of: count,
      verdict: 'AC',
      cpuMs: 1,
      wallMs: 1,
      memoryKiB: 1,
      result,
    };
    return JSON.stringify(event);
  });
}

/** The resident set size of process `pid`, bytes. */
async function rssOf(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

describe('live events limits', () => {
  let api: StartedApi;
  let worker: StartedProcess;
  let redis: Redis;
  let mongo: mongoose.Mongoose;
  let watch: EventWatch;
  const clients: ResultsClient[] = [];

  /**
   * Writes `entries` as submission `id`'s replay buffer, and stores a queued submission `id` (made open:
   * no owner) so that the API lets clients follow it.
   */
  const forge = async (id: string, entries: string[]): Promise<void> => {
    await mongo.connection.collection('submissions').insertOne({
      _id: new mongoose.Types.ObjectId(id),
      language: 'python3',
      sourceCode: 'pass',
      testCases: [],
      testCount: 0,
      limits: { cpuTimeMs: 1000, wallTimeMs: 3000, memoryKiB: 262144, outputKiB: 1024 },
      status: 'queued',
      tests: [],
      groups: [],
      lastSeq: 0,
      attempt: 0,
      ownerKeyId: null,
      problemId: null,
      createdAt: new Date(),
    });
    await redis.rpush(`verdict:event-log:${id}`, ...entries);
    await redis.expire(`verdict:event-log:${id}`, 600);
  };

  beforeAll(async () => {
    const env = { ...services, EVENT_STREAM_MAX_LIFETIME_MS: String(LIFETIME_MS), EVENT_STREAM_HEARTBEAT_MS: String(HEARTBEAT_MS) };
    [api, worker] = await Promise.all([startApi(env), startWorker(env)]);
    redis = new Redis(services.REDIS_URL);
    mongo = await mongoose.connect(services.MONGO_URI);
    watch = await watchEvents(services.REDIS_URL);
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    redis?.disconnect();
    await mongo?.disconnect();
    await watch?.close();
    await Promise.all([api?.stop(), worker?.stop()]);
  });

  it('a Socket.IO client that stops reading while asking for big replays is disconnected as too slow; memory stays bounded', async () => {
    const id = newId();
    await forge(id, bigEvents(id, 200, 4300)); // about 880 KB
    const client = await connectResults(api.url);
    clients.push(client);
    const tcp = (client.socket.io.engine.transport as unknown as { ws: { _socket: TcpSocket } }).ws._socket;
    const disconnected = new Promise<string>((resolve) => client.socket.once('disconnect', resolve));
    tcp.pause(); // reads nothing from now on
    const before = await rssOf(api.pid);
    const until = performance.now() + 4000;
    while (performance.now() < until) {
      client.socket.emit('subscribe', { submissionId: id, afterSeq: 0 });
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    const grown = (await rssOf(api.pid)) - before;
    tcp.resume();
    const reason = await Promise.race([disconnected, new Promise((resolve) => setTimeout(() => resolve('still connected'), 20_000))]);
    expect(reason).not.toBe('still connected');
    expect(api.output()).toMatch(/reads too slowly/);
    const errors = client.messages.flatMap((m) => (m.kind === 'error' ? [m.error.message] : []));
    expect(
      errors.every((m) => /^(too slow: \d+ bytes unsent|too many subscribes)/.test(m)),
      errors.join('\n'),
    ).toBe(true);
    console.log(`API RSS grew ${(grown / 2 ** 20).toFixed(1)} MiB while the client did not read`);
    expect(grown).toBeLessThan(150 * 2 ** 20);
  });

  it('a client may start 20 subscribes at once; more are refused with an error naming the rate', async () => {
    const ids = Array.from({ length: 30 }, newId);
    for (const id of ids) await forge(id, bigEvents(id, 3, 10));
    const client = await connectResults(api.url);
    clients.push(client);
    const acks = await Promise.all(ids.map((id) => client.subscribe(id, 0)));
    const refused = acks.filter((a) => !a.ok);
    expect(acks.filter((a) => a.ok).length).toBeGreaterThanOrEqual(20);
    expect(refused.length).toBeGreaterThanOrEqual(5);
    for (const ack of refused) expect(ack.message).toMatch(/^too many subscribes: at most 20 at once, then 4 per second; retry in \d+ ms$/);
    expect(client.socket.connected, 'a client that reads is not disconnected').toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await client.subscribe(ids.at(-1)!, 0)).toMatchObject({ ok: true, resumed: true });
  });

  it('an SSE client that stops reading has its connection destroyed: it does not get the rest later', async () => {
    const id = newId();
    const entries = bigEvents(id, 1000, 10_000); // about 10 MB: more than the kernel buffers hold
    await forge(id, entries);
    const tcp = connect(api.port, '127.0.0.1');
    await new Promise((resolve) => tcp.once('connect', resolve));
    tcp.write(`GET /submissions/${id}/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`);
    tcp.pause();
    await new Promise((resolve) => setTimeout(resolve, 3 * HEARTBEAT_MS + 500));
    let received = '';
    tcp.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    const closed = new Promise<boolean>((resolve) => tcp.once('close', () => resolve(true)));
    tcp.resume();
    expect(await Promise.race([closed, new Promise((resolve) => setTimeout(() => resolve(false), 15_000))])).toBe(true);
    expect(received).toMatch(/^HTTP\/1\.1 200/);
    expect(received, 'the unsent rest was dropped').not.toContain('id: 1000\n');
  });

  it('a stream ends after EVENT_STREAM_MAX_LIFETIME_MS; the client resumes with Last-Event-ID', async () => {
    const id = newId();
    await forge(id, bigEvents(id, 3, 10));
    const started = performance.now();
    const first = await readSse(`${api.url}/submissions/${id}/events`, { timeoutMs: 20_000 });
    expect(first).toMatchObject({ status: 200, ended: true });
    expect(performance.now() - started).toBeGreaterThanOrEqual(LIFETIME_MS - 100);
    expect(first.messages.map((m) => m.id)).toEqual([1, 2, 3]);
    const resumed = await readSse(`${api.url}/submissions/${id}/events`, { headers: { 'Last-Event-ID': '2' }, timeoutMs: 20_000 });
    expect(resumed).toMatchObject({ status: 200, ended: true });
    expect(resumed.messages.map((m) => m.id)).toEqual([3]);
  });

  it('a finished submission whose replay buffer is gone: 204 at or after its lastSeq (EventSource stops); afterSeq validated beside Last-Event-ID', async () => {
    const languages = await request<{ id: string }[]>(api.url, 'GET', '/languages');
    const language = ['c', 'python3'].find((l) => languages.body.some((x) => x.id === l)) ?? languages.body.find((l) => PROGRAMS[l.id])!.id;
    const created = await request<{ id: string }>(api.url, 'POST', '/submissions', {
      language,
      sourceCode: PROGRAMS[language]!.aPlusB,
      testCases: A_PLUS_B_TESTS,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    const { events } = await watch.finished(id);
    const lastSeq = (events as SubmissionEvent[]).at(-1)!.seq;
    const url = `${api.url}/submissions/${id}/events`;
    expect((await readSse(url, { headers: { 'Last-Event-ID': String(lastSeq) } })).status).toBe(204);
    await redis.del(`verdict:event-log:${id}`);
    for (const seen of [lastSeq, lastSeq + 5]) {
      const read = await readSse(url, { headers: { 'Last-Event-ID': String(seen) } });
      expect(read.status, `Last-Event-ID ${seen} without the buffer`).toBe(204);
    }
    const behind = await readSse(url, { headers: { 'Last-Event-ID': '2' } });
    expect(behind.messages.map((m) => [m.event, m.id])).toEqual([['state', lastSeq]]);

    const both = await fetch(`${url}?afterSeq=zz`, { headers: { 'Last-Event-ID': '6' } });
    expect(both.status).toBe(400);
    expect(((await both.json()) as ErrorBody).details).toEqual([{ field: 'afterSeq', rule: expect.stringMatching(/^must be an integer/) }]);
  });
});
