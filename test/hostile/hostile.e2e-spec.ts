/**
 * The hostile-program suite (issue 3): programs in C, C++, Python, Java, JavaScript and Go
 * (and Rust where offered) that attack the judge, each submitted through the real API to a real
 * worker and sandbox, each with the verdict it must get. After every category the host must be
 * as it was: the worker alive and judging, no process of any run left, no file changed outside
 * the boxes, Redis and MongoDB data intact, no secret in any result. Then the whole suite runs
 * again on two workers at once (sharing one queue and one SANDBOX_WORK_DIR), with the same verdicts.
 *
 * Programs are in test/hostile/programs/, one file per category; SECURITY.md explains the
 * threat model and how to add one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JudgeLimits, LanguageInfo } from '../../libs/contracts/index.js';
import { A_PLUS_B_TESTS, PROGRAMS } from '../fixtures/programs.js';
import { watchEvents, type EventWatch } from '../support/events.js';
import { request } from '../support/http.js';
import { ROOT, startApi, startWorker, testServices, uniqueSuffix, type StartedApi, type StartedProcess } from '../support/stack.js';
import { COMPILE_TIME_PROGRAMS } from './programs/compile-time.js';
import { ESCAPE_PROGRAMS } from './programs/escape.js';
import { INPUT_EDGE_PROGRAMS } from './programs/input-edge.js';
import { KERNEL_POOL_PROGRAMS } from './programs/kernel-pools.js';
import { NETWORK_PROGRAMS } from './programs/network.js';
import { RESOURCE_PROGRAMS } from './programs/resources.js';
import { STORAGE_PROGRAMS } from './programs/storage.js';
import { SURVIVAL_PROGRAMS } from './programs/survival.js';
import { TEST_DATA_PROGRAMS } from './programs/test-data.js';
import {
  BaitSockets,
  boxesLeft,
  HostSentinels,
  hostIpv4,
  hostNameserver,
  KernelPoolWatch,
  kernelPoolProblems,
  leftoverProcesses,
  runCgroupsLeft,
  secret,
  slotProcesses,
  uidLeasesOf,
} from './support/host-checks.js';
import type { HostileProgram, HostTargets, VerdictCode } from './support/hostile-program.js';
import { importHostileProblems, makeProblemSecrets } from './support/problem-packages.js';
import { assertJudged, describeResult, judgeProgram, type JudgeContext, type JudgedProgram } from './support/judge-programs.js';

const CATEGORIES: { name: string; programs: HostileProgram[]; apiDisclosure?: boolean }[] = [
  { name: 'resource exhaustion', programs: RESOURCE_PROGRAMS },
  { name: 'escape and snooping', programs: ESCAPE_PROGRAMS },
  { name: 'network', programs: NETWORK_PROGRAMS },
  { name: 'survival', programs: SURVIVAL_PROGRAMS },
  { name: 'compile-time attacks', programs: COMPILE_TIME_PROGRAMS },
  { name: 'input and output edge cases', programs: INPUT_EDGE_PROGRAMS },
  { name: "the judged problem's test data", programs: TEST_DATA_PROGRAMS, apiDisclosure: true },
  { name: 'host-wide kernel pools and launcher arguments', programs: KERNEL_POOL_PROGRAMS },
  { name: 'writable places and the memory of the program itself', programs: STORAGE_PROGRAMS },
];
const ALL_PROGRAMS = CATEGORIES.flatMap((c) => c.programs);
/** Languages the suite requires the worker to offer (Rust programs run only where it is offered). */
const REQUIRED_LANGUAGES = ['c', 'cpp17', 'python3', 'javascript', 'java17', 'go'];

/** Small limits so the suite stays fast: every resource attack ends within a second or two. */
const LIMITS: JudgeLimits = { cpuTimeMs: 1000, wallTimeMs: 2000, memoryKiB: 65536, outputKiB: 1024 };
/** OUTPUT_PREVIEW_BYTES of the suite's workers (the default). */
const PREVIEW_BYTES = 4096;
const WORKER_CONCURRENCY = 2;
const WORK_DIR = process.env.SANDBOX_WORK_DIR || join(tmpdir(), 'verdict-sandbox');
const TEST_TIMEOUT_MS = 240_000;

describe('hostile programs cannot hurt the judge', () => {
  const env = testServices('hostile');
  const suffix = uniqueSuffix();
  const workerSecret = secret('VERDICT_TEST_SECRET');
  const sentinels = new HostSentinels(ROOT, WORK_DIR, suffix);
  const bait = new BaitSockets(secret('HOSTILE_BAIT'), suffix);
  const redisKey = `hostile-sentinel:${suffix}`;
  const redisValue = secret('HOSTILE_REDIS');
  const mongoValue = secret('HOSTILE_MONGO');
  const problemSecrets = makeProblemSecrets();
  const workerEnv = {
    ...env,
    WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
    SANDBOX_WORK_DIR: WORK_DIR,
    // /tmp of a run: well under the memory limit, so filling it ends in ENOSPC.
    RUN_TMP_KIB: '16384',
    VERDICT_TEST_SECRET: workerSecret,
    AWS_SECRET_ACCESS_KEY: workerSecret,
  };
  let api: StartedApi;
  let workers: StartedProcess[] = [];
  let watch: EventWatch;
  let redis: Redis;
  let mongo: mongoose.Connection;
  let offered: string[] = [];
  /** Every worker the suite started (their run cgroups name them). */
  const workerPids: number[] = [];
  /** Slot-uid processes outside every run cgroup before the suite started (not the suite's). */
  let baseline = new Set<number>();
  /** Stale uid lease files planted for the two-worker run (removed at the end if still stale). */
  const plantedLeases: { path: string; pid: number }[] = [];
  let ctx: JudgeContext;
  const started = Date.now();
  /** Verdicts of the first (one worker) run, by program name. */
  const firstRun = new Map<string, string | null>();
  /** The suite's figure line: judged programs (both runs), escapes (an `ESCAPED` line), verdicts not allowed, host checks failed. */
  const figures = { judged: 0, escapes: 0, wrongVerdicts: 0, leftovers: 0 };
  /** Counts one judged program into `figures` (before its assertions, so a failing one is counted). */
  const count = (j: JudgedProgram) => {
    figures.judged++;
    if (j.view?.tests.some((t) => /ESCAPED/.test(t.stdout) || /ESCAPED/.test(t.stderr))) figures.escapes++;
    if (j.view && !j.program.expect.includes(j.view.verdict as VerdictCode)) figures.wrongVerdicts++;
  };
  /** Every judged program of both runs, written to HOSTILE_SUITE_REPORT (a file path) when set. */
  const report: { run: number; name: string; language: string; result: unknown }[] = [];

  // The secret test's answer is checked on its own (see apiDisclosure): what a program prints must
  // not hold it (the program checks), and neither may anything else the API returns.
  const secrets = () => [workerSecret, redisValue, mongoValue, bait.secretText, ...sentinels.secrets];
  const runnable = (p: HostileProgram) => offered.includes(p.language);

  beforeAll(async () => {
    baseline = new Set(
      slotProcesses()
        .filter((p) => p.workerPid === null)
        .map((p) => p.pid),
    );
    sentinels.create();
    await bait.listen();
    redis = new Redis(env.REDIS_URL);
    await redis.set(redisKey, redisValue);
    mongo = await mongoose.createConnection(env.MONGO_URI, { serverSelectionTimeoutMS: 5000 }).asPromise();
    await mongo.collection('hostile_sentinel').insertOne({ _id: 'sentinel' as never, value: mongoValue });
    watch = await watchEvents(env.REDIS_URL);
    workers = [await startWorker(workerEnv)];
    workerPids.push(workers[0].pid);
    api = await startApi({ ...env, VERDICT_TEST_SECRET: workerSecret });
    const languages = await request<LanguageInfo[]>(api.url, 'GET', '/languages');
    offered = languages.body.map((l) => l.id);
    const targets: HostTargets = {
      ROOT,
      PROJECT_DIR: sentinels.projectDir,
      PROJECT_ENV: sentinels.projectEnv,
      PROJECT_SENTINEL: sentinels.projectFile,
      TMP_SENTINEL_DIR: sentinels.tmpDir,
      TMP_SENTINEL: sentinels.tmpFile,
      WORK_DIR,
      WORK_DIR_SENTINEL: sentinels.workDirFile,
      REDIS_PORT: new URL(env.REDIS_URL).port || '6379',
      MONGO_PORT: /^mongodb:\/\/[^/]*:(\d+)/.exec(env.MONGO_URI)?.[1] ?? '27017',
      API_PORT: String(api.port),
      BAIT_PORT: String(bait.tcpPort),
      HOST_IP: hostIpv4(),
      NAMESERVER: hostNameserver(),
      ABSTRACT_SOCKET: bait.abstractName,
      UNIX_SOCKET: bait.unixPath,
    };
    const problemIds = await importHostileProblems(api.url, problemSecrets, suffix);
    ctx = { apiUrl: api.url, watch, targets, limits: LIMITS, timeoutMs: TEST_TIMEOUT_MS, problemIds };
  });

  afterAll(async () => {
    await api?.stop();
    for (const w of workers) await w.stop();
    await watch?.close();
    await redis?.del(redisKey).catch(() => undefined);
    redis?.disconnect();
    await mongo?.dropDatabase().catch(() => undefined);
    await mongo?.close();
    await bait.close();
    sentinels.remove();
    for (const lease of plantedLeases) {
      if (existsSync(lease.path) && Number(readFileSync(lease.path, 'utf8')) === lease.pid) rmSync(lease.path, { force: true });
    }
    // The suite's figure, for SECURITY.md.
    console.log(
      `hostile suite: ${ALL_PROGRAMS.filter(runnable).length} programs (${figures.judged} judgings), ${figures.escapes} escapes, ` +
        `${figures.wrongVerdicts} wrong verdicts, ${figures.leftovers} failed host checks (leftovers), ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    if (process.env.HOSTILE_SUITE_REPORT) writeFileSync(process.env.HOSTILE_SUITE_REPORT, JSON.stringify(report, null, 1));
  });

  /** Submits every runnable program of `programs` at once; each promise settles with its judged result. */
  function submitAll(programs: HostileProgram[]): Map<string, Promise<JudgedProgram | Error>> {
    const results = new Map<string, Promise<JudgedProgram | Error>>();
    for (const p of programs) {
      if (!runnable(p)) continue;
      results.set(
        p.name,
        judgeProgram(ctx, p).catch((err: unknown) => err as Error),
      );
    }
    return results;
  }

  async function resultOf(results: Map<string, Promise<JudgedProgram | Error>>, program: HostileProgram): Promise<JudgedProgram> {
    const r = await results.get(program.name)!;
    if (r instanceof Error) throw r;
    return r;
  }

  /** Waits up to `ms` for `probe` to return an empty list, then returns what it returns. */
  async function settled<T>(probe: () => T[], ms = 3000): Promise<T[]> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = probe();
      if (found.length === 0 || Date.now() > deadline) return found;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Everything that must hold on the host once the queue is idle. */
  async function assertHostIntact(pools: KernelPoolWatch): Promise<void> {
    figures.leftovers++; // taken back once every check below has held
    pools.stop();
    expect(kernelPoolProblems(pools), "the host's kernel pools (AIO contexts, ptys)").toEqual([]);
    await assertHostChecks();
    figures.leftovers--;
  }

  async function assertHostChecks(): Promise<void> {
    for (const w of workers) {
      expect(() => process.kill(w.pid, 0), `worker ${w.pid} died:\n${w.output().slice(-3000)}`).not.toThrow();
      for (const s of secrets()) expect(w.output().includes(s), 'a secret is in the worker log').toBe(false);
    }
    for (const pid of workerPids) {
      expect(await settled(() => runCgroupsLeft(pid)), 'run cgroups left behind').toEqual([]);
      expect(await settled(() => boxesLeft(WORK_DIR, pid)), 'boxes left behind').toEqual([]);
    }
    expect(await settled(() => leftoverProcesses(workerPids, baseline)), 'processes of the runs left on the host').toEqual([]);
    expect(sentinels.problems(), 'files outside the boxes changed').toEqual([]);
    expect(bait.connections, 'connections reached the bait sockets').toBe(0);
    expect(await redis.get(redisKey), 'Redis sentinel').toBe(redisValue);
    const docs = await mongo.collection('hostile_sentinel').find().toArray();
    expect(
      docs.map((d) => d.value),
      'MongoDB sentinel',
    ).toEqual([mongoValue]);
    // The next submission is judged normally.
    const canary = await judgeProgram(ctx, {
      name: 'canary',
      language: 'python3',
      source: PROGRAMS.python3.aPlusB,
      stdin: A_PLUS_B_TESTS[0].input,
      answer: A_PLUS_B_TESTS[0].expectedOutput,
      expect: ['AC'],
    });
    expect(canary.view?.verdict, describeResult(canary)).toBe('AC');
  }

  it(`offers ${REQUIRED_LANGUAGES.join(', ')} and has at least 50 programs to run`, () => {
    expect(offered).toEqual(expect.arrayContaining(REQUIRED_LANGUAGES));
    expect(ALL_PROGRAMS.filter(runnable).length).toBeGreaterThanOrEqual(50);
    expect(new Set(ALL_PROGRAMS.map((p) => p.name)).size, 'program names are unique').toBe(ALL_PROGRAMS.length);
    for (const p of ALL_PROGRAMS) expect(p.expect.includes('IE' as VerdictCode), `${p.name} must not expect IE`).toBe(false);
  });

  for (const category of CATEGORIES) {
    describe(category.name, () => {
      let results: Map<string, Promise<JudgedProgram | Error>>;
      let pools: KernelPoolWatch;
      beforeAll(() => {
        pools = new KernelPoolWatch();
        results = submitAll(category.programs);
      });
      afterAll(() => pools.stop());

      for (const program of category.programs) {
        it(
          program.name,
          async () => {
            if (!runnable(program)) return expect(REQUIRED_LANGUAGES).not.toContain(program.language);
            const judged = await resultOf(results, program);
            count(judged);
            firstRun.set(program.name, judged.view?.verdict ?? `refused ${judged.refused?.status}`);
            report.push({ run: 1, name: program.name, language: program.language, result: JSON.parse(describeResult(judged)) });
            assertJudged(judged, secrets(), LIMITS, PREVIEW_BYTES);
          },
          TEST_TIMEOUT_MS,
        );
      }

      if (category.apiDisclosure) {
        // Not a sandbox matter: the API must not hand a secret test's expected output to the
        // submitter, e.g. in the default output validator's "expected X, got Y" message.
        it(
          "shows the submitter nothing of a secret test's expected output",
          async () => {
            for (const program of category.programs.filter(runnable)) {
              const judged = await resultOf(results, program);
              expect(JSON.stringify(judged.view).includes(problemSecrets.answer), `${program.name}:\n${describeResult(judged)}`).toBe(
                false,
              );
            }
          },
          TEST_TIMEOUT_MS,
        );
      }

      it(
        'leaves the host as it was, and the worker judging',
        async () => {
          await Promise.all(results.values());
          await assertHostIntact(pools);
        },
        TEST_TIMEOUT_MS,
      );
    });
  }

  describe('the same programs on two workers at once (one queue, one SANDBOX_WORK_DIR)', () => {
    let results: Map<string, Promise<JudgedProgram | Error>>;
    let pools: KernelPoolWatch;
    afterAll(() => pools?.stop());

    beforeAll(async () => {
      // Restart with two workers starting together over stale uid leases (as after a crash):
      // they must still lease disjoint uids.
      for (const w of workers) await w.stop();
      const deadPid = spawnSync('true').pid!;
      for (let uid = 60100; uid < 60108; uid++) {
        const lock = join(WORK_DIR, `uid-${uid}.lock`);
        if (existsSync(lock)) continue;
        writeFileSync(lock, String(deadPid));
        plantedLeases.push({ path: lock, pid: deadPid });
      }
      workers = await Promise.all([startWorker(workerEnv), startWorker(workerEnv)]);
      workerPids.push(...workers.map((w) => w.pid));
      pools = new KernelPoolWatch();
      results = submitAll(ALL_PROGRAMS);
    }, TEST_TIMEOUT_MS);

    it('each worker leases its own uids', () => {
      const [a, b] = workers.map((w) => uidLeasesOf(WORK_DIR, w.pid));
      expect(a).toHaveLength(WORKER_CONCURRENCY);
      expect(b).toHaveLength(WORKER_CONCURRENCY);
      expect(a.filter((uid) => b.includes(uid))).toEqual([]);
    });

    it(
      'gives every program an allowed verdict, the same as on one worker where only one is allowed',
      async () => {
        const differences: string[] = [];
        for (const program of ALL_PROGRAMS.filter(runnable)) {
          const judged = await resultOf(results, program);
          count(judged);
          report.push({ run: 2, name: program.name, language: program.language, result: JSON.parse(describeResult(judged)) });
          assertJudged(judged, secrets(), LIMITS, PREVIEW_BYTES);
          const verdict = judged.view?.verdict ?? `refused ${judged.refused?.status}`;
          if (verdict === firstRun.get(program.name)) continue;
          // Where two verdicts are legitimate (a fork bomb: TLE or RE) either may come; report it.
          if (program.expect.length === 1) differences.push(`${program.name}: ${firstRun.get(program.name)} then ${verdict}`);
          else console.log(`hostile suite: ${program.name}: ${firstRun.get(program.name)} on one worker, ${verdict} on two`);
        }
        expect(differences).toEqual([]);
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'both workers judged, and the host is as it was',
      async () => {
        await Promise.all(results.values());
        for (const w of workers) expect(w.output(), `worker ${w.pid} judged nothing`).toMatch(/"msg":"judged"/);
        await assertHostIntact(pools);
      },
      TEST_TIMEOUT_MS,
    );
  });
});
