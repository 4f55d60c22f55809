// Section 2, end-to-end latency on an idle system: POST /submissions → the `finished` event over
// Socket.IO, one submission at a time.
import { aPlusB, expectAccepted, judgeFollowed } from '../judge-client.mjs';
import { rounded, summarize } from '../stats.mjs';

const WARM_UP = 3;
export const LATENCY_CASES = [
  { id: 'python3-1', label: 'Python A+B, 1 test', language: 'python3', tests: 1 },
  { id: 'cpp17-10', label: 'C++ A+B, 10 tests', language: 'cpp17', tests: 10 },
];

/**
 * @param {{ count: (n: number) => number, log: (line: string) => void, stack: { url: string } }} ctx
 */
export async function latency({ count, log, stack }) {
  const n = count(200);
  const cases = [];
  for (const c of LATENCY_CASES) {
    log(`latency: ${c.label}, ${n} submissions`);
    const body = aPlusB(c.language, c.tests);
    /** @type {number[]} */
    const times = [];
    for (let i = 0; i < n + WARM_UP; i++) {
      const { ms, finished } = await judgeFollowed(stack.url, body);
      expectAccepted(finished, c.label);
      if (i >= WARM_UP) times.push(ms);
    }
    cases.push({ ...c, ms: rounded(summarize(times), 1) });
  }
  return { warmUp: WARM_UP, cases };
}
