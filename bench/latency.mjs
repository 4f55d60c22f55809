// Idle end-to-end latency: POST /submissions → the `finished` event on the Redis channel, for a
// Python A+B with one test case, sequentially N times, with one API and one worker started here
// (local Redis and MongoDB/FerretDB unless REDIS_URL / MONGO_URI are set).
// Usage (as root, after npm run build): node bench/latency.mjs [N=30] [language=python3]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { ensureServices } from '../scripts/local-services.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const n = Number(process.argv[2] ?? 30);
const language = process.argv[3] ?? 'python3';
const SOURCES = {
  python3: 'a, b = map(int, input().split())\nprint(a + b)\n',
  c: '#include <stdio.h>\nint main(void){long a,b;scanf("%ld %ld",&a,&b);printf("%ld\\n",a+b);return 0;}\n',
};

const freePort = () => new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

const services = await ensureServices();
const port = await freePort();
const env = { ...process.env, REDIS_URL: services.redisUrl, MONGO_URI: services.mongoUri, QUEUE_PREFIX: `bench-${process.pid}`, PORT: String(port) };
const start = (entry, readyText) => {
  const child = spawn(process.execPath, [join(root, entry)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const ready = new Promise((resolve, reject) => {
    const onData = (c) => { out += c; if (out.includes(readyText)) resolve(); };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${entry} exited ${code}:\n${out.slice(-3000)}`)));
  });
  return { child, ready };
};
const worker = start('dist/src/main.worker.js', 'worker ready');
const api = start('dist/src/main.js', 'API listening');
try {
  await Promise.all([worker.ready, api.ready]);
  const sub = new Redis(services.redisUrl);
  const finished = new Map();
  sub.on('message', (_c, m) => {
    const e = JSON.parse(m);
    if (e.type === 'finished') finished.get(e.submissionId)?.(e);
  });
  await sub.subscribe('verdict:submission-events');
  const url = `http://127.0.0.1:${port}/submissions`;
  const body = JSON.stringify({ language, sourceCode: SOURCES[language], testCases: [{ input: '1 2\n', expectedOutput: '3\n' }] });
  const times = [];
  for (let i = 0; i < n + 3; i++) {
    const t = performance.now();
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const { id } = await res.json();
    const event = await new Promise((resolve) => {
      finished.set(id, resolve);
    });
    if (event.verdict !== 'AC') throw new Error(`verdict ${event.verdict}`);
    if (i >= 3) times.push(performance.now() - t); // the first runs warm the caches
  }
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
  console.log(`${language} A+B, 1 test, POST → finished event: median ${q(0.5)} ms, p95 ${q(0.95)} ms, min ${times[0].toFixed(1)} ms (n=${n})`);
  await sub.quit();
} finally {
  for (const p of [api, worker]) { p.child.kill('SIGTERM'); }
  await Promise.all([once(api.child, 'exit'), once(worker.child, 'exit')]).catch(() => undefined);
  await services.stop();
}
