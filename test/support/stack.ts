/**
 * Starting the real, built processes for end-to-end tests: the API (`dist/src/main.js`)
 * and the worker (`dist/src/main.worker.js`), each as a child process with its own
 * environment, against the Redis and MongoDB named by REDIS_URL / MONGO_URI (set by
 * `npm test` through scripts/with-services.mjs). Build first: `npm run build`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const API_ENTRY = path.join(ROOT, 'dist/src/main.js');
const WORKER_ENTRY = path.join(ROOT, 'dist/src/main.worker.js');

/** Most output kept per process, characters (the tail is kept). */
const MAX_OUTPUT_CHARS = 2_000_000;
/** Time a process gets to exit after SIGTERM before SIGKILL, ms. */
const STOP_GRACE_MS = 10_000;

/** The variables that point a process at the shared services. */
export type ServiceEnv = {
  REDIS_URL: string;
  MONGO_URI: string;
  QUEUE_PREFIX: string;
};

/** Variables given to a started process, over this process's environment; undefined removes one. */
export type ProcessEnv = Readonly<Record<string, string | undefined>>;

/** A process started here. */
export interface StartedProcess {
  pid: number;
  /** stdout and stderr so far, interleaved (tail kept). */
  output(): string;
  /** SIGTERM, then SIGKILL after 10 s; resolves once it exited. Safe to call twice. */
  stop(): Promise<void>;
  /** SIGKILL, no grace; resolves once it exited. */
  kill(): Promise<void>;
}

export interface StartedApi extends StartedProcess {
  /** e.g. `http://127.0.0.1:41234` */
  url: string;
  port: number;
}

/** A TCP port free on 127.0.0.1 right now (nothing listens on it, so it also serves as a "closed port"). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A short random suffix, for database names and queue prefixes unique to one test run. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

/**
 * `mongoUri` with its database replaced by `database` (options kept).
 * `mongodb://h:1/verdict?x=1` + `t1` → `mongodb://h:1/t1?x=1`.
 */
export function withDatabase(mongoUri: string, database: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/[^?]*)?(\?.*)?$/.exec(mongoUri);
  if (!match) throw new Error(`not a mongodb:// URI: ${mongoUri}`);
  return `${match[1]}/${database}${match[2] ?? ''}`;
}

/**
 * Environment for one test file: the shared Redis, a database and a queue prefix of its own.
 * @param name short name of the test file, e.g. `api-validation`.
 * @throws Error when REDIS_URL or MONGO_URI is not set.
 */
export function testServices(name: string): ServiceEnv {
  const redisUrl = process.env.REDIS_URL;
  const mongoUri = process.env.MONGO_URI;
  if (!redisUrl || !mongoUri) {
    throw new Error(
      'REDIS_URL and MONGO_URI must be set. Run the tests with `npm test` (it starts local services), ' +
        'or start Redis and MongoDB/FerretDB yourself and export both variables.',
    );
  }
  const suffix = uniqueSuffix();
  const slug = name.replace(/[^A-Za-z0-9]/g, '_');
  return {
    REDIS_URL: redisUrl,
    MONGO_URI: withDatabase(mongoUri, `verdict_${slug}_${suffix}`),
    QUEUE_PREFIX: `test-${slug}-${suffix}`,
  };
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Spawns `node entry` with `env` over this process's environment; collects output. */
function launch(
  entry: string,
  env: ProcessEnv,
): { child: ChildProcess; output: () => string; exited: Promise<number | null>; stop: () => Promise<void>; kill: () => Promise<void> } {
  if (!existsSync(entry)) throw new Error(`${path.relative(ROOT, entry)} does not exist; run \`npm run build\` first`);
  const merged: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  const child = spawn(process.execPath, [entry], {
    cwd: ROOT,
    env: merged,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let output = '';
  const collect = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    if (output.length > MAX_OUTPUT_CHARS) output = output.slice(-MAX_OUTPUT_CHARS);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      live.delete(child);
      resolve(code);
    }),
  );
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    })());
  const kill = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  return { child, output: () => output, exited, stop, kill };
}

function tail(text: string, lines = 40): string {
  return text.split('\n').slice(-lines).join('\n');
}

/**
 * Quotas and rate limits (docs/quotas.md) off: the e2e files send far more than a client would, all from
 * 127.0.0.1. A test of the quotas sets them in its own `env`, which wins.
 */
const QUOTAS_OFF: ProcessEnv = {
  RATE_LIMIT_REQUESTS_PER_MINUTE: '0',
  QUOTA_SUBMISSIONS_PER_MINUTE: '0',
  QUOTA_UNFINISHED_SUBMISSIONS: '0',
  QUOTA_PROBLEM_WRITES_PER_HOUR: '0',
};

/**
 * Starts the built API on a free port and waits until `GET /health` answers (any status:
 * the API is up even when a dependency is down).
 * @param env variables over this process's environment and over QUOTAS_OFF (PORT is chosen here, or `port` when given: an API restarted on its old port).
 * @throws Error with the process's output when it exits first or is not up within `readyTimeoutMs`.
 */
export async function startApi(
  env: ProcessEnv,
  { readyTimeoutMs = 30_000, port: fixedPort }: { readyTimeoutMs?: number; port?: number } = {},
): Promise<StartedApi> {
  const port = fixedPort ?? (await freePort());
  const proc = launch(API_ENTRY, { ...QUOTAS_OFF, ...env, PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  let exitCode: number | null | undefined;
  void proc.exited.then((code) => (exitCode = code ?? -1));
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exitCode !== undefined) {
      throw new Error(`the API exited with code ${exitCode} before it was ready:\n${tail(proc.output())}`);
    }
    if (Date.now() > deadline) {
      await proc.stop();
      throw new Error(`the API was not ready within ${readyTimeoutMs} ms:\n${tail(proc.output())}`);
    }
    try {
      await fetch(`${url}/health`, { signal: AbortSignal.timeout(3000) });
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return { pid: proc.child.pid!, url, port, output: proc.output, stop: proc.stop, kill: proc.kill };
}

/**
 * Starts the built worker and waits until it logs `worker ready`.
 * @throws Error with the process's output when it exits first or is not ready within `readyTimeoutMs`.
 */
export async function startWorker(env: ProcessEnv, { readyTimeoutMs = 60_000 } = {}): Promise<StartedProcess> {
  const proc = launch(WORKER_ENTRY, env);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      void proc.stop().then(() => reject(new Error(`the worker was not ready within ${readyTimeoutMs} ms:\n${tail(proc.output())}`)));
    }, readyTimeoutMs);
    const check = (): void => {
      if (proc.output().includes('worker ready')) {
        cleanup();
        resolve();
      }
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`the worker exited with code ${code} before it was ready:\n${tail(proc.output())}`));
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      proc.child.stdout!.off('data', check);
      proc.child.stderr!.off('data', check);
      proc.child.off('exit', onExit);
    };
    proc.child.stdout!.on('data', check);
    proc.child.stderr!.on('data', check);
    proc.child.once('exit', onExit);
    check();
  });
  return { pid: proc.child.pid!, output: proc.output, stop: proc.stop, kill: proc.kill };
}

/**
 * Runs the built API expecting it to refuse to start (e.g. invalid configuration).
 * @returns its exit code and output.
 * @throws Error when it starts listening instead, or does not exit within `timeoutMs`.
 */
export async function runApiExpectingFailure(
  env: ProcessEnv,
  { timeoutMs = 30_000 } = {},
): Promise<{ code: number | null; output: string }> {
  const port = await freePort();
  const proc = launch(API_ENTRY, { ...env, PORT: String(port) });
  const timer = setTimeout(() => void proc.stop(), timeoutMs);
  const code = await proc.exited;
  clearTimeout(timer);
  if (proc.output().includes('API listening')) throw new Error(`the API started:\n${tail(proc.output())}`);
  return { code, output: proc.output() };
}

/**
 * Runs the built worker expecting it to refuse to start (bad configuration, no sandbox).
 * @returns its exit code and output.
 * @throws Error when it reports `worker ready` instead.
 */
export async function runWorkerExpectingFailure(
  env: ProcessEnv,
  { timeoutMs = 60_000 } = {},
): Promise<{ code: number | null; output: string }> {
  const proc = launch(WORKER_ENTRY, env);
  const timer = setTimeout(() => void proc.stop(), timeoutMs);
  const code = await proc.exited;
  clearTimeout(timer);
  if (proc.output().includes('worker ready')) throw new Error(`the worker started:\n${tail(proc.output())}`);
  return { code, output: proc.output() };
}
