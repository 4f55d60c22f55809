// Section 3, throughput: N A+B submissions of 10 tests each, submitted as fast as the API accepts
// them; test runs per second and CPU utilisation over the run, against the machine's own limit
// (every core doing the same judging bare, back to back: the compile step, then the 10 runs).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { finishedEvents, postSubmission } from '../bench-stack.mjs';
import { runBare } from '../bare-run.mjs';
import { resolveLanguages } from '../built.mjs';
import { aPlusB, expectAccepted } from '../judge-client.mjs';
import { cpuByProcess, cpuTicks, cpuUsedBetween, cpuUtilisation } from '../machine.mjs';
import { round } from '../stats.mjs';

const TESTS = 10;
/** POSTs in flight at once: enough to keep the queue full, few enough not to starve the API. */
const POSTS_IN_FLIGHT = 8;
export const THROUGHPUT_LANGUAGES = ['python3', 'cpp17'];

/**
 * Judges `submissions` A+B submissions in `language` through the stack.
 * @param {{ url: string, redisUrl: string }} stack
 * @param {string} language
 * @param {number} submissions
 */
async function throughService(stack, language, submissions) {
  const events = await finishedEvents(stack.redisUrl);
  const body = aPlusB(language, TESTS);
  try {
    const before = cpuTicks();
    const byProcessBefore = cpuByProcess();
    const started = performance.now();
    /** @type {Promise<import('../../libs/contracts/index.js').FinishedEvent>[]} */
    const finished = [];
    let next = 0;
    const poster = async () => {
      while (next < submissions) {
        next++;
        const id = await postSubmission(stack.url, body);
        finished.push(events.finished(id));
      }
    };
    await Promise.all(Array.from({ length: POSTS_IN_FLIGHT }, poster));
    const acceptedS = (performance.now() - started) / 1000;
    const results = await Promise.all(finished);
    const seconds = (performance.now() - started) / 1000;
    const utilisation = cpuUtilisation(before, cpuTicks());
    const cpuSecondsByProcess = cpuUsedBetween(byProcessBefore, cpuByProcess());
    for (const f of results) expectAccepted(f, `throughput ${language}`);
    const testRuns = results.reduce((sum, f) => sum + f.testCount, 0);
    return {
      submissions,
      testRuns,
      seconds: round(seconds, 1),
      allAcceptedAfterS: round(acceptedS, 1),
      testRunsPerS: round(testRuns / seconds, 1),
      cpuUtilisation: round(utilisation, 3),
      cpuSecondsByProcess,
    };
  } finally {
    await events.close();
  }
}

/**
 * The machine's own limit for the same work: on every core at once, for `seconds`, the
 * language's compile step (its argv from libs/judging, as the worker resolves it) and the 10
 * test runs, bare (no sandbox, no service), back to back.
 * @param {string} language
 * @param {number} seconds
 */
async function machineLimit(language, seconds) {
  const [resolved] = resolveLanguages([language]);
  const source = aPlusB(language, TESTS);
  const sourceFile = resolved.definition.sourceFile;
  const cores = availableParallelism();
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let testRuns = 0;
  let lastEnd = started;
  const core = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verdict-bench-limit-'));
    try {
      writeFileSync(join(dir, sourceFile), source.sourceCode);
      // Inside the sandbox the box is /box; bare, it is this directory.
      /** @param {string[]} argv */
      const onHost = (argv) => argv.map((a) => (a.startsWith('/box/') ? join(dir, a.slice(5)) : a));
      const compile = resolved.compileArgv(sourceFile);
      const run = onHost(resolved.runArgv(65536, { sourceFile, mainClass: null }));
      while (performance.now() < deadline) {
        if (compile) {
          const c = await runBare(onHost(compile), { cwd: dir });
          if (c.code !== 0) throw new Error(`bare compile of ${language} failed: ${c.stderr}`);
        }
        for (const t of source.testCases) {
          const r = await runBare(run, { stdin: t.input, cwd: dir });
          if (r.stdout !== t.expectedOutput) throw new Error(`bare ${language} A+B answered ${JSON.stringify(r.stdout)}`);
          testRuns++;
        }
        lastEnd = performance.now();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  await Promise.all(Array.from({ length: cores }, core));
  const elapsedS = (lastEnd - started) / 1000;
  return { cores, seconds: round(elapsedS, 1), testRuns, testRunsPerS: round(testRuns / elapsedS, 1) };
}

/**
 * @param {{ count: (n: number) => number, scale: number, log: (line: string) => void, stack: { url: string, redisUrl: string } }} ctx
 */
export async function throughput({ count, scale, log, stack }) {
  const submissions = count(1000);
  const limitSeconds = Math.max(5, Math.round(10 * scale));
  const languages = [];
  for (const language of THROUGHPUT_LANGUAGES) {
    log(`throughput: ${submissions} ${language} submissions of ${TESTS} tests`);
    const service = await throughService(stack, language, submissions);
    log(`throughput: ${language} machine limit, ${limitSeconds} s on every core`);
    const limit = await machineLimit(language, limitSeconds);
    languages.push({ language, tests: TESTS, service, machineLimit: limit, ratio: round(service.testRunsPerS / limit.testRunsPerS, 3) });
  }
  return { postsInFlight: POSTS_IN_FLIGHT, languages };
}
