// Judge time of a large inline submission: one POST /submissions with TESTS inline test cases of
// ~15 MB in all (input and expected output each TOTAL_BYTES / TESTS / 2), judged by a `cat`-like
// Python program (so every test is Accepted), timed from the POST to the `finished` event on the
// Redis channel. Starts one API and one worker here (local Redis and MongoDB/FerretDB unless
// REDIS_URL / MONGO_URI are set); the API's body limit is raised to fit the request.
// Usage (after npm run build): node bench/inline-large.mjs [TOTAL_BYTES=15000000] [TESTS=100] [TIMEOUT_S=600]
import { finishedEvents, startStack } from './bench-stack.mjs';

const totalBytes = Number(process.argv[2] ?? 15_000_000);
const tests = Number(process.argv[3] ?? 100);
const timeoutS = Number(process.argv[4] ?? 600);
const SOURCE = 'import sys\nsys.stdout.write(sys.stdin.read())\n';

/**
 * Text of `bytes` bytes: lines of digits, different per test so no two tests share bytes.
 * @param {number} test @param {number} bytes
 */
function testText(test, bytes) {
  const line = `${String(test).padStart(4, '0')} 0123456789 abcdefghij\n`;
  return line.repeat(Math.ceil(bytes / line.length)).slice(0, bytes - 1) + '\n';
}

const perFile = Math.floor(totalBytes / tests / 2);
const testCases = Array.from({ length: tests }, (_, i) => {
  const text = testText(i + 1, perFile);
  return { input: text, expectedOutput: text };
});
const body = JSON.stringify({ language: 'python3', sourceCode: SOURCE, testCases, limits: { outputKiB: 1024 } });

const stack = await startStack({ BODY_LIMIT_BYTES: String(Math.max(16_777_216, body.length + 65_536)) });
try {
  const events = await finishedEvents(stack.redisUrl);
  const t = performance.now();
  const res = await fetch(`${stack.url}/submissions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const posted = performance.now() - t;
  if (res.status !== 201) throw new Error(`POST /submissions answered ${res.status}: ${await res.text()}`);
  const { id } = /** @type {{ id: string }} */ (await res.json());
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not finished after ${timeoutS} s (judge time > ${timeoutS} s)`)), timeoutS * 1000);
  });
  const event = /** @type {import('../libs/contracts/index.js').FinishedEvent} */ (await Promise.race([events.finished(id), timeout]));
  clearTimeout(timer);
  const total = performance.now() - t;
  if (event.verdict !== 'AC') throw new Error(`verdict ${event.verdict}`);
  console.log(
    `inline ${(body.length / 1e6).toFixed(1)} MB request, ${tests} tests (python3 cat): POST → finished ${(total / 1000).toFixed(1)} s ` +
      `(POST answered in ${(posted / 1000).toFixed(1)} s), verdict ${event.verdict}`,
  );
  await events.close();
} finally {
  await stack.stop();
}
