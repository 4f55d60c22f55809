// Section 5, CPU-time stability: one CPU-bound C program of about 1 s judged many times while
// every worker slot is busy; the spread of the CPU times the judge reports.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finishedEvents, postSubmission } from '../bench-stack.mjs';
import { runBare } from '../bare-run.mjs';
import { resolveLanguages } from '../built.mjs';
import { expectAccepted } from '../judge-client.mjs';
import { round, rounded, summarize } from '../stats.mjs';

/**
 * Loops n times (n from stdin) on a volatile counter: fixed work, no memory traffic beyond it.
 * Prints its own CPU time (clock(), ms) on stderr, for the calibration.
 */
const SOURCE =
  '#include <stdio.h>\n#include <time.h>\nint main(void){unsigned long long n;if(scanf("%llu",&n)!=1)return 1;volatile unsigned long long x=0;for(unsigned long long i=0;i<n;i++)x+=i;printf("%llu\\n",(unsigned long long)x);fprintf(stderr,"%ld\\n",(long)(clock()*1000/CLOCKS_PER_SEC));return 0;}\n';
const TARGET_MS = 1000;

/**
 * The loop count that takes about TARGET_MS of CPU time bare on this host (the program compiled
 * with the C language's own compile argv; its own CPU time, so that a loaded machine does not skew it).
 */
async function calibrate() {
  const [c] = resolveLanguages(['c']);
  const dir = mkdtempSync(join(tmpdir(), 'verdict-bench-cpu-'));
  try {
    const sourceFile = c.definition.sourceFile;
    writeFileSync(join(dir, sourceFile), SOURCE);
    const compiled = await runBare(/** @type {string[]} */ (c.compileArgv(sourceFile)), { cwd: dir });
    if (compiled.code !== 0) throw new Error(`gcc: ${compiled.stderr}`);
    const probe = 200_000_000;
    const { stderr } = await runBare([join(dir, 'main')], { stdin: `${probe}\n`, cwd: dir });
    const cpuMs = Number(stderr.trim());
    if (!(cpuMs > 0)) throw new Error(`the calibration run printed no CPU time: ${JSON.stringify(stderr)}`);
    return Math.round((probe * TARGET_MS) / cpuMs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * @param {{ count: (n: number) => number, log: (line: string) => void, stack: { url: string, redisUrl: string } }} ctx
 */
export async function cpuStability({ count, log, stack }) {
  const n = count(50);
  const loops = await calibrate();
  log(`cpu: ${n} judgings of a ~${TARGET_MS} ms loop (${loops} iterations), all submitted at once`);
  const events = await finishedEvents(stack.redisUrl);
  try {
    const body = { language: 'c', sourceCode: SOURCE, stdin: `${loops}\n`, limits: { cpuTimeMs: 5 * TARGET_MS } };
    // Every submission is queued before the first is judged, and one more follows the last
    // measured one, so that every measured run shares the machine with another busy slot.
    const ids = [];
    for (let i = 0; i < n + 1; i++) ids.push(await postSubmission(stack.url, body));
    const results = await Promise.all(ids.map((id) => events.finished(id)));
    results.forEach((f) => expectAccepted(f, 'CPU-bound loop'));
    const cpuMs = results.slice(0, n).map((f) => f.cpuTimeMs);
    const s = summarize(cpuMs);
    const spreadPct = (100 * Math.max(s.median - s.min, s.max - s.median)) / s.median;
    return { loops, judgings: n, cpuTimeMs: rounded(s, 1), spreadPct: round(spreadPct, 2) };
  } finally {
    await events.close();
  }
}
