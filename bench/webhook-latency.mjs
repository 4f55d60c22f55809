// Webhook delivery latency: from a submission's `finished` event (its publication time, `at`) to the
// signed POST arriving at a receiver on 127.0.0.1 (allow-listed), for a Python A+B with one test,
// N submissions one after another, with one API and one worker started here (local Redis and
// MongoDB/FerretDB unless REDIS_URL / MONGO_URI are set). The receiver answers 200 at once and checks
// every signature. The path measured: the worker stores the verdict, publishes `finished`, records the
// delivery and queues its job; the worker's sender takes the job, reads the submission, signs and POSTs.
// Usage (as root, after npm run build): node bench/webhook-latency.mjs [N=40]
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { finishedEvents, startStack } from './bench-stack.mjs';
import { quantile } from './stats.mjs';

const n = Number(process.argv[2] ?? 40);
const secret = `bench-${process.pid}-0123456789abcdef0123456789`;

/** @type {Map<string, number>} submission id → Date.now() when its webhook arrived */
const arrivals = new Map();
/** @type {Map<string, () => void>} */
const waiting = new Map();
let badSignatures = 0;
const receiver = createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const at = Date.now();
    const expected = Buffer.from(
      'v1=' + createHmac('sha256', secret).update(`${req.headers['verdict-webhook-timestamp']}.${body}`).digest('hex'),
    );
    const given = Buffer.from(String(req.headers['verdict-webhook-signature']));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) badSignatures++;
    const id = /** @type {{ submission: { id: string } }} */ (JSON.parse(body)).submission.id;
    arrivals.set(id, at);
    waiting.get(id)?.();
    res.writeHead(204).end();
  });
});
await new Promise((resolve) => receiver.listen(0, '127.0.0.1', () => resolve(undefined)));
const { port } = /** @type {import('node:net').AddressInfo} */ (receiver.address());

/** @param {string} id */
const arrived = (id) => (arrivals.has(id) ? Promise.resolve() : new Promise((resolve) => waiting.set(id, () => resolve(undefined))));

const stack = await startStack({ WEBHOOK_SECRET: secret, WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
try {
  const events = await finishedEvents(stack.redisUrl);
  const body = JSON.stringify({
    language: 'python3',
    sourceCode: 'a, b = map(int, input().split())\nprint(a + b)\n',
    testCases: [{ input: '1 2\n', expectedOutput: '3\n' }],
    callbackUrl: `http://127.0.0.1:${port}/hook`,
  });
  /** @type {number[]} */
  const times = [];
  for (let i = 0; i < n + 3; i++) {
    const res = await fetch(`${stack.url}/submissions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    if (res.status !== 201) throw new Error(`POST /submissions: ${res.status} ${await res.text()}`);
    const { id } = /** @type {{ id: string }} */ (await res.json());
    const event = await events.finished(id);
    await arrived(id);
    if (i >= 3) times.push(/** @type {number} */ (arrivals.get(id)) - Date.parse(event.at)); // the first runs warm up
  }
  times.sort((a, b) => a - b);
  /** @param {number} p */
  const q = (p) => quantile(times, p);
  console.log(
    `webhook delivery after the finished event: median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${times[times.length - 1]} ms ` +
      `(n=${n}, ms resolution; ${badSignatures} bad signatures)`,
  );
  await events.close();
} finally {
  await stack.stop();
  receiver.close();
}
