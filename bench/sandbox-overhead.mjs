// Sandbox overhead per run: wall time of `/bin/true` run bare (child_process.spawn) against the
// same run in the sandbox (launcher + bubblewrap + cgroups + seccomp), sequentially, N times each.
// Usage (as root, after npm run build): node bench/sandbox-overhead.mjs [N=200]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The built sandbox, typed from its source (a computed specifier keeps dist/ out of the typecheck).
/** @type {typeof import('../libs/sandbox/index.js')} */
const { Sandbox } = await import(pathToFileURL(join(root, 'dist/libs/sandbox/index.js')).href);
const n = Number(process.argv[2] ?? 200);
const limits = {
  cpuTimeMs: 1000,
  wallTimeMs: 5000,
  memoryKiB: 65536,
  stdoutBytes: 4096,
  stderrBytes: 4096,
  processes: 8,
  fileSizeBytes: 1 << 20,
  openFiles: 64,
  tmpBytes: 1 << 20,
};

/** @param {number[]} xs */
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  /** @param {number} p */
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: q(0.5), p95: q(0.95), mean: s.reduce((a, b) => a + b, 0) / s.length };
};
/** @param {{ median: number, p95: number, mean: number }} stat */
const fmt = ({ median, p95, mean }) => `median ${median.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms, mean ${mean.toFixed(2)} ms`;

function bare() {
  return new Promise((resolve, reject) => {
    const t = process.hrtime.bigint();
    const child = spawn('/bin/true', [], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.on('error', reject);
    child.on('close', () => resolve(Number(process.hrtime.bigint() - t) / 1e6));
  });
}

const workDir = mkdtempSync(join(tmpdir(), 'verdict-bench-'));
const sandbox = await Sandbox.open({
  bwrapPath: '/usr/bin/bwrap',
  launcherPath: join(root, 'dist/native/verdict-launch'),
  workDir,
  slots: 1,
  uidBase: 62300,
  cgroupParent: 'verdict-bench',
});
const slot = await sandbox.acquire();
const box = await slot.createBox();
try {
  for (let i = 0; i < 20; i++) {
    await bare();
    await slot.run({ argv: ['/bin/true'], box, boxWritable: false, limits });
  }
  const bareTimes = [];
  const boxedTimes = [];
  for (let i = 0; i < n; i++) {
    bareTimes.push(await bare());
    const t = process.hrtime.bigint();
    await slot.run({ argv: ['/bin/true'], box, boxWritable: false, limits });
    boxedTimes.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const b = stats(bareTimes);
  const s = stats(boxedTimes);
  console.log(`bare spawn      : ${fmt(b)}`);
  console.log(`sandboxed run   : ${fmt(s)}`);
  console.log(`overhead/run    : median ${(s.median - b.median).toFixed(2)} ms (n=${n}, cgroup ${sandbox.cgroups.description})`);
} finally {
  await box.destroy();
  slot.release();
  rmSync(workDir, { recursive: true, force: true });
}
