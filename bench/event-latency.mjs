// Live event latency: from an event's publication (its `at`) to a client receiving it, over Socket.IO
// (`subscribe` with afterSeq) and Server-Sent Events (`GET /submissions/:id/events`), both following
// the same submissions at once. N Python A+B submissions with three tests each (10 events apiece), one
// after another, with one API and one worker started here (local Redis and MongoDB/FerretDB unless
// REDIS_URL / MONGO_URI are set). Only events published after the client was listening count (not the
// replayed ones); `at` and the receipt are both this host's clock, ms resolution.
// Usage (as root, after npm run build): node bench/event-latency.mjs [N=40]
import { io } from 'socket.io-client';
import { startStack } from './bench-stack.mjs';
import { quantile } from './stats.mjs';

const n = Number(process.argv[2] ?? 40);
const body = JSON.stringify({
  language: 'python3',
  sourceCode: 'a, b = map(int, input().split())\nprint(a + b)\n',
  testCases: [
    { input: '1 2\n', expectedOutput: '3\n' },
    { input: '2 3\n', expectedOutput: '5\n' },
    { input: '10 20\n', expectedOutput: '30\n' },
  ],
});

/** @typedef {{ type: string, seq: number, at: string, submissionId: string }} Event */

/**
 * Follows `id` over Socket.IO from seq 0; resolves with the latencies of the live events once `finished` arrives.
 * @param {import('socket.io-client').Socket} socket
 * @param {string} id
 * @returns {Promise<number[]>}
 */
async function viaSocket(socket, id) {
  /** @type {number[]} */
  const latencies = [];
  let listeningSince = Infinity;
  /** @type {(value: number[]) => void} */
  let done = () => undefined;
  const finished = new Promise((resolve) => (done = resolve));
  /** @param {Event} event */
  const onEvent = (event) => {
    if (event.submissionId !== id) return;
    const received = Date.now();
    const at = Date.parse(event.at);
    if (at >= listeningSince) latencies.push(received - at);
    if (event.type === 'finished') done(latencies);
  };
  socket.on('event', onEvent);
  const ack = await socket.timeout(10_000).emitWithAck('subscribe', { submissionId: id, afterSeq: 0 });
  if (!ack.ok) throw new Error(`subscribe: ${ack.message}`);
  listeningSince = Date.now();
  const result = await finished;
  socket.off('event', onEvent);
  return result;
}

/**
 * Follows `id` over SSE from seq 0 until the server ends the stream; resolves with the latencies of the live events.
 * @param {string} url
 * @param {string} id
 * @returns {Promise<number[]>}
 */
async function viaSse(url, id) {
  const response = await fetch(`${url}/submissions/${id}/events`, { signal: AbortSignal.timeout(60_000) });
  if (response.status !== 200 || !response.body) throw new Error(`GET events: ${response.status}`);
  const listeningSince = Date.now();
  /** @type {number[]} */
  const latencies = [];
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of response.body) {
    const received = Date.now();
    text += decoder.decode(chunk, { stream: true });
    let cut;
    while ((cut = text.indexOf('\n\n')) >= 0) {
      const data = text
        .slice(0, cut)
        .split('\n')
        .find((line) => line.startsWith('data: '));
      text = text.slice(cut + 2);
      if (!data) continue;
      const at = Date.parse(/** @type {Event} */ (JSON.parse(data.slice(6))).at);
      if (at >= listeningSince) latencies.push(received - at);
    }
  }
  return latencies;
}

const stack = await startStack();
const socket = io(stack.url, { transports: ['websocket'] });
try {
  await new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(undefined));
    socket.once('connect_error', reject);
  });
  /** @type {{ socket: number[], sse: number[] }} */
  const all = { socket: [], sse: [] };
  for (let i = 0; i < n + 3; i++) {
    const res = await fetch(`${stack.url}/submissions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    if (res.status !== 201) throw new Error(`POST /submissions: ${res.status} ${await res.text()}`);
    const { id } = /** @type {{ id: string }} */ (await res.json());
    const [bySocket, bySse] = await Promise.all([viaSocket(socket, id), viaSse(stack.url, id)]);
    if (i < 3) continue; // the first runs warm up
    all.socket.push(...bySocket);
    all.sse.push(...bySse);
  }
  console.log(`event latency, publication (at) → client, ${n} submissions of 10 events (live events only, ms resolution)`);
  console.log('transport   events  median  p95   max');
  for (const [name, times] of /** @type {const} */ ([
    ['Socket.IO', all.socket],
    ['SSE', all.sse],
  ])) {
    times.sort((a, b) => a - b);
    const cells = [quantile(times, 0.5), quantile(times, 0.95), times[times.length - 1]].map((t) => `${t} ms`.padEnd(6));
    console.log(`${name.padEnd(11)} ${String(times.length).padEnd(7)} ${cells.join(' ')}`);
  }
} finally {
  socket.close();
  await stack.stop();
}
