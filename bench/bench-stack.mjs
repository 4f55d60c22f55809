// What the benchmarks share: local services, the built API and worker started as child processes,
// and `finished` events read from the Redis channel. Not a test helper: benchmarks run on their own.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { ensureServices } from '../scripts/local-services.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** @returns {Promise<number>} */
const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (s.address());
      s.close(() => resolve(port));
    });
  });

/**
 * @param {string} entry built entry point, relative to the project root
 * @param {NodeJS.ProcessEnv} env
 * @param {string} readyText printed once the process is ready
 */
function startProcess(entry, env, readyText) {
  const child = spawn(process.execPath, [join(root, entry)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const state = { out: '' };
  /** @type {Promise<void>} */
  const ready = new Promise((resolve, reject) => {
    /** @param {Buffer} c */
    const onData = (c) => {
      state.out += c;
      if (state.out.includes(readyText)) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${entry} exited ${code}:\n${state.out.slice(-3000)}`)));
  });
  return { child, ready, output: () => state.out };
}

/**
 * Starts local Redis and MongoDB/FerretDB (unless REDIS_URL / MONGO_URI are set), one worker and
 * one API on a free port, with `extraEnv`; resolves once both are ready. The per-caller quotas and
 * rate limits are off (docs/quotas.md): a benchmark measures the judge, not its refusals.
 * @param {NodeJS.ProcessEnv} [extraEnv]
 * @returns {Promise<{ url: string, redisUrl: string, workerOutput: () => string, stop: () => Promise<void> }>}
 */
export async function startStack(extraEnv = {}) {
  const services = await ensureServices();
  const port = await freePort();
  const env = {
    ...process.env,
    REDIS_URL: services.redisUrl,
    MONGO_URI: services.mongoUri,
    QUEUE_PREFIX: `bench-${process.pid}`,
    PORT: String(port),
    RATE_LIMIT_REQUESTS_PER_MINUTE: '0',
    QUOTA_SUBMISSIONS_PER_MINUTE: '0',
    QUOTA_UNFINISHED_SUBMISSIONS: '0',
    ...extraEnv,
  };
  const worker = startProcess('dist/src/main.worker.js', env, 'worker ready');
  const api = startProcess('dist/src/main.js', env, 'API listening');
  const stop = async () => {
    for (const p of [api, worker]) p.child.kill('SIGTERM');
    await Promise.all([once(api.child, 'exit'), once(worker.child, 'exit')]).catch(() => undefined);
    await services.stop();
  };
  try {
    await Promise.all([worker.ready, api.ready]);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `http://127.0.0.1:${port}`, redisUrl: services.redisUrl, workerOutput: worker.output, stop };
}

/** @typedef {import('../libs/contracts/index.js').FinishedEvent} FinishedEvent */

/**
 * Subscribes to the submission events channel; `finished(id)` resolves with the submission's
 * `finished` event, also when it arrived before the call (it is then kept until asked for).
 * @param {string} redisUrl
 * @returns {Promise<{ finished: (id: string) => Promise<FinishedEvent>, close: () => Promise<unknown> }>}
 */
export async function finishedEvents(redisUrl) {
  const sub = new Redis(redisUrl);
  /** @type {Map<string, (event: FinishedEvent) => void>} */
  const waiting = new Map();
  /** @type {Map<string, FinishedEvent>} finished before anyone asked */
  const early = new Map();
  sub.on('message', (_c, m) => {
    const e = /** @type {import('../libs/contracts/index.js').SubmissionEvent} */ (JSON.parse(m));
    if (e.type !== 'finished') return;
    const waiter = waiting.get(e.submissionId);
    if (waiter) {
      waiting.delete(e.submissionId);
      waiter(e);
    } else early.set(e.submissionId, e);
  });
  await sub.subscribe('verdict:submission-events');
  return {
    finished: (id) => {
      const event = early.get(id);
      if (event) {
        early.delete(id);
        return Promise.resolve(event);
      }
      return new Promise((resolve) => waiting.set(id, resolve));
    },
    close: () => sub.quit(),
  };
}

/**
 * POSTs a submission (`body`, the JSON of POST /submissions) and returns its id, waiting out and
 * retrying a 503 (full queue) or 429 for its Retry-After.
 * @param {string} url the API's base URL
 * @param {object} body
 * @returns {Promise<string>}
 * @throws Error on any other answer than 201.
 */
export async function postSubmission(url, body) {
  const json = JSON.stringify(body);
  for (;;) {
    const res = await fetch(`${url}/submissions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: json });
    if (res.status === 201) return /** @type {{ id: string }} */ (await res.json()).id;
    if (res.status !== 503 && res.status !== 429) throw new Error(`POST /submissions: ${res.status} ${await res.text()}`);
    await res.body?.cancel();
    await new Promise((r) => setTimeout(r, 1000 * Number(res.headers.get('retry-after') ?? 1)));
  }
}
