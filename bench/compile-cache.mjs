// The compile step of a C++17 A+B that includes <bits/stdc++.h>, as the worker reports it (the
// `compiled` event's compileMs: wall time from the compile's start to its outcome, the sandbox
// included), three ways: cold without the precompiled header (a declaration before the include,
// so g++ may not use it and parses the header), with it, and a compile cache hit (the same source
// again: no compiler runs). One API and one worker started here, on a fresh SANDBOX_WORK_DIR, so
// the worker builds its precompiled headers at start and its compile cache starts empty.
// Usage (as root, after npm run build): node bench/compile-cache.mjs [N=5]
import { rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startStack } from './bench-stack.mjs';

const n = Number(process.argv[2] ?? 5);
const BODY = 'using namespace std;\nint main() { long long a, b; cin >> a >> b; cout << a + b << "\\n"; }\n';
/** A source no earlier run compiled (the comment makes it distinct; a comment is no C++ token). */
const withPch = (/** @type {string} */ nonce) => `// ${nonce}\n#include <bits/stdc++.h>\n${BODY}`;
/** The same program with a token before the include: GCC uses a precompiled header only before the first token. */
const withoutPch = (/** @type {string} */ nonce) => `static int nonce_${nonce};\n#include <bits/stdc++.h>\n${BODY}`;

const workDir = mkdtempSync(join(tmpdir(), 'verdict-bench-compile-cache-'));
const started = performance.now();
const stack = await startStack({ SANDBOX_WORK_DIR: workDir, WORKER_CONCURRENCY: '1' });
// The precompiled headers are built once the worker is ready.
while (!stack.workerOutput().includes('precompiled headers ready')) await new Promise((resolve) => setTimeout(resolve, 100));
const startMs = performance.now() - started;
const sub = new Redis(stack.redisUrl);
try {
  /** The `compiled` events seen, by submission id. @type {Map<string, { compileMs: number, compileCached: boolean }>} */
  const compiled = new Map();
  sub.on('message', (_c, m) => {
    const e = /** @type {import('../libs/contracts/index.js').SubmissionEvent} */ (JSON.parse(m));
    if (e.type === 'compiled') compiled.set(e.submissionId, e);
  });
  await sub.subscribe('verdict:submission-events');

  /** Judges `sourceCode` (waiting for the verdict); @returns {Promise<{ compileMs: number, compileCached: boolean }>} its compiled event. */
  const compile = async (/** @type {string} */ sourceCode) => {
    const body = JSON.stringify({ language: 'cpp17', sourceCode, testCases: [{ input: '1 2\n', expectedOutput: '3\n' }] });
    const res = await fetch(`${stack.url}/submissions?wait=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const view = /** @type {{ id: string, verdict: string }} */ (await res.json());
    if (res.status !== 201 || view.verdict !== 'AC') throw new Error(`POST /submissions: ${res.status} ${JSON.stringify(view)}`);
    // Published before `finished`, so it is here or about to be.
    for (let waited = 0; !compiled.has(view.id); waited += 10) {
      if (waited > 5000) throw new Error(`no compiled event for ${view.id}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return /** @type {{ compileMs: number, compileCached: boolean }} */ (compiled.get(view.id));
  };

  const median = (/** @type {number[]} */ xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  /** @type {{ cold: number[], pch: number[], hit: number[] }} */
  const ms = { cold: [], pch: [], hit: [] };
  for (let i = 0; i < n; i++) {
    const nonce = `${process.pid}_${i}`;
    const cold = await compile(withoutPch(nonce));
    const pch = await compile(withPch(nonce));
    const hit = await compile(withPch(nonce));
    if (cold.compileCached || pch.compileCached || !hit.compileCached) throw new Error('unexpected compile cache use');
    ms.cold.push(cold.compileMs);
    ms.pch.push(pch.compileMs);
    ms.hit.push(hit.compileMs);
  }
  const [cold, pch, hit] = [median(ms.cold), median(ms.pch), median(ms.hit)];
  console.log(`worker start until its precompiled headers were ready: ${(startMs / 1000).toFixed(1)} s`);
  console.log(`C++17 A+B with <bits/stdc++.h>, compile step (compiled event), median of ${n}:`);
  console.log(`  cold, without the precompiled header: ${cold} ms   ${JSON.stringify(ms.cold)}`);
  console.log(`  with the precompiled header:          ${pch} ms   ${JSON.stringify(ms.pch)}  (${(cold / pch).toFixed(1)}× faster)`);
  console.log(`  compile cache hit:                    ${hit} ms   ${JSON.stringify(ms.hit)}`);
} finally {
  await sub.quit();
  await stack.stop();
  rmSync(workDir, { recursive: true, force: true });
}
