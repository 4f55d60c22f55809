// Latency of the Judge0-compatible `POST /judge0/submissions?wait=true` for a Python A+B (one request
// from sending to the judged result), sequentially N times, with one API and one worker started here
// (local Redis and MongoDB/FerretDB unless REDIS_URL / MONGO_URI are set). Compare with
// the Python row of `npm run bench -- --only latency` in the same session (docs/judge0.md, "Figures").
// Usage (as root, after npm run build): node bench/judge0-wait.mjs [N=30]
import { startStack } from './bench-stack.mjs';
import { quantile } from './stats.mjs';

const n = Number(process.argv[2] ?? 30);
const body = JSON.stringify({
  source_code: 'a, b = map(int, input().split())\nprint(a + b)\n',
  language_id: 71,
  stdin: '1 2\n',
  expected_output: '3\n',
});

const stack = await startStack();
try {
  /** @type {number[]} */
  const times = [];
  for (let i = 0; i < n + 3; i++) {
    const t = performance.now();
    const res = await fetch(`${stack.url}/judge0/submissions?wait=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const result = /** @type {{ status?: { id: number, description: string } }} */ (await res.json());
    if (res.status !== 201 || result.status?.id !== 3) throw new Error(`answer ${res.status} ${JSON.stringify(result)}`);
    if (i >= 3) times.push(performance.now() - t); // the first runs warm the caches
  }
  times.sort((a, b) => a - b);
  /** @param {number} p */
  const q = (p) => quantile(times, p).toFixed(1);
  console.log(
    `judge0 wait=true, Python A+B: median ${q(0.5)} ms, p95 ${q(0.95)} ms, min ${times[0].toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms (n=${n})`,
  );
} finally {
  await stack.stop();
}
