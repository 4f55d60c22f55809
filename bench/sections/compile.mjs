// Section 4, compile time of a C++ A+B that includes <bits/stdc++.h>, as the worker reports it
// (the `compiled` event's compileMs: the compile step's wall time in the sandbox). One row per way
// of compiling; a row this build cannot measure says why, so that a precompiled header or a
// compile cache adds its measurement here.
import { randomBytes } from 'node:crypto';
import { expectAccepted, judgeFollowed } from '../judge-client.mjs';
import { rounded, summarize } from '../stats.mjs';

/** @param {string} marker makes the source text unique (a cache keyed by it cannot hit) */
const source = (marker) =>
  `#include <bits/stdc++.h>\nusing namespace std;\n// ${marker}\nint main(){long long a,b;cin>>a>>b;cout<<a+b<<"\\n";}\n`;

/**
 * Compiles `sources()` one at a time through the service and returns each compileMs.
 * @param {{ url: string }} stack
 * @param {number} n
 * @param {() => string} nextSource
 */
async function compileTimes(stack, n, nextSource) {
  /** @type {number[]} */
  const times = [];
  for (let i = 0; i < n; i++) {
    const { finished, events } = await judgeFollowed(stack.url, {
      language: 'cpp17',
      sourceCode: nextSource(),
      testCases: [{ input: '1 2\n', expectedOutput: '3\n' }],
    });
    expectAccepted(finished, 'compile C++ <bits/stdc++.h> A+B');
    const compiled = events.find((e) => e.type === 'compiled');
    if (!compiled) throw new Error('no compiled event');
    times.push(compiled.compileMs);
  }
  return times;
}

/**
 * @typedef {{ id: string, label: string, measure?: (stack: { url: string }, n: number) => Promise<number[]>, unmeasured?: string }} CompileRow
 */

/** @type {CompileRow[]} */
export const COMPILE_ROWS = [
  {
    id: 'cold',
    label: 'a source not compiled before (no PCH)',
    measure: (stack, n) => compileTimes(stack, n, () => source(`bench ${randomBytes(8).toString('hex')}`)),
  },
  {
    id: 'with-pch',
    label: 'a source not compiled before, with a precompiled <bits/stdc++.h>',
    unmeasured: 'this build has no precompiled header',
  },
  {
    id: 'repeat',
    label: 'the same source again (a compile cache hit, where there is one)',
    measure: async (stack, n) => {
      const same = source(`bench repeat ${randomBytes(8).toString('hex')}`);
      await compileTimes(stack, 1, () => same); // its first compile
      return compileTimes(stack, n, () => same);
    },
  },
];

/**
 * @param {{ count: (n: number) => number, log: (line: string) => void, stack: { url: string } }} ctx
 */
export async function compile({ count, log, stack }) {
  const n = count(10);
  const rows = [];
  for (const row of COMPILE_ROWS) {
    if (!row.measure) {
      rows.push({ id: row.id, label: row.label, measured: false, note: row.unmeasured });
      continue;
    }
    log(`compile: ${row.label}, ${n} compiles`);
    rows.push({ id: row.id, label: row.label, measured: true, compileMs: rounded(summarize(await row.measure(stack, n)), 0) });
  }
  return { language: 'cpp17', rows };
}
