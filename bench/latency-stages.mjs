// Where the idle end-to-end latency goes (issue 12): follows submissions one at a time as
// sections/latency.mjs does and splits each POST → `finished` into stages by the events'
// publication times (`at`, the worker's clock; same host as this script):
//   compiling POST sent → `compiling` published (validation, insert, enqueue, queue pickup, read for
//             judging, markStarted, publish)
//   compiled  `compiling` → `compiled` published (compile stage, storing `running`, publish)
//   test i    previous event → `test-finished` i published (a `running` store and publish, the run, the store and publish of its result)
//   finished  last test → `finished` published (storing the verdict, publish)
// The rest of `total` (POST → `finished` received) is the Socket.IO delivery of `finished`; it is
// not split out here: `at` and the client's clock start differ by the client's connect.
// Usage: node bench/latency-stages.mjs [samples per case, default 50] (after `npm run build`).
import { startStack } from './bench-stack.mjs';
import { aPlusB, expectAccepted, judgeFollowed } from './judge-client.mjs';
import { rounded, summarize } from './stats.mjs';

const samples = Number(process.argv[2] ?? 50);
const WARM_UP = 3;
const stack = await startStack();
try {
  for (const { language, tests } of [
    { language: 'python3', tests: 1 },
    { language: 'cpp17', tests: 10 },
  ]) {
    /** @type {Record<string, number[]>} */
    const stages = {};
    /** @param {string} name @param {number} ms */
    const add = (name, ms) => (stages[name] ??= []).push(ms);
    const body = aPlusB(language, tests);
    for (let i = 0; i < samples + WARM_UP; i++) {
      const t0 = Date.now();
      const { ms, events, finished } = await judgeFollowed(stack.url, body);
      expectAccepted(finished, `${language} A+B`);
      if (i < WARM_UP) continue;
      add('total', ms);
      /** @param {string} type */
      const at = (type) => events.filter((e) => e.type === type).map((e) => Date.parse(e.at) - t0);
      const [compiling] = at('compiling');
      const [compiled] = at('compiled');
      const results = at('test-finished');
      const [done] = at('finished');
      add('compiling', compiling);
      add('compiled', compiled - compiling);
      let previous = compiled;
      results.forEach((t, k) => {
        add(k === 0 ? 'test 1' : 'test 2..n', t - previous);
        previous = t;
      });
      add('finished', done - previous);
    }
    const lines = Object.entries(stages).map(([name, values]) => {
      const s = rounded(summarize(values), 1);
      return `  ${name.padEnd(10)} median ${String(s.median).padStart(6)} ms  p95 ${String(s.p95).padStart(6)} ms  (n ${values.length})`;
    });
    console.log(`${language} A+B, ${tests} test(s):\n${lines.join('\n')}`);
  }
} finally {
  await stack.stop();
}
