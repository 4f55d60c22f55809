// Usage: node scripts/with-services.mjs CMD [ARGS...]
//
// Runs CMD with REDIS_URL and MONGO_URI pointing at local services (see local-services.mjs: the
// ones already configured in the environment, or fresh throw-away ones), then stops the services
// and exits with CMD's exit code. CMD is looked up in node_modules/.bin first, then on PATH.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureServices } from './local-services.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  process.stderr.write('usage: node scripts/with-services.mjs CMD [ARGS...]\n');
  process.exit(2);
}

const binDir = path.join(root, 'node_modules', '.bin');
const file = !cmd.includes('/') && existsSync(path.join(binDir, cmd)) ? path.join(binDir, cmd) : cmd;

// Signals that arrive while the services are starting end the run once they are up.
/** @type {NodeJS.Signals | null} */
let pendingSignal = null;
/** @type {import('node:child_process').ChildProcess | null} */
let child = null;
/** @param {NodeJS.Signals} sig */
const forward = (sig) => {
  if (child) child.kill(sig);
  else pendingSignal ??= sig;
};
for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) process.on(sig, forward);

let services;
try {
  services = await ensureServices();
} catch (err) {
  process.stderr.write(`with-services: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
if (pendingSignal) {
  await services.stop();
  process.exit(128 + os.constants.signals[pendingSignal]);
}

const running = spawn(file, args, {
  stdio: 'inherit',
  env: {
    ...process.env,
    REDIS_URL: services.redisUrl,
    MONGO_URI: services.mongoUri,
    PATH: [binDir, process.env.PATH].filter(Boolean).join(path.delimiter),
  },
});
child = running;

/** @type {number} */
const code = await new Promise((resolve) => {
  running.on('error', (/** @type {NodeJS.ErrnoException} */ err) => {
    process.stderr.write(
      err.code === 'ENOENT'
        ? `with-services: command not found: ${cmd} (looked in ${binDir} and on PATH)\n`
        : `with-services: could not start ${cmd}: ${err.message}\n`,
    );
    resolve(err.code === 'ENOENT' ? 127 : 126);
  });
  running.on('exit', (exitCode, signal) => resolve(exitCode ?? 128 + (signal ? os.constants.signals[signal] : 0)));
});

await services.stop();
process.exit(code);
