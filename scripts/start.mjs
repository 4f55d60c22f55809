// Usage: node scripts/start.mjs [all|api|worker]   (default: all)
//
// Loads .env from the project root (variables already set in the environment win), makes sure Redis
// and a MongoDB-compatible server are available (see local-services.mjs: the configured ones, or
// throw-away local ones), then runs the built API (dist/src/main.js) and/or worker
// (dist/src/main.worker.js) with their output passed through untouched.
// With `all`, if either process exits the other one is stopped too and the exit status is non-zero.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureServices } from './local-services.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ENTRY_POINTS = { api: 'dist/src/main.js', worker: 'dist/src/main.worker.js' };
// The worker lets running judgements finish on SIGTERM; give it that long before SIGKILL.
const STOP_GRACE_MS = 30_000;

/** @param {string} line */
const say = (line) => process.stderr.write(`start: ${line}\n`);

const mode = process.argv[2] ?? 'all';
if (!['all', 'api', 'worker'].includes(mode) || process.argv.length > 3) {
  process.stderr.write('usage: node scripts/start.mjs [all|api|worker]\n');
  process.exit(2);
}
const names = /** @type {(keyof typeof ENTRY_POINTS)[]} */ (mode === 'all' ? ['api', 'worker'] : [mode]);

for (const name of names) {
  const file = path.join(root, ENTRY_POINTS[name]);
  if (!existsSync(file)) {
    say(`${ENTRY_POINTS[name]} not found: run \`npm run build\` first`);
    process.exit(1);
  }
}

loadDotEnv(path.join(root, '.env'));

// Signals: forward to the children and shut down once they have exited; a second Ctrl-C kills them.
// One Ctrl-C can arrive more than once: the terminal signals the whole foreground process group, and
// `npm start` forwards the same signal to this process again a moment later. So a signal counts as
// the second request only when it comes REPEAT_SIGNAL_MS or more after the first.
const REPEAT_SIGNAL_MS = 1000;
/** @type {NodeJS.Signals | null} */
let shutdownSignal = null;
let shutdownAt = 0;
/** @type {Map<string, import('node:child_process').ChildProcess>} name -> child, while running */
const children = new Map();
for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
  process.on(sig, () => {
    if (shutdownSignal === null) {
      shutdownSignal = sig;
      shutdownAt = Date.now();
      if (children.size > 0) say(`${sig}: stopping; running submissions finish first (Ctrl-C again to kill at once)`);
      for (const child of children.values()) child.kill(sig);
    } else if (Date.now() - shutdownAt >= REPEAT_SIGNAL_MS) {
      say(`${sig} again: killing ${[...children.keys()].join(', ') || 'nothing left'}`);
      for (const child of children.values()) child.kill('SIGKILL');
    }
  });
}

let services;
try {
  services = await ensureServices();
} catch (err) {
  say(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
if (shutdownSignal) {
  await services.stop();
  process.exit(0);
}

const env = { ...process.env, REDIS_URL: services.redisUrl, MONGO_URI: services.mongoUri };
// Where `npm run keys` finds the local database while this runs (only when it started its own).
const servicesFile = path.join(root, '.verdict', 'local-services.json');
if (!process.env.MONGO_URI) {
  mkdirSync(path.dirname(servicesFile), { recursive: true });
  writeFileSync(servicesFile, `${JSON.stringify({ pid: process.pid, mongoUri: services.mongoUri })}\n`);
  process.on('exit', () => rmSync(servicesFile, { force: true }));
}
const exits = names.map((name) => {
  const child = spawn(process.execPath, ['--enable-source-maps', path.join(root, ENTRY_POINTS[name])], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  children.set(name, child);
  /** @type {Promise<Exit>} */
  const exit = new Promise((resolve) => {
    child.on('error', (err) => {
      children.delete(name);
      resolve({ name, code: 1, signal: null, error: err });
    });
    child.on('exit', (code, signal) => {
      children.delete(name);
      resolve({ name, code, signal });
    });
  });
  return exit;
});

// The first process to end decides: unless we are shutting down on request, stop the rest.
const first = await Promise.race(exits);
const unexpected = !shutdownSignal;
if (unexpected) {
  const rest = [...children.keys()];
  if (rest.length > 0 || first.code !== 0) {
    say(`${first.name} ${describeExit(first)}${rest.length > 0 ? `; stopping ${rest.join(', ')}` : ''}`);
  }
  for (const child of children.values()) {
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS).unref();
  }
}
const results = await Promise.all(exits);
await services.stop();

let exitCode;
if (!unexpected) {
  // Stopped on request: success if every process ended cleanly or by the signal we passed on.
  exitCode = results.every((r) => r.code === 0 || r.signal) ? 0 : 1;
} else if (mode === 'all') {
  exitCode = first.code || 1;
} else {
  exitCode = first.code ?? 128 + (first.signal ? os.constants.signals[first.signal] : 0);
}
process.exit(exitCode);

/**
 * @typedef {object} Exit how one child ended
 * @property {string} name
 * @property {number | null} code
 * @property {NodeJS.Signals | null} signal
 * @property {Error} [error] it could not be started
 */

/** @param {Exit} exit */
function describeExit({ code, signal, error }) {
  if (error) return `could not be started: ${error.message}`;
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}

/**
 * KEY=VALUE lines from a .env file into process.env, never overriding variables already set.
 * @param {string} file
 */
function loadDotEnv(file) {
  if (existsSync(file)) process.loadEnvFile(file);
}
