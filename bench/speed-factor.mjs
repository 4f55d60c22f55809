// The worker's speed factor (src/judge/speed/worker-speed.ts) over N worker starts: each start
// opens a fresh sandbox and measures the speed benchmark as a worker does at start (up to 5 runs in
// 1 s, median CPU time), then prints every factor and their spread. Run it on an idle host to set
// SPEED_REFERENCE_CPU_MS (the median benchmark time), and on a loaded one to see how far load moves it.
// Usage (as root, after npm run build): node bench/speed-factor.mjs [N=20]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** @type {typeof import('../libs/sandbox/index.js')} */
const { Sandbox } = await import(pathToFileURL(join(root, 'dist/libs/sandbox/index.js')).href);
/** @type {typeof import('../src/judge/speed/worker-speed.js')} */
const { measureSpeed, SPEED_REFERENCE_CPU_MS } = await import(pathToFileURL(join(root, 'dist/src/judge/speed/worker-speed.js')).href);
const n = Number(process.argv[2] ?? 20);

const load = loadavg()[0];
/** @type {{ factor: number, benchmarkMs: number }[]} */
const starts = [];
for (let i = 0; i < n; i++) {
  const workDir = mkdtempSync(join(tmpdir(), 'verdict-speed-'));
  try {
    const sandbox = await Sandbox.open({
      bwrapPath: '/usr/bin/bwrap',
      launcherPath: join(root, 'dist/native/verdict-launch'),
      workDir,
      slots: 1,
      uidBase: 64900,
      cgroupParent: 'verdict-bench-speed',
    });
    const speed = await measureSpeed(sandbox);
    if (speed.factor === null || speed.benchmarkMs === null) throw new Error('the speed benchmark failed');
    starts.push({ factor: speed.factor, benchmarkMs: speed.benchmarkMs });
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
const factors = starts.map((s) => s.factor).sort((a, b) => a - b);
const times = starts.map((s) => s.benchmarkMs).sort((a, b) => a - b);
const median = factors[Math.floor(n / 2)];
/** @param {number} x */
const spread = (x) => `${(((x - median) / median) * 100).toFixed(1)}%`;
console.log(`speed factor over ${n} worker starts (reference ${SPEED_REFERENCE_CPU_MS} ms; load average ${load.toFixed(2)} at start)`);
console.log(`factors: ${starts.map((s) => s.factor).join(' ')}`);
console.log(`benchmark CPU ms: min ${times[0]}, median ${times[Math.floor(n / 2)]}, max ${times[n - 1]}`);
console.log(`factor: min ${factors[0]} (${spread(factors[0])}), median ${median}, max ${factors[n - 1]} (+${spread(factors[n - 1])})`);
