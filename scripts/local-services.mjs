// Local Redis and MongoDB-compatible services for development and tests.
//
//   import { ensureServices } from './local-services.mjs';
//   const { redisUrl, mongoUri, stop } = await ensureServices();
//
// REDIS_URL / MONGO_URI from the environment are used as they are. Otherwise a
// throw-away redis-server, and mongod (or FerretDB with SQLite where mongod is
// absent), are started on free 127.0.0.1 ports with their data in a temp dir.
//
// Run directly (`node scripts/local-services.mjs`) it starts the services,
// prints REDIS_URL=... and MONGO_URI=... on stdout and keeps them up until
// Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import {
  accessSync,
  closeSync,
  constants,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REDIS_READY_TIMEOUT_MS = 10_000;
// mongod preallocates and may take a few seconds on a cold disk; FerretDB needs ~20 ms.
const MONGO_READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;
const POLL_INTERVAL_MS = 20;
const DATABASE_NAME = 'verdict';
const TEMP_PREFIX = 'verdict-services-';

/**
 * @typedef {object} EnsureServicesOptions
 * @property {string} [dir] Where the services keep their data (kept after stop()). Default: a fresh temp dir, removed by stop().
 * @property {boolean} [quiet] Do not print the one-line notice per service on stderr.
 */

/**
 * @typedef {object} LocalServices
 * @property {string} redisUrl REDIS_URL from the environment, or `redis://127.0.0.1:PORT` of the redis-server started here.
 * @property {string} mongoUri MONGO_URI from the environment, or `mongodb://127.0.0.1:PORT/verdict` of the mongod/FerretDB started here.
 * @property {() => Promise<void>} stop Stops whatever was started here (nothing if both came from the environment). Idempotent.
 * @property {(which: 'redis' | 'mongo', downMs?: number) => Promise<void>} restart Stops a service started here (SIGTERM),
 *   waits `downMs`, and starts it again on the same port with the same data directory (the fault tests use it).
 *   Redis runs without persistence, so a restarted Redis is empty. Throws for a service that came from the environment.
 */

/** @typedef {ReturnType<typeof launch>} Service a child process started here */
/** @typedef {{ url: string, notice: string, service?: Service, restart?: () => Promise<Endpoint> }} Endpoint a service's URL, where it came from, what was started for it, and how to start it again on the same port and data */

/** Children still running, killed synchronously if this process exits first. @type {Set<import('node:child_process').ChildProcess>} */
const running = new Set();
/** Temp dirs created here and not yet removed by stop(), removed by that same last-resort cleanup. @type {Set<string>} */
const ownedTempDirs = new Set();

/**
 * @param {EnsureServicesOptions} [options]
 * @returns {Promise<LocalServices>}
 */
export async function ensureServices({ dir, quiet = false } = {}) {
  const say = quiet ? () => {} : (/** @type {string} */ line) => process.stderr.write(`local-services: ${line}\n`);
  const envRedis = process.env.REDIS_URL?.trim();
  const envMongo = process.env.MONGO_URI?.trim();

  /** @type {string | undefined} */
  let baseDir;
  let ownsBaseDir = false;
  /** @param {string} name @returns {string} */
  const dataDir = (name) => {
    if (!baseDir) {
      if (dir) {
        baseDir = path.resolve(dir);
        mkdirSync(baseDir, { recursive: true });
      } else {
        removeStaleTempDirs();
        baseDir = mkdtempSync(path.join(os.tmpdir(), TEMP_PREFIX));
        writeFileSync(path.join(baseDir, 'owner.pid'), `${process.pid}\n`);
        ownedTempDirs.add(baseDir);
        ownsBaseDir = true;
      }
    }
    const d = path.join(baseDir, name);
    mkdirSync(d, { recursive: true });
    return d;
  };

  /** @type {PromiseSettledResult<Endpoint>[]} */
  const [redis, mongo] = await Promise.allSettled([
    envRedis ? { url: envRedis, notice: `using REDIS_URL from the environment (${redactUrl(envRedis)})` } : startRedis(dataDir('redis')),
    envMongo ? { url: envMongo, notice: `using MONGO_URI from the environment (${redactUrl(envMongo)})` } : startMongo(dataDir('mongo')),
  ]);
  /** What runs now for each service (restart replaces an entry). @type {Endpoint[]} */
  const endpoints = [redis, mongo].flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  /** @param {'redis' | 'mongo'} which @param {number} [downMs] */
  const restart = async (which, downMs = 0) => {
    const index = which === 'redis' ? 0 : 1;
    const current = endpoints[index];
    if (!current?.restart || !current.service) throw new Error(`${which} was not started here; it cannot be restarted`);
    await current.service.stop();
    if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
    endpoints[index] = await current.restart();
  };

  /** @type {Promise<void> | undefined} */
  let stopping;
  const stop = () =>
    (stopping ??= (async () => {
      await Promise.all(endpoints.flatMap((e) => (e.service ? [e.service.stop()] : [])));
      if (ownsBaseDir && baseDir) {
        rmSync(baseDir, { recursive: true, force: true });
        ownedTempDirs.delete(baseDir);
      }
    })());

  if (redis.status === 'rejected' || mongo.status === 'rejected') {
    await stop();
    const errors = [redis, mongo].flatMap((r) => (r.status === 'rejected' ? [/** @type {unknown} */ (r.reason)] : []));
    if (errors.length === 1) throw errors[0];
    throw new Error(errors.map((e) => (e instanceof Error ? e.message : String(e))).join('\n'));
  }

  say(redis.value.notice);
  say(mongo.value.notice);

  return { redisUrl: redis.value.url, mongoUri: mongo.value.url, stop, restart };
}

// ---------------------------------------------------------------- redis

/** @param {string} dataDir @returns {Promise<Endpoint>} */
async function startRedis(dataDir) {
  const bin = findExecutable('redis-server');
  if (!bin) {
    throw new Error(
      'redis-server not found on PATH. Install it with `apt-get install redis-server` ' +
        '(or run `bash scripts/setup.sh`), or set REDIS_URL to an existing Redis.',
    );
  }
  /** @param {number} port @returns {Promise<Endpoint>} */
  const startOn = async (port) => {
    const t0 = Date.now();
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dataDir, '--daemonize', 'no'];
    const service = launch('redis-server', bin, args, path.join(dataDir, 'redis.log'));
    try {
      await waitUntil(service, REDIS_READY_TIMEOUT_MS, async () => {
        const [pong, info] = await redisRequest(port, ['PING'], ['INFO', 'server']);
        if (pong !== 'PONG') return false;
        // Another process may have grabbed the port between our probe and redis' bind: make sure it is ours.
        const pid = /^process_id:(\d+)/m.exec(String(info))?.[1];
        return Number(pid) === service.pid;
      });
    } catch (err) {
      await service.stop();
      throw err;
    }
    const url = `redis://127.0.0.1:${port}`;
    return {
      url,
      service,
      notice: `started redis-server on ${url} (pid ${service.pid}, ready in ${Date.now() - t0} ms)`,
      restart: () => startOn(port),
    };
  };
  return withPortRetries(startOn);
}

/**
 * Sends commands over a plain socket and resolves with their decoded replies (RESP2; errors reject).
 * @param {number} port
 * @param {...string[]} commands
 * @returns {Promise<RespReply[]>}
 */
function redisRequest(port, ...commands) {
  const payload = commands.map((args) => `*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')).join('');
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1_000, () => socket.destroy(new Error('redis did not answer within 1 s')));
    socket.on('error', reject);
    socket.on('connect', () => socket.write(payload));
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      try {
        const replies = parseResp(buf, commands.length);
        if (replies) {
          socket.destroy();
          resolve(replies);
        }
      } catch (err) {
        socket.destroy();
        reject(err);
      }
    });
    socket.on('close', () => reject(new Error('redis closed the connection')));
  });
}

/** @typedef {string | number | null} RespReply */

/**
 * Returns `count` replies from buf, or null if buf does not hold them all yet.
 * @param {Buffer} buf
 * @param {number} count
 * @returns {RespReply[] | null}
 */
function parseResp(buf, count) {
  /** @type {RespReply[]} */
  const replies = [];
  let pos = 0;
  while (replies.length < count) {
    const eol = buf.indexOf('\r\n', pos);
    if (eol < 0) return null;
    const type = String.fromCharCode(buf[pos]);
    const line = buf.toString('utf8', pos + 1, eol);
    pos = eol + 2;
    if (type === '+') replies.push(line);
    else if (type === ':') replies.push(Number(line));
    else if (type === '-') throw new Error(`redis replied: ${line}`);
    else if (type === '$') {
      const len = Number(line);
      if (len < 0) replies.push(null);
      else {
        if (buf.length < pos + len + 2) return null;
        replies.push(buf.toString('utf8', pos, pos + len));
        pos += len + 2;
      }
    } else throw new Error(`unexpected redis reply type ${JSON.stringify(type)}`);
  }
  return replies;
}

// ---------------------------------------------------------------- mongo

/** @param {string} dataDir @returns {Promise<Endpoint>} */
async function startMongo(dataDir) {
  const mongod = findExecutable('mongod');
  if (mongod) {
    return startMongoServer('mongod', mongod, dataDir, (port) => ['--dbpath', dataDir, '--port', String(port), '--bind_ip', '127.0.0.1']);
  }
  const ferretdb = findFerretDB();
  if (ferretdb.bin) {
    return startMongoServer('ferretdb', ferretdb.bin, dataDir, (port) => [
      '--handler=sqlite',
      `--sqlite-url=file:${dataDir}/`,
      `--listen-addr=127.0.0.1:${port}`,
      '--telemetry=disable',
      `--state-dir=${dataDir}`,
      // Its metrics/pprof listener defaults to 127.0.0.1:8088, which makes a second instance fail to start.
      '--debug-addr=-',
      '--log-level=warn',
    ]);
  }
  if (ferretdb.broken.length) {
    throw new Error(
      `ferretdb found at ${ferretdb.broken.join(', ')} but it fails to run (\`ferretdb --version\` exits non-zero). ` +
        'A plain `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2` builds a binary that panics at start ' +
        '(missing build/version/version.txt); run `bash scripts/setup.sh` to rebuild it, or set MONGO_URI to an existing MongoDB.',
    );
  }
  throw new Error(
    'Neither mongod nor ferretdb found (looked on PATH, in $GOBIN, $GOPATH/bin and ~/go/bin). ' +
      'Run `bash scripts/setup.sh`, which builds FerretDB v1.24.2 with Go (`apt-get install golang-go` first if go is missing), ' +
      'or install MongoDB, or set MONGO_URI to an existing MongoDB.',
  );
}

/**
 * @param {string} name
 * @param {string} bin
 * @param {string} dataDir
 * @param {(port: number) => string[]} argsFor
 * @returns {Promise<Endpoint>}
 */
async function startMongoServer(name, bin, dataDir, argsFor) {
  /** @param {number} port @returns {Promise<Endpoint>} */
  const startOn = async (port) => {
    const t0 = Date.now();
    const service = launch(name, bin, argsFor(port), path.join(dataDir, `${name}.log`));
    const url = `mongodb://127.0.0.1:${port}/${DATABASE_NAME}`;
    try {
      await waitUntil(service, MONGO_READY_TIMEOUT_MS, () => tcpAccepts(port));
      await waitUntil(service, MONGO_READY_TIMEOUT_MS, () => mongoPing(url, service.pid));
    } catch (err) {
      await service.stop();
      throw err;
    }
    return {
      url,
      service,
      notice: `started ${name} on ${url} (pid ${service.pid}, ready in ${Date.now() - t0} ms)`,
      restart: () => startOn(port),
    };
  };
  return withPortRetries(startOn);
}

/** @type {typeof import('mongodb') | null | undefined} */
let mongodbModule;
/**
 * @param {string} url
 * @param {number | undefined} expectedPid
 */
async function mongoPing(url, expectedPid) {
  if (mongodbModule === undefined) {
    try {
      mongodbModule = await import('mongodb');
    } catch {
      mongodbModule = null; // the driver comes with mongoose; without it a TCP connect is all we can check
    }
  }
  if (!mongodbModule) return true;
  const client = new mongodbModule.MongoClient(url, { directConnection: true, serverSelectionTimeoutMS: 1_000, connectTimeoutMS: 1_000 });
  try {
    await client.connect();
    const admin = client.db('admin');
    const ping = await admin.command({ ping: 1 });
    if (ping.ok !== 1) return false;
    // Both mongod and FerretDB report their pid here; make sure the port is served by our child.
    const status = await admin.command({ serverStatus: 1 }).catch(() => null);
    return typeof status?.pid !== 'number' || status.pid === expectedPid;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => {});
  }
}

/** @returns {{ bin: string | null, broken: string[] }} */
function findFerretDB() {
  /** @type {string[]} */
  const candidates = [];
  /** @param {string | null | undefined} p */
  const add = (p) => p && !candidates.includes(p) && isExecutableFile(p) && candidates.push(p);
  add(findExecutable('ferretdb'));
  for (const d of goBinDirs(false)) add(path.join(d, 'ferretdb'));
  if (candidates.length === 0) for (const d of goBinDirs(true)) add(path.join(d, 'ferretdb'));
  const broken = [];
  for (const bin of candidates) {
    const r = spawnSync(bin, ['--version'], { stdio: 'ignore', timeout: 10_000 });
    if (r.status === 0) return { bin, broken };
    broken.push(bin);
  }
  return { bin: null, broken };
}

/**
 * Go's install directories: from the environment and ~/go/bin, or (askGo) from `go env`.
 * @param {boolean} askGo
 * @returns {string[]}
 */
function goBinDirs(askGo) {
  if (!askGo) {
    const dirs = [];
    if (process.env.GOBIN) dirs.push(process.env.GOBIN);
    for (const p of (process.env.GOPATH ?? '').split(path.delimiter)) if (p) dirs.push(path.join(p, 'bin'));
    dirs.push(path.join(os.homedir(), 'go', 'bin'));
    return dirs;
  }
  const go = findExecutable('go') ?? ['/usr/local/go/bin/go', '/usr/lib/go/bin/go'].find(isExecutableFile);
  if (!go) return [];
  const r = spawnSync(go, ['env', 'GOBIN', 'GOPATH'], { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) return [];
  const [gobin, gopath] = r.stdout.split('\n');
  return [gobin, ...(gopath ?? '').split(path.delimiter).map((p) => p && path.join(p, 'bin'))].filter(Boolean);
}

// ---------------------------------------------------------------- processes

/** Parent-death signal through util-linux setpriv, so children die even if we are SIGKILLed. */
const setpriv = process.platform === 'linux' ? findExecutable('setpriv') : null;

/**
 * @param {string} name
 * @param {string} bin
 * @param {string[]} args
 * @param {string} logFile
 */
function launch(name, bin, args, logFile) {
  const out = openSync(logFile, 'a');
  const [file, argv] = setpriv ? [setpriv, ['--pdeathsig', 'SIGKILL', '--', bin, ...args]] : [bin, args];
  let child;
  try {
    // Own process group: a Ctrl-C in the terminal reaches the command using the services, not the
    // services themselves; they are stopped after it has finished.
    child = spawn(file, argv, { stdio: ['ignore', out, out], detached: true });
  } finally {
    closeSync(out);
  }
  let exited = false;
  /** @type {Error | undefined} */
  let spawnError;
  /** @type {Promise<void>} */
  const exitPromise = new Promise((resolve) => {
    child.on('error', (err) => {
      spawnError = err;
      exited = true;
      running.delete(child);
      resolve();
    });
    child.on('exit', () => {
      exited = true;
      running.delete(child);
      resolve();
    });
  });
  running.add(child);
  installExitHandlers();

  const describeFailure = () => {
    if (spawnError) return `${name} could not be started: ${spawnError.message}`;
    const how = child.signalCode ? `was killed by ${child.signalCode}` : `exited with code ${child.exitCode}`;
    return `${name} ${how} during start-up. Last lines of ${logFile}:\n${tail(logFile, 15)}`;
  };
  return {
    name,
    pid: child.pid,
    logFile,
    get exited() {
      return exited;
    },
    describeFailure,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exitPromise;
      clearTimeout(timer);
    },
  };
}

let handlersInstalled = false;
function installExitHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', killAllNow);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    const onSignal = () => {
      // Someone else handles this signal (with-services.mjs, start.mjs, a test runner): they call stop(),
      // and the 'exit' handler is the backstop. Otherwise keep the default behaviour: clean up and die.
      if (process.listenerCount(sig) > 1) return;
      killAllNow();
      process.removeListener(sig, onSignal);
      process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}

function killAllNow() {
  for (const child of running) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const d of ownedTempDirs) rmSync(d, { recursive: true, force: true });
  ownedTempDirs.clear();
}

/**
 * @param {Service} service
 * @param {number} timeoutMs
 * @param {() => boolean | Promise<boolean>} probe
 */
async function waitUntil(service, timeoutMs, probe) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (service.exited) throw new Error(service.describeFailure());
    let ok;
    try {
      ok = await probe();
    } catch {
      ok = false;
    }
    if (ok && !service.exited) return;
    if (Date.now() > deadline) {
      throw new Error(
        `${service.name} did not become ready within ${timeoutMs / 1000} s. Last lines of ${service.logFile}:\n${tail(service.logFile, 15)}`,
      );
    }
    await new Promise((r) => setTimeout(r, POLL_INTERVAL_MS));
  }
}

/**
 * Free ports are found by binding port 0; if another process takes ours before the child binds it, try again.
 * @template T
 * @param {(port: number) => Promise<T>} startOnPort
 * @returns {Promise<T>}
 */
async function withPortRetries(startOnPort, attempts = 3) {
  /** @type {unknown} */
  let lastError;
  for (let i = 0; i < attempts; i++) {
    const port = await freePort();
    try {
      return await startOnPort(port);
    } catch (err) {
      lastError = err;
      if (!/address already in use|EADDRINUSE/i.test(err instanceof Error ? err.message : String(err))) throw err;
    }
  }
  throw lastError;
}

/** @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/** @param {number} port @returns {Promise<boolean>} */
function tcpAccepts(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1_000, () => socket.destroy());
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(false));
  });
}

// ---------------------------------------------------------------- helpers

/** Temp dirs left behind by a process that was SIGKILLed (its services died with it, see launch()). */
function removeStaleTempDirs() {
  let entries;
  try {
    entries = readdirSync(os.tmpdir()).filter((e) => e.startsWith(TEMP_PREFIX));
  } catch {
    return;
  }
  for (const e of entries) {
    const d = path.join(os.tmpdir(), e);
    try {
      const pid = Number(readFileSync(path.join(d, 'owner.pid'), 'utf8'));
      if (!Number.isInteger(pid) || pid <= 0 || isAlive(pid)) continue;
      rmSync(d, { recursive: true, force: true });
    } catch {
      // no owner.pid (not ours, or being created right now): leave it
    }
  }
}

/** @param {number} pid */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return /** @type {NodeJS.ErrnoException} */ (err).code === 'EPERM';
  }
}

/** @param {string} p */
function isExecutableFile(p) {
  try {
    accessSync(p, constants.X_OK);
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** @param {string} name @returns {string | null} */
function findExecutable(name) {
  for (const d of (process.env.PATH ?? '').split(path.delimiter)) {
    if (d && isExecutableFile(path.join(d, name))) return path.join(d, name);
  }
  return null;
}

/** @param {string} file @param {number} lines */
function tail(file, lines) {
  try {
    const text = readFileSync(file, 'utf8').trimEnd();
    return text
      ? text
          .split('\n')
          .slice(-lines)
          .map((l) => `  ${l}`)
          .join('\n')
      : '  (empty)';
  } catch {
    return '  (no log)';
  }
}

/** @param {string} url */
function redactUrl(url) {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

// ---------------------------------------------------------------- CLI

const invokedDirectly = (() => {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

if (invokedDirectly) {
  /** @type {LocalServices | undefined} */
  let services;
  const shutdown = async () => {
    await services?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  try {
    services = await ensureServices();
  } catch (err) {
    process.stderr.write(`local-services: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
  process.stdout.write(`REDIS_URL=${services.redisUrl}\nMONGO_URI=${services.mongoUri}\n`);
  process.stderr.write('local-services: running; press Ctrl-C to stop\n');
  setInterval(() => {}, 1 << 30); // stay alive until a signal arrives
}
