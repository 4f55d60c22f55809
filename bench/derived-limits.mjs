// The time limit a derived verification gives each of the repo's own packages on this machine,
// beside the limit the package states (docs/timing.md, "Stated or derived time limits"). Each
// package is verified with `timeLimitSource: derived`: its accepted submissions run
// with MAX_CPU_TIME_MS, the limit is the slowest of them (per language) × ac_to_time_limit rounded
// up to time_resolution (legacy: × time_multiplier, whole seconds), and its time_limit_exceeded
// submissions must exceed that × time_limit_to_tle (legacy: time_safety_margin).
// Packages: test/fixtures/problems/* with submissions; test/conformance/packages/aplusb-every-language
// with its accepted and time_limit_exceeded programs of test/fixtures/programs.ts (one per language the
// worker offers); and `slow-tle`, the case: a 2025-09 package stating 5 s whose TLE-folder
// submission burns 3.85 s of CPU (77%: AC under the stated limit). Each package is verified twice:
// imported with `timeLimitSource: package` (the stated limit) and with `derived`.
// Usage (as root, after npm run build): node bench/derived-limits.mjs [--languages c,cpp17,python3] [--json FILE]
import { readdirSync, writeFileSync, existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startStack } from './bench-stack.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** @type {typeof import('../test/support/zip.js')} (Node strips the types of the .ts file) */
const { makeZip, directoryEntries } = await import(pathToFileURL(join(root, 'test/support/zip.ts')).href);
/** @type {typeof import('../test/fixtures/programs.js')} */
const { PROGRAMS } = await import(pathToFileURL(join(root, 'test/fixtures/programs.ts')).href);
/** @type {typeof import('../libs/judging/index.js')} */
const { LANGUAGES, extensionsOf, sourceFileFor } = await import(pathToFileURL(join(root, 'dist/libs/judging/index.js')).href);

const args = process.argv.slice(2);
const onlyLanguages = args.includes('--languages') ? args[args.indexOf('--languages') + 1]?.split(',') : undefined;
const jsonFile = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;

/** @typedef {import('../test/support/zip.js').ZipEntry} ZipEntry */
/** @typedef {{ name: string, entries: ZipEntry[] }} BenchPackage */

/** @returns {BenchPackage[]} the fixture packages that ship submissions */
function fixturePackages() {
  const dir = join(root, 'test/fixtures/problems');
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'submissions')))
    .map((name) => ({ name, entries: directoryEntries(join(dir, name), name) }));
}

/**
 * The conformance package with every offered language's A+B (accepted) and endless loop
 * (time_limit_exceeded), named as the conformance suite names them, their languages in submissions.yaml.
 * @param {Set<string>} offered language ids the worker offers
 * @returns {BenchPackage}
 */
function everyLanguagePackage(offered) {
  const name = 'aplusb-every-language';
  const entries = directoryEntries(join(root, 'test/conformance/packages', name), name);
  const yaml = [];
  for (const [folder, kind] of /** @type {const} */ ([
    ['accepted', 'aPlusB'],
    ['time_limit_exceeded', 'infiniteLoop'],
  ])) {
    for (const [id, programs] of Object.entries(PROGRAMS)) {
      const language = LANGUAGES.find((l) => l.id === id);
      if (!language || !offered.has(id) || (onlyLanguages && !onlyLanguages.includes(id))) continue;
      const source = programs[kind];
      const file = language.sourceFileRule ? sourceFileFor(language, source) : `${id}${extensionsOf(language)[0]}`;
      entries.push({ name: `${name}/submissions/${folder}/${file}`, data: source });
      yaml.push(`${folder}/${file}:\n  language: ${id}\n`);
    }
  }
  entries.push({ name: `${name}/submissions/submissions.yaml`, data: yaml.join('') });
  return { name, entries };
}

/**
 * The case: a 2025-09 package stating 5 s whose TLE-folder submission (C) burns 3.85 s of CPU,
 * 77% of the stated limit, before answering: Accepted under the stated limit.
 * @returns {BenchPackage}
 */
function slowTlePackage() {
  const name = 'slow-tle';
  const sum = 'long a,b;scanf("%ld %ld",&a,&b);printf("%ld\\n",a+b);return 0;}\n';
  return {
    name,
    entries: [
      {
        name: `${name}/problem.yaml`,
        data: 'problem_format_version: 2025-09\nname: Slow TLE\nuuid: 3c0f8e1a-8c0b-4c1e-9a51-2f6f0d2b7a10\nlimits:\n  time_limit: 5\n',
      },
      { name: `${name}/data/secret/1.in`, data: '1 2\n' },
      { name: `${name}/data/secret/1.ans`, data: '3\n' },
      { name: `${name}/submissions/accepted/sum.c`, data: `#include <stdio.h>\nint main(void){${sum}` },
      {
        name: `${name}/submissions/time_limit_exceeded/slow.c`,
        data: `#include <stdio.h>\n#include <time.h>\nint main(void){while(clock()<3.85*CLOCKS_PER_SEC);${sum}`,
      },
    ],
  };
}

/**
 * @template T
 * @param {string} url
 * @param {string} method
 * @param {string} path
 * @param {FormData} [body]
 * @returns {Promise<T>}
 */
async function call(url, method, path, body) {
  const res = await fetch(`${url}${path}`, { method, body, signal: AbortSignal.timeout(600_000) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

/** @typedef {import('../src/problems/dto/problem-view.dto.js').ProblemViewDto} ProblemView */
/** @typedef {import('../src/problems/dto/verification-view.dto.js').VerificationViewDto} VerificationView */

/**
 * Imports `pkg` with `timeLimitSource` and verifies it.
 * @param {string} url
 * @param {BenchPackage} pkg
 * @param {'package' | 'derived'} timeLimitSource
 * @returns {Promise<{ problem: ProblemView, report: VerificationView }>}
 */
async function importAndVerify(url, pkg, timeLimitSource) {
  const form = new FormData();
  form.append('package', new Blob([makeZip(pkg.entries)], { type: 'application/zip' }), `${pkg.name}.zip`);
  form.append('slug', `bench-${pkg.name}-${timeLimitSource}-${process.pid}`);
  form.append('timeLimitSource', timeLimitSource);
  /** @type {ProblemView} */
  const problem = await call(url, 'POST', '/problems/import', form);
  /** @type {VerificationView} */
  let report = await call(url, 'POST', `/problems/${problem.id}/verify`);
  while (report.status === 'queued' || report.status === 'running') {
    await new Promise((r) => setTimeout(r, 500));
    report = await call(url, 'GET', `/problems/${problem.id}/verifications/${report.id}`);
  }
  return { problem, report };
}

/** @param {VerificationView} report what a verification says, in a table cell */
const outcome = (report) =>
  report.ok
    ? `${report.entries.length} of ${report.entries.length} as expected`
    : `${report.entries.filter((e) => e.ok !== false).length} of ${report.entries.length}; ` +
      report.entries
        .filter((e) => e.ok === false)
        .map((e) => `${e.path.replace(/^submissions\//, '')}: ${e.verdict} ${e.cpuTimeMs} ms`)
        .join(', ');

const stack = await startStack();
/** @type {{ package: string, format: string | null, rules: string, statedMs: number, statedFrom: string, stated: string, slowestAcceptedMs: number | null, derivedMs: number | null, tleThresholdMs: number | null, derived: string, applied: boolean }[]} */
const rows = [];
try {
  /** @type {{ id: string }[]} */
  const languages = await call(stack.url, 'GET', '/languages');
  const offered = new Set(languages.map((l) => l.id));
  for (const pkg of [...fixturePackages(), everyLanguagePackage(offered), slowTlePackage()]) {
    const asStated = await importAndVerify(stack.url, pkg, 'package');
    const { problem, report } = await importAndVerify(stack.url, pkg, 'derived');
    const r = problem.timeLimitRules;
    rows.push({
      package: pkg.name,
      format: problem.packageFormat,
      rules: r.legacy
        ? `legacy ×${r.acToTimeLimit}, TLE ×${r.timeLimitToTle}, 1 s`
        : `×${r.acToTimeLimit}, TLE ×${r.timeLimitToTle}, ${r.timeResolutionMs / 1000} s`,
      statedMs: problem.limits.cpuTimeMs,
      statedFrom: asStated.problem.appliedTimeLimit.from,
      stated: outcome(asStated.report),
      slowestAcceptedMs: report.slowestAcceptedMs,
      derivedMs: report.timeLimitMs,
      tleThresholdMs: report.tleThresholdMs,
      derived: outcome(report),
      applied: report.timeLimitApplied,
    });
    process.stderr.write(`${pkg.name}: stated ${asStated.report.ok}, derived ${report.timeLimitMs} ms ${report.ok}\n`);
  }
} finally {
  await stack.stop();
}

process.stdout.write(`load average ${loadavg()[0].toFixed(1)}\n\n`);
process.stdout.write(
  '| package | format | rules | stated limit | verified with it | slowest accepted (normalized) | derived limit | TLE must exceed | verified with it | stored |\n',
);
process.stdout.write('|---|---|---|---|---|---|---|---|---|---|\n');
for (const row of rows) {
  const stated = row.statedFrom === 'server-default' ? `none (server default ${row.statedMs} ms)` : `${row.statedMs} ms`;
  process.stdout.write(
    `| ${row.package} | ${row.format} | ${row.rules} | ${stated} | ${row.stated} | ${row.slowestAcceptedMs ?? '–'} ms | ` +
      `${row.derivedMs} ms | ${row.tleThresholdMs} ms | ${row.derived} | ${row.applied ? 'yes' : 'no'} |\n`,
  );
}
if (jsonFile) writeFileSync(jsonFile, JSON.stringify({ at: new Date().toISOString(), loadAverage: loadavg()[0], rows }, null, 2));
