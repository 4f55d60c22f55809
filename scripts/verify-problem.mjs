#!/usr/bin/env node
// Usage: node scripts/verify-problem.mjs [--api URL] [--api-key KEY] [--slug SLUG] [--time-limit-source package|derived]
//                                        [--json FILE] (PROBLEM_ID | PACKAGE.zip)
//
// Checks a problem before a contest, the way problemtools' verifyproblem does: runs every
// submission stored in its package (submissions/<verdict>/) on a Verdict worker and prints,
// per submission, the expected and the actual verdict and time. Given a zip, imports it first.
// With timeLimitSource `derived`, the limit is derived from the slowest accepted run by the package's
// rules (docs/timing.md) and, when every submission is as expected, stored on the problem.
// The package's input validators run first over the test data; what they found is printed too.
// --api defaults to $VERDICT_URL (as the `verdict` CLI), else http://127.0.0.1:3000; --api-key to
// $VERDICT_API_KEY (sent as x-api-key, docs/auth.md). --time-limit-source is the import's
// timeLimitSource (a zip only; default: derived when the package states no limit, else package).
// --json FILE also writes the finished verification report (GET /problems/:id/verifications/:vid) there.
// Exit code: 0 when every submission got a verdict its folder allows (and input validation found
// nothing), 1 when not, 2 on errors.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

/** @typedef {import('../src/problems/dto/problem-view.dto.js').ProblemViewDto} ProblemView */
/** @typedef {import('../src/problems/dto/verification-view.dto.js').VerificationViewDto} VerificationView */

const args = process.argv.slice(2);
/** @type {string | undefined} */
let api = process.env.VERDICT_URL ?? 'http://127.0.0.1:3000';
/** @type {string | undefined} */
let apiKey = process.env.VERDICT_API_KEY?.trim() || undefined;
/** @type {string | undefined} */
let timeLimitSource;
/** @type {string | undefined} */
let slug;
/** @type {string | undefined} */
let target;
/** @type {string | undefined} */
let jsonFile;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--api') api = args[++i];
  else if (args[i] === '--slug') slug = args[++i];
  else if (args[i] === '--api-key') apiKey = args[++i];
  else if (args[i] === '--time-limit-source') timeLimitSource = args[++i];
  else if (args[i] === '--json') jsonFile = args[++i];
  else if (args[i] === '-h' || args[i] === '--help') usage(0);
  else if (!target) target = args[i];
  else usage(2);
}
if (!target || !api) usage(2);
if (timeLimitSource && !/\.zip$/i.test(target))
  fail('--time-limit-source applies to a package import (PACKAGE.zip); for a stored problem, PUT its timeLimitSource');

/** @param {number} code @returns {never} */
function usage(code) {
  process.stderr.write(
    'usage: node scripts/verify-problem.mjs [--api URL] [--api-key KEY] [--slug SLUG] [--time-limit-source package|derived] [--json FILE] (PROBLEM_ID | PACKAGE.zip)\n',
  );
  process.exit(code);
}

/** @param {string} message @returns {never} */
function fail(message) {
  process.stderr.write(`verify-problem: ${message}\n`);
  process.exit(2);
}

/**
 * @template T the body of a 2xx answer
 * @param {string} method
 * @param {string} path
 * @param {FormData} [body]
 * @returns {Promise<T>}
 */
async function call(method, path, body) {
  let response;
  try {
    const headers = apiKey ? { 'x-api-key': apiKey } : undefined;
    response = await fetch(`${api}${path}`, { method, body, headers, signal: AbortSignal.timeout(600_000) });
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
    fail(`cannot reach the API at ${api}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = { message: text };
  }
  if (!response.ok) fail(`${method} ${path}: ${response.status} ${[json.message].flat().join('; ')}`);
  return json;
}

let problemId = target;
if (/\.zip$/i.test(target)) {
  const form = new FormData();
  form.append('package', new Blob([readFileSync(target)]), basename(target));
  if (slug) form.append('slug', slug);
  if (timeLimitSource) form.append('timeLimitSource', timeLimitSource);
  /** @type {ProblemView} */
  const problem = await call('POST', '/problems/import', form);
  process.stdout.write(`imported ${basename(target)} as ${problem.slug} (${problem.id}), ${problem.testCount} test cases\n`);
  problemId = problem.id;
} else if (!/^[0-9a-f]{24}$/i.test(target)) {
  fail(`${target} is neither a problem id (24 hex digits) nor a .zip package`);
}

/** @type {ProblemView} */
const problem = await call('GET', `/problems/${problemId}`);
/** @type {VerificationView} */
let report = await call('POST', `/problems/${problemId}/verify`);
process.stdout.write(`verifying ${problem.slug} (${problem.id}): ${problem.packageSubmissions.length} submissions\n`);
while (report.status === 'queued' || report.status === 'running') {
  await new Promise((resolve) => setTimeout(resolve, 500));
  report = await call('GET', `/problems/${problemId}/verifications/${report.id}`);
}
if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
if (report.status === 'failed') fail(`verification failed: ${report.error}`);

const rules = problem.timeLimitRules;
const stated = problem.timeLimitGiven
  ? `stated ${problem.limits.cpuTimeMs} ms`
  : `none stated (server default ${problem.limits.cpuTimeMs} ms)`;
const limit = report.timeLimitDerived
  ? `${report.timeLimitMs} ms, derived: slowest accepted run ${report.slowestAcceptedMs} ms × ${rules.acToTimeLimit}` +
    `${rules.legacy ? ' (time_multiplier), whole seconds' : ` (ac_to_time_limit), rounded up to ${rules.timeResolutionMs} ms`}; ` +
    `time_limit_exceeded submissions must exceed ${report.tleThresholdMs} ms (× their language's time multiplier); package: ${stated}; ` +
    `${report.timeLimitApplied ? 'stored on the problem' : 'not stored (not every submission as expected)'}`
  : `${report.timeLimitMs} ms (${stated}, timeLimitSource package)`;
process.stdout.write(`time limit: ${limit}\n`);
const inputs = report.inputValidation;
if (inputs) {
  process.stdout.write(
    `input validators (${inputs.validators.join(', ')}): ${inputs.ok ? 'OK' : 'FAIL'}, ${inputs.testCasesChecked} test cases, ${inputs.invalidInputsChecked} invalid inputs\n`,
  );
  for (const p of inputs.problems) {
    process.stdout.write(
      `FAIL ${p.testCase ?? '(build)'}: ${p.problem.split('\n')[0]}${p.stderr ? `  (stderr: ${p.stderr.split('\n')[0]})` : ''}\n`,
    );
  }
}
const width = Math.max(...report.entries.map((e) => e.path.length));
for (const e of report.entries) {
  if (e.language === null) {
    // A file in no language Verdict offers: never judged (its message says why).
    process.stdout.write(`SKIP ${e.path.padEnd(width)}  ${e.message ?? 'not judged'}\n`);
    continue;
  }
  const mark = e.ok === true ? 'OK  ' : e.ok === false ? 'FAIL' : '??  ';
  const expected = e.expectedVerdicts.length ? e.expectedVerdicts.join('|') : e.expected;
  process.stdout.write(
    `${mark} ${e.path.padEnd(width)}  expected ${expected.padEnd(7)} got ${String(e.verdict).padEnd(3)} ${String(e.cpuTimeMs).padStart(6)} ms` +
      `${e.score !== null ? `  score ${e.score}` : ''}${e.ok === false && e.message ? `  (${e.message.split('\n')[0]})` : ''}\n`,
  );
}
const judged = report.entries.filter((e) => e.language !== null);
const good = judged.filter((e) => e.ok !== false).length;
const skipped = report.entries.length - judged.length;
process.stdout.write(`${good} of ${judged.length} submissions as expected${skipped ? `; ${skipped} not judged` : ''}\n`);
process.exit(report.ok ? 0 : 1);
