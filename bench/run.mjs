// `npm run bench`: Verdict's benchmark suite (issue 12). Starts what a section needs (a sandbox
// of its own; local services, the built API and a worker), runs the sections, checks the issue's
// targets and writes bench/results/<YYYY-MM-DD>.json and .md (the Markdown also to stdout).
// Usage (as root, after npm run build, which `npm run bench` does first):
//   node bench/run.mjs [--quick] [--scale [SECTION,...=]F]... [--only overhead,latency,throughput,compile,cpu]
// --quick divides every count by 10 (about a minute on an idle machine); --scale F multiplies them
// by F, --scale throughput,latency=F those sections' only (repeatable, later ones win). A run with
// other than the full counts, or only some sections, is written with a suffix (-quick, -scaled,
// -overhead-latency), so that it never replaces a full run's file.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startStack } from './bench-stack.mjs';
import { root } from './built.mjs';
import { describeMachine, loadNow } from './machine.mjs';
import { checkTargets, toMarkdown } from './report.mjs';
import { compile } from './sections/compile.mjs';
import { cpuStability } from './sections/cpu-stability.mjs';
import { latency } from './sections/latency.mjs';
import { overhead } from './sections/overhead.mjs';
import { throughput } from './sections/throughput.mjs';

/** In the order they run; the sandbox section first, before the stack is up. */
const SECTIONS = {
  overhead: { run: overhead, needsStack: false },
  latency: { run: latency, needsStack: true },
  throughput: { run: throughput, needsStack: true },
  compile: { run: compile, needsStack: true },
  cpu: { run: cpuStability, needsStack: true },
};
/** @typedef {keyof typeof SECTIONS} SectionName */

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    scale: { type: 'string', multiple: true, default: [] },
    only: { type: 'string' },
  },
});
const names = /** @type {SectionName[]} */ (Object.keys(SECTIONS));
/** @param {string} list @param {string} what */
const sectionNames = (list, what) => {
  const unknown = list.split(',').filter((s) => !names.includes(/** @type {SectionName} */ (s)));
  if (unknown.length) throw new Error(`${what}: unknown section ${unknown.join(', ')}; the sections: ${names.join(', ')}`);
  return /** @type {SectionName[]} */ (list.split(','));
};
const only = values.only === undefined ? undefined : sectionNames(values.only, '--only');
const selected = names.filter((n) => !only || only.includes(n));
/** Each section's scale: --quick's 0.1, then `--scale F` for all, then `--scale name,name=F` for those. */
const scales = Object.fromEntries(names.map((n) => [n, values.quick ? 0.1 : 1]));
for (const given of values.scale) {
  const [list, factor] = given.includes('=') ? given.split('=') : [names.join(','), given];
  if (!(Number(factor) > 0)) throw new Error(`--scale ${given}: the factor must be a positive number`);
  for (const n of sectionNames(list, `--scale ${given}`)) scales[n] = Number(factor);
}

/** @param {string} line */
const log = (line) => process.stderr.write(`bench ${new Date().toISOString().slice(11, 19)} ${line}\n`);

const started = new Date();
const machine = describeMachine();
const loadBefore = loadNow();
log(`${machine.cpuModel}, ${machine.cores} cores, kernel ${machine.kernel}, cgroup ${machine.cgroup}; ${loadBefore.uptime}`);

/** @type {Record<string, unknown>} */
const sections = {};
let failed = false;
/** @type {Awaited<ReturnType<typeof startStack>> | undefined} */
let stack;
try {
  for (const name of selected) {
    const section = SECTIONS[name];
    if (section.needsStack && !stack) {
      log('starting Redis, MongoDB/FerretDB, the API and a worker');
      stack = await startStack();
    }
    const t = performance.now();
    const scale = scales[name];
    /** @param {number} n the full count */
    const count = (n) => Math.max(1, Math.round(n * scale));
    try {
      const ctx = { count, scale, log, stack: /** @type {NonNullable<typeof stack>} */ (stack) };
      sections[name] = { scale, ...(await section.run(ctx)), durationS: Math.round((performance.now() - t) / 100) / 10 };
    } catch (err) {
      failed = true;
      log(`${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      sections[name] = { scale, error: err instanceof Error ? err.message : String(err) };
    }
  }
} finally {
  await stack?.stop();
}

const date = started.toISOString().slice(0, 10);
const fullCounts = selected.every((n) => scales[n] === 1);
const suffix = [fullCounts ? '' : values.quick && values.scale.length === 0 ? 'quick' : 'scaled', only ? selected.join('-') : '']
  .filter(Boolean)
  .join('-');
const results = {
  date,
  command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  scales: Object.fromEntries(selected.map((n) => [n, scales[n]])),
  startedAt: started.toISOString(),
  durationS: Math.round((Date.now() - started.getTime()) / 1000),
  machine,
  load: { before: loadBefore, after: loadNow() },
  sections,
  targets: checkTargets(sections),
};
const dir = join(root, 'bench', 'results');
mkdirSync(dir, { recursive: true });
const base = join(dir, suffix ? `${date}-${suffix}` : date);
writeFileSync(`${base}.json`, JSON.stringify(results, null, 2) + '\n');
const markdown = toMarkdown(results);
writeFileSync(`${base}.md`, markdown);
process.stdout.write(markdown);
log(`wrote ${base}.json and ${base}.md`);
process.exitCode = failed ? 1 : 0;
