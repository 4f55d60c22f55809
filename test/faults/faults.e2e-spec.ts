/**
 * Fault injection (issue 10, docs/recovery.md): two APIs, two workers and their own Redis and
 * FerretDB/mongod (restartable, so not the shared test services), 200 submissions of mixed languages
 * and verdicts, a quarter of them with a webhook. Meanwhile: a worker SIGKILLed three times, Redis
 * restarted once (without persistence: it comes back empty, every queued job lost), the MongoDB server
 * restarted once, and one API SIGTERMed and started again. Afterwards every accepted submission has
 * exactly one final result with the right verdict, and every Socket.IO follower saw it end with
 * `finished`. Prints one line: submissions, faults injected, lost, stuck, wrong verdicts, duplicated finals.
 *
 * Run alone: `npm run test:faults` (builds first). Needs what the e2e tier needs (root, bubblewrap, gcc, g++, python3).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionEvent, SubmissionView } from '../../libs/contracts/index.js';
import { ensureServices } from '../../scripts/local-services.mjs';
import { startApi, startWorker, uniqueSuffix, withDatabase, type StartedApi, type StartedProcess } from '../support/stack.js';

/** One kind of submission and the verdict the jury would give it. */
interface Program {
  name: string;
  count: number;
  expected: string;
  body: Record<string, unknown>;
}

const SUM_TESTS = [
  { input: '1 2\n', expectedOutput: '3\n' },
  { input: '40 2\n', expectedOutput: '42\n' },
];
const C_SUM = '#include <stdio.h>\nint main(void){long a,b;if(scanf("%ld %ld",&a,&b)!=2)return 1;printf("%ld\\n",a+b);return 0;}\n';
const CPP_SUM = '#include <bits/stdc++.h>\nint main(){long long a,b;std::cin>>a>>b;std::cout<<a+b<<"\\n";}\n';

const PROGRAMS: Program[] = [
  {
    name: 'python AC',
    count: 70,
    expected: 'AC',
    body: { language: 'python3', sourceCode: 'a, b = map(int, input().split())\nprint(a + b)\n' },
  },
  {
    name: 'python WA',
    count: 30,
    expected: 'WA',
    body: { language: 'python3', sourceCode: 'a, b = map(int, input().split())\nprint(a - b)\n' },
  },
  {
    name: 'python TLE',
    count: 8,
    expected: 'TLE',
    body: { language: 'python3', sourceCode: 'while True:\n    pass\n', limits: { cpuTimeMs: 300, wallTimeMs: 1000 } },
  },
  { name: 'python RE (exit)', count: 22, expected: 'RE', body: { language: 'python3', sourceCode: 'import sys\nsys.exit(3)\n' } },
  { name: 'C AC', count: 40, expected: 'AC', body: { language: 'c', sourceCode: C_SUM } },
  { name: 'C++ AC', count: 20, expected: 'AC', body: { language: 'cpp17', sourceCode: CPP_SUM } },
  { name: 'C++ CE', count: 10, expected: 'CE', body: { language: 'cpp17', sourceCode: 'int main( {\n' } },
];
const TOTAL = PROGRAMS.reduce((n, p) => n + p.count, 0);

/** What one follower (a Socket.IO client of one API) saw of one submission. */
interface Followed {
  lastSeq: number;
  finishedSeqs: Set<number>;
  ended: boolean;
  /** Arrival times of `compiling` events (a second one: judging started again). */
  compilingAt: number[];
}

/** Submissions one socket follows: within the gateway's per-socket burst (20 subscribes), as a careful client shards them. */
const PER_SOCKET = 20;

/**
 * A Socket.IO follower of one API that survives its restarts: each socket (one per PER_SOCKET
 * submissions) reconnects (same URL: the API comes back on its port) and subscribes again, with
 * `afterSeq`, to its submissions not yet ended, as docs/events.md tells a client to.
 */
class Follower {
  readonly seen = new Map<string, Followed>();
  private readonly sockets: { socket: Socket; ids: string[] }[] = [];

  constructor(private readonly url: string) {}

  follow(id: string): void {
    let shard = this.sockets.at(-1);
    if (!shard || shard.ids.length >= PER_SOCKET) {
      shard = { socket: this.connect(), ids: [] };
      this.sockets.push(shard);
    }
    shard.ids.push(id);
    this.entry(id);
    // A socket not connected yet subscribes to every id of its shard on `connect`.
    if (shard.socket.connected) void this.emitSubscribe(shard.socket, id, 0);
  }

  close(): void {
    for (const { socket } of this.sockets) socket.close();
  }

  private connect(): Socket {
    const socket = io(this.url, { transports: ['websocket'], reconnectionDelay: 200, reconnectionDelayMax: 1000 });
    socket.on('connect', () => {
      const shard = this.sockets.find((s) => s.socket === socket);
      for (const id of shard?.ids ?? []) {
        const f = this.entry(id);
        if (!f.ended) void this.emitSubscribe(socket, id, f.lastSeq);
      }
    });
    socket.on('event', (event: SubmissionEvent) => {
      const f = this.entry(event.submissionId);
      f.lastSeq = Math.max(f.lastSeq, event.seq);
      if (event.type === 'finished') {
        f.finishedSeqs.add(event.seq);
        f.ended = true;
      }
      if (event.type === 'compiling') f.compilingAt.push(Date.now());
    });
    socket.on('state', (view: SubmissionView) => {
      const f = this.entry(view.id);
      f.lastSeq = Math.max(f.lastSeq, view.lastSeq);
      if (view.status === 'finished') f.ended = true;
    });
    return socket;
  }

  private entry(id: string): Followed {
    let f = this.seen.get(id);
    if (!f) {
      f = { lastSeq: 0, finishedSeqs: new Set(), ended: false, compilingAt: [] };
      this.seen.set(id, f);
    }
    return f;
  }

  /** Subscribes; a refusal (e.g. 'MongoDB is unavailable; try again later' from an API still connecting) is tried again after 1 s. */
  private async emitSubscribe(socket: Socket, id: string, afterSeq: number): Promise<void> {
    for (;;) {
      const ack = (await socket
        .timeout(5000)
        .emitWithAck('subscribe', { submissionId: id, afterSeq: this.entry(id).lastSeq || afterSeq })
        .catch(() => null)) as { ok: boolean } | null;
      // No answer: a restart in between, and the next `connect` subscribes again.
      if (!ack || ack.ok || !socket.connected || this.entry(id).ended) return;
      await sleep(1000);
    }
  }
}

/** POST that rides out a restarting API or Redis: retries on 503 (after Retry-After, at most 2 s) and on connection errors. */
async function submit(urls: () => string[], body: Record<string, unknown>): Promise<string> {
  const deadline = Date.now() + 90_000;
  for (let i = 0; ; i++) {
    const url = urls()[i % urls().length]!;
    try {
      const res = await fetch(`${url}/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      if (res.status === 201) return ((await res.json()) as { id: string }).id;
      if (res.status !== 503) throw new Error(`POST /submissions answered ${res.status}: ${await res.text()}`);
      await sleep(Math.min(2000, Number(res.headers.get('retry-after') ?? '1') * 1000));
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('POST /submissions answered')) throw err;
      await sleep(200);
    }
    if (Date.now() > deadline) throw new Error('could not submit for 90 s');
  }
}

describe('faults: crashed workers, restarted Redis, MongoDB and API', () => {
  let services: Awaited<ReturnType<typeof ensureServices>>;
  const apis: StartedApi[] = [];
  const workers: StartedProcess[] = [];
  /** Every process started, killed ones included: their output explains a failure. */
  const everyProcess: { name: string; proc: StartedProcess }[] = [];
  const followers: Follower[] = [];
  const webhookDeliveries = new Map<string, Set<string>>();
  let receiver: Server;
  let env: Record<string, string>;

  beforeAll(async () => {
    // Services of its own: the shared ones must not be restarted under the other test files.
    const saved = { redis: process.env.REDIS_URL, mongo: process.env.MONGO_URI };
    delete process.env.REDIS_URL;
    delete process.env.MONGO_URI;
    try {
      services = await ensureServices({ quiet: true });
    } finally {
      if (saved.redis !== undefined) process.env.REDIS_URL = saved.redis;
      if (saved.mongo !== undefined) process.env.MONGO_URI = saved.mongo;
    }
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const { deliveryId, submission } = JSON.parse(body) as { deliveryId: string; submission: { id: string } };
        const ids = webhookDeliveries.get(submission.id) ?? new Set<string>();
        ids.add(deliveryId);
        webhookDeliveries.set(submission.id, ids);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const suffix = uniqueSuffix();
    env = {
      REDIS_URL: services.redisUrl,
      MONGO_URI: withDatabase(services.mongoUri, `verdict_faults_${suffix}`),
      QUEUE_PREFIX: `faults-${suffix}`,
      LOG_FORMAT: 'json',
      // Faster than production so the run stays short: a dead worker's job is handed out after ~2×4 s.
      JOB_LOCK_MS: '4000',
      RECOVERY_SWEEP_INTERVAL_MS: '2000',
      RECOVERY_GRACE_MS: '5000',
      WORKER_CONCURRENCY: '1',
      WEBHOOK_SECRET: 'faults-secret-0123456789abcdef-0123456789',
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      WEBHOOK_BACKOFF_BASE_MS: '500',
      WEBHOOK_BACKOFF_MAX_MS: '2000',
    };
    for (let i = 0; i < 2; i++) apis.push(await startApi({ ...env, LOG_LEVEL: 'warn' }));
    for (let i = 0; i < 2; i++) workers.push(await startWorker(env));
    everyProcess.push(...apis.map((proc, i) => ({ name: `api${i}`, proc })), ...workers.map((proc, i) => ({ name: `worker${i}`, proc })));
    for (const api of apis) followers.push(new Follower(api.url));
  });

  afterAll(async () => {
    for (const f of followers) f.close();
    await Promise.all([...apis, ...workers].map((p) => p.stop()));
    await new Promise((resolve) => receiver?.close(resolve));
    await services?.stop();
  });

  it('ends every accepted submission exactly once with the right verdict', { timeout: 400_000 }, async () => {
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const plan = PROGRAMS.flatMap((p) => Array.from({ length: p.count }, () => p));
    // Interleave the kinds (a fixed shuffle: same run every time).
    plan.sort((a, b) => ((PROGRAMS.indexOf(a) * 7919 + a.count) % 13) - ((PROGRAMS.indexOf(b) * 7919 + b.count) % 13));
    for (let i = plan.length - 1; i > 0; i--) {
      const j = (i * 48271) % (i + 1);
      [plan[i], plan[j]] = [plan[j]!, plan[i]!];
    }

    const accepted: { id: string; program: Program }[] = [];
    const kills: number[] = [];
    let faults = 0;
    const liveUrls = () => apis.map((a) => a.url);

    const killWorker = async (index: number): Promise<void> => {
      kills.push(Date.now());
      await workers[index]!.kill();
      faults++;
      workers[index] = await startWorker(env);
      everyProcess.push({ name: `worker${index}'`, proc: workers[index]! });
    };
    const injector = (async () => {
      await sleep(2_000);
      await killWorker(0);
      await sleep(3_000);
      await services.restart('redis', 1_000);
      faults++;
      await sleep(3_000);
      await killWorker(1);
      await sleep(3_000);
      await services.restart('mongo', 1_000);
      faults++;
      await sleep(3_000);
      const port = apis[0]!.port;
      await apis[0]!.stop(); // SIGTERM: drains its requests
      faults++;
      apis[0] = await startApi({ ...env, LOG_LEVEL: 'warn' }, { port });
      everyProcess.push({ name: `api0'`, proc: apis[0] });
      await sleep(3_000);
      await killWorker(0);
    })();

    for (const [n, program] of plan.entries()) {
      const body = { ...program.body, testCases: SUM_TESTS, ...(n % 4 === 0 ? { callbackUrl: hook } : {}) };
      const id = await submit(liveUrls, body);
      accepted.push({ id, program });
      for (const f of followers) f.follow(id);
      await sleep(100);
    }
    await injector;
    const submittedAt = Date.now();

    // Wait for every submission to be finished (stuck: still not after the deadline).
    const views = new Map<string, SubmissionView | null | undefined>();
    const deadline = Date.now() + 180_000;
    for (const { id } of accepted) {
      let view: SubmissionView | null | undefined;
      for (;;) {
        const res = await fetch(`${apis[1]!.url}/submissions/${id}`).catch(() => null);
        if (res?.status === 200) {
          view = (await res.json()) as SubmissionView;
          if (view.status === 'finished') break;
        } else if (res?.status === 404) {
          view = null;
          break;
        }
        if (Date.now() > deadline) break;
        await sleep(250);
      }
      views.set(id, view);
    }
    const judgedAt = Date.now();
    // Followers and webhook receivers get the last events and deliveries a moment later.
    const settled = Date.now() + 30_000;
    const allSeen = () =>
      accepted.every(({ id }) => followers.every((f) => f.seen.get(id)?.ended)) &&
      accepted.every(({ id }, n) => n % 4 !== 0 || webhookDeliveries.has(id));
    while (!allSeen() && Date.now() < settled) await sleep(250);

    let lost = 0;
    let stuck = 0;
    let wrong = 0;
    let duplicated = 0;
    let unended = 0;
    const problems: string[] = [];
    for (const [n, { id, program }] of accepted.entries()) {
      const view = views.get(id);
      if (view === null) {
        lost++;
        problems.push(`${id} (${program.name}) lost: 404`);
        continue;
      }
      if (!view || view.status !== 'finished') {
        stuck++;
        problems.push(`${id} (${program.name}) stuck: ${view?.status ?? 'unreadable'}`);
        continue;
      }
      if (view.verdict !== program.expected) {
        wrong++;
        problems.push(`${id} (${program.name}) ${view.verdict}, expected ${program.expected}: ${view.message ?? ''}`);
      }
      const finals = new Set(followers.flatMap((f) => [...(f.seen.get(id)?.finishedSeqs ?? [])]));
      const deliveries = webhookDeliveries.get(id)?.size ?? 0;
      if (finals.size > 1 || deliveries > 1) {
        duplicated++;
        problems.push(`${id} (${program.name}) ${finals.size} finished events, ${deliveries} webhook deliveries`);
      }
      if (n % 4 === 0 && deliveries === 0) problems.push(`${id} (${program.name}) webhook never delivered`);
      if (!followers.every((f) => f.seen.get(id)?.ended)) {
        unended++;
        problems.push(`${id} (${program.name}) a follower's stream did not end with finished`);
      }
    }
    // Time from a worker's SIGKILL to a submission it was judging starting again (a second `compiling`).
    const resumed = [...followers[1]!.seen.values()]
      .filter((f) => f.compilingAt.length > 1)
      .flatMap((f) => {
        const kill = kills.filter((k) => k <= f.compilingAt[1]!).at(-1);
        return kill === undefined ? [] : [f.compilingAt[1]! - kill];
      })
      .sort((a, b) => a - b);

    process.stdout.write(
      `faults: ${accepted.length} submissions, ${faults} faults injected, ${lost} lost, ${stuck} stuck, ${wrong} wrong verdicts, ` +
        `${duplicated} duplicated finals\n` +
        `faults: ${resumed.length} judgings restarted after a worker was killed; kill to restart: ` +
        (resumed.length ? `median ${resumed[Math.floor(resumed.length / 2)]} ms, max ${resumed.at(-1)} ms` : 'none observed') +
        `; ${unended} streams not ended with finished; ${webhookDeliveries.size} submissions got webhooks; ` +
        `all judged ${Math.round((judgedAt - submittedAt) / 1000)} s after the last was accepted\n`,
    );
    if (problems.length > 0) {
      // What the processes said about the first few submissions in trouble.
      const ids = problems.slice(0, 5).map((p) => p.split(' ')[0]!);
      const lines = everyProcess.flatMap(({ name, proc }) =>
        proc
          .output()
          .split('\n')
          .filter((line) => ids.some((id) => line.includes(id)))
          .map((line) => `${name}: ${line.slice(0, 400)}`),
      );
      process.stdout.write(`faults: log lines of ${ids.join(', ')}:\n${lines.join('\n')}\n`);
    }
    expect(problems.slice(0, 20)).toEqual([]);
    expect(accepted.length).toBe(TOTAL);
    expect(faults).toBe(6);
    expect({ lost, stuck, wrong, duplicated, unended }).toEqual({ lost: 0, stuck: 0, wrong: 0, duplicated: 0, unended: 0 });
  });
});
