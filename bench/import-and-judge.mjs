// Problem import and judging with stored test data: imports a package of 100 test cases of
// 1 MiB input each (plus one sample) through POST /problems/import, then judges the same C
// solution twice against it and reports, for each submission, POST → `finished` event time and
// the worker's test data cache hits and misses (from its `test data` log line: the first
// submission downloads every file, the second should find them all on local disk).
// One API and one worker are started here, on local Redis and MongoDB/FerretDB unless
// REDIS_URL / MONGO_URI are set. Needs the `zip` command.
// Usage (as root, after npm run build): node bench/import-and-judge.mjs [tests=100] [KiB per input=1024]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finishedEvents, startStack } from './bench-stack.mjs';

const tests = Number(process.argv[2] ?? 100);
const inputKiB = Number(process.argv[3] ?? 1024);
const MOD = 1_000_000_007;
const SOLUTION =
  '#include <stdio.h>\nint main(void){long long x,s=0;while(scanf("%lld",&x)==1)s=(s+x)%1000000007LL;printf("%lld\\n",s);return 0;}\n';

/**
 * A deterministic pseudo-random input of about `kib` KiB: lines of numbers, and their sum mod 1e9+7.
 * @param {number} seed
 * @param {number} kib
 */
function makeInput(seed, kib) {
  let state = (seed * 2654435761) % 4294967296 || 1;
  const lines = [];
  let bytes = 0;
  let sum = 0;
  while (bytes < kib * 1024) {
    let line = '';
    for (let k = 0; k < 8; k++) {
      state = (state * 1103515245 + 12345) % 2147483648;
      const v = state % 1000000;
      sum = (sum + v) % MOD;
      line += (k ? ' ' : '') + v;
    }
    lines.push(line);
    bytes += line.length + 1;
  }
  return { text: lines.join('\n') + '\n', answer: `${sum}\n` };
}

function buildPackage() {
  const dir = mkdtempSync(join(tmpdir(), 'verdict-bench-pkg-'));
  const pkg = join(dir, 'bigdata');
  mkdirSync(join(pkg, 'data/sample'), { recursive: true });
  mkdirSync(join(pkg, 'data/secret'), { recursive: true });
  writeFileSync(join(pkg, 'problem.yaml'), 'name: Sum of many numbers\nlimits:\n  memory: 256\n');
  writeFileSync(join(pkg, '.timelimit'), '2\n');
  writeFileSync(join(pkg, 'data/sample/1.in'), '1 2 3\n');
  writeFileSync(join(pkg, 'data/sample/1.ans'), '6\n');
  let inputBytes = 0;
  for (let i = 1; i <= tests; i++) {
    const { text, answer } = makeInput(i, inputKiB);
    const name = String(i).padStart(3, '0');
    writeFileSync(join(pkg, `data/secret/${name}.in`), text);
    writeFileSync(join(pkg, `data/secret/${name}.ans`), answer);
    inputBytes += text.length;
  }
  const zip = join(dir, 'bigdata.zip');
  try {
    execFileSync('zip', ['-qr', zip, 'bigdata'], { cwd: dir });
  } catch (err) {
    throw new Error(`cannot run zip (apt-get install zip): ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return { dir, zip, inputBytes };
}

const workDir = mkdtempSync(join(tmpdir(), 'verdict-bench-sandbox-'));
const built = buildPackage();
const zipBytes = statSync(built.zip).size;
const stack = await startStack({ SANDBOX_WORK_DIR: workDir });
try {
  const base = stack.url;
  /** @param {string} slug */
  const importOnce = async (slug) => {
    const form = new FormData();
    form.append('package', new Blob([readFileSync(built.zip)]), 'bigdata.zip');
    form.append('slug', slug);
    const t = performance.now();
    const res = await fetch(`${base}/problems/import`, { method: 'POST', body: form });
    const body = /** @type {{ id: string }} */ (await res.json());
    if (res.status !== 201) throw new Error(`import failed: ${res.status} ${JSON.stringify(body)}`);
    return { ms: performance.now() - t, problem: body };
  };
  const first = await importOnce('bigdata');
  const again = await importOnce('bigdata-again'); // same bytes: every file already stored

  const events = await finishedEvents(stack.redisUrl);
  const judgeOnce = async () => {
    const t = performance.now();
    const res = await fetch(`${base}/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ problemId: first.problem.id, language: 'c', sourceCode: SOLUTION }),
    });
    const { id } = /** @type {{ id: string }} */ (await res.json());
    const event = await events.finished(id);
    const ms = performance.now() - t;
    if (event.verdict !== 'AC') throw new Error(`verdict ${event.verdict}: ${event.message}`);
    // The worker logs one `test data` line per judged submission with its cache hits and misses.
    await new Promise((r) => setTimeout(r, 100));
    const line = stack
      .workerOutput()
      .split('\n')
      .reverse()
      .find((l) => l.includes('"msg":"test data"') && l.includes(id));
    if (!line) throw new Error(`the worker logged no "test data" line for ${id}`);
    const { files, cacheHits, cacheMisses } = /** @type {{ files: number, cacheHits: number, cacheMisses: number }} */ (JSON.parse(line));
    return { ms, files, cacheHits, cacheMisses, tests: event.testCount };
  };
  const cold = await judgeOnce();
  const warm = await judgeOnce();
  await events.close();

  /** @param {number} b bytes */
  const mib = (b) => (b / 1048576).toFixed(1);
  console.log(
    `package: ${tests} test cases of ${inputKiB} KiB input (+1 sample), ${mib(built.inputBytes)} MiB of inputs, zip ${mib(zipBytes)} MiB`,
  );
  console.log(
    `import (upload + unzip + hash + store in MongoDB): ${first.ms.toFixed(0)} ms; same data again (already stored): ${again.ms.toFixed(0)} ms`,
  );
  /** @param {string} label @param {Awaited<ReturnType<typeof judgeOnce>>} j */
  const show = (label, j) =>
    console.log(
      `${label}: POST → finished ${j.ms.toFixed(0)} ms for ${j.tests} tests (${(j.ms / j.tests).toFixed(1)} ms/test); ` +
        `cache ${j.cacheHits} hits / ${j.cacheMisses} misses of ${j.files} files (hit rate ${((100 * j.cacheHits) / j.files).toFixed(0)}%)`,
    );
  show('judge, 1st submission (cold worker cache)', cold);
  show('judge, 2nd submission', warm);
} finally {
  await stack.stop();
  rmSync(built.dir, { recursive: true, force: true });
  rmSync(workDir, { recursive: true, force: true });
}
