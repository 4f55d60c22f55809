// Idle end-to-end latency: POST /submissions → the `finished` event on the Redis channel, for an
// A+B with one test case, sequentially N times, with one API and one worker started here
// (local Redis and MongoDB/FerretDB unless REDIS_URL / MONGO_URI are set).
// Usage (as root, after npm run build): node bench/latency.mjs [N=30] [language=python3]
import { finishedEvents, startStack } from './bench-stack.mjs';

const n = Number(process.argv[2] ?? 30);
const language = process.argv[3] ?? 'python3';
/** @type {Record<string, string>} */
const SOURCES = {
  python3: 'a, b = map(int, input().split())\nprint(a + b)\n',
  c: '#include <stdio.h>\nint main(void){long a,b;scanf("%ld %ld",&a,&b);printf("%ld\\n",a+b);return 0;}\n',
};

if (!(language in SOURCES)) throw new Error(`no A+B source for ${language}; one of: ${Object.keys(SOURCES).join(', ')}`);

const stack = await startStack();
try {
  const events = await finishedEvents(stack.redisUrl);
  const body = JSON.stringify({ language, sourceCode: SOURCES[language], testCases: [{ input: '1 2\n', expectedOutput: '3\n' }] });
  /** @type {number[]} */
  const times = [];
  for (let i = 0; i < n + 3; i++) {
    const t = performance.now();
    const res = await fetch(`${stack.url}/submissions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const { id } = /** @type {{ id: string }} */ (await res.json());
    const event = await events.finished(id);
    if (event.verdict !== 'AC') throw new Error(`verdict ${event.verdict}`);
    if (i >= 3) times.push(performance.now() - t); // the first runs warm the caches
  }
  times.sort((a, b) => a - b);
  /** @param {number} p */
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
  console.log(
    `${language} A+B, 1 test, POST → finished event: median ${q(0.5)} ms, p95 ${q(0.95)} ms, min ${times[0].toFixed(1)} ms (n=${n})`,
  );
  await events.close();
} finally {
  await stack.stop();
}
