import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Logger } from '@nestjs/common';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CheckerKind, ProblemType, Verdict, type JudgeLimits } from '../../../libs/contracts/index.js';
import type { LanguageDefinition } from '../../../libs/judging/index.js';
import {
  Box,
  RunStatus,
  SandboxRunError,
  type RunRequest,
  type RunResult,
  type Sandbox,
  type SandboxSlot,
  type ConnectedRequest,
  type ConnectedRuns,
} from '../../../libs/sandbox/index.js';
import type { SandboxConfig } from '../../config/sandbox.config.js';
import { DEFAULT_CHECKER, type CheckerData, type StoredProblem } from '../../persistence/problems/problem-records.js';
import { TestDataMissingError } from '../../persistence/test-data/test-data-missing.error.js';
import { MemoryTestDataStore } from '../../../test/support/problem-fakes.js';
import { BuildCacheService } from '../build-cache.service.js';
import { CompileCacheService } from '../compile-cache.service.js';
import { PrecompiledHeadersService } from '../precompiled-headers.service.js';
import { treeBytes } from '../disk-usage.js';
import { VALIDATOR_ACCEPT, VALIDATOR_REJECT } from '../checkers/validator-failure.js';
import { ValidatorBuildsService } from '../checkers/validator-builds.service.js';
import { LanguageRegistry } from '../languages/language-registry.js';
import { ResolvedLanguage } from '../languages/resolved-language.js';
import { TestDataCache } from '../test-data-cache.js';
import type { Evaluation } from './evaluation.js';
import { inlinePlan, problemPlan, type JudgePlan } from './judge-plan.js';
import { judgingFault } from './judging-fault.js';
import { PlanRunner, type PlanProgress } from './plan.runner.js';

// The judging core against a FAKE sandbox: runs return scripted results, so no root, no
// bubblewrap, no Redis and no build are needed. Boxes are real directories (the validator's
// feedback files are read back from them), owned by whoever runs the test.

// ---------------------------------------------------------------------------------------------
// Fake sandbox

/** A scripted run: RunResult fields (defaults: a clean exit in 10 ms), `stdout`/`stderr` as text. */
interface Scripted extends Partial<Omit<RunResult, 'stdout' | 'stderr'>> {
  stdout?: string;
  stderr?: string;
  /** Files a validator leaves in its feedback directory (judgemessage.txt, teammessage.txt). */
  feedback?: Record<string, string>;
  /** Resolve this much later (ms): orders the two runs of an interactive test. */
  afterMs?: number;
}

/** What the fake programs do. */
interface Programs {
  /** The submission's compilation, given its source. Default: compiles. */
  compile?(source: string): Scripted;
  /** The submission on one test case, given its stdin (empty for an interactive run). */
  submission(input: string): Scripted;
  /** The custom validator's compilation. Default: compiles. */
  validatorCompile?(): Scripted;
  /** The custom validator or interactor, with the test's files, the team output (non-interactive) and its arguments. */
  validator?(t: { input: string; answer: string; output: string; args: string[] }): Scripted;
}

const SUBMISSION_CC = '/usr/bin/fake-cc';
const VALIDATOR_CC = '/usr/bin/fake-validator-cc';

/** A slot whose runs are answered by `programs`; records every request. */
class FakeSlot implements SandboxSlot {
  readonly index = 0;
  readonly uid = process.getuid?.() ?? 0;
  readonly requests: RunRequest[] = [];
  released = 0;
  /** runConnected calls. */
  connected = 0;
  boxes = 0;
  /** Throw this from the next submission run (a sandbox failure). */
  failNextSubmission: Error | null = null;

  constructor(
    private readonly workDir: string,
    private readonly programs: Programs,
  ) {}

  createBox(): Promise<Box> {
    return Box.create(join(this.workDir, `box-${++this.boxes}`), this.uid, process.getgid?.() ?? 0);
  }

  runTest(request: RunRequest): Promise<RunResult> {
    return this.run(request);
  }

  async run(request: RunRequest): Promise<RunResult> {
    this.requests.push(request);
    const scripted = await this.answer(request);
    for (const [name, text] of Object.entries(scripted.feedback ?? {})) writeFileSync(join(request.box.hostPath, name), text);
    if (scripted.afterMs) await new Promise((resolve) => setTimeout(resolve, scripted.afterMs));
    const { stdout = '', stderr = '', feedback: _feedback, afterMs: _afterMs, ...result } = scripted;
    return {
      status: RunStatus.Exited,
      exitCode: 0,
      signal: null,
      cpuTimeMs: 10.4,
      wallTimeMs: 12.6,
      memoryKiB: 2048,
      ...result,
      stdout: Buffer.from(stdout),
      stderr: Buffer.from(stderr),
    };
  }

  /** Both runs at once, as the sandbox does; the one whose scripted run ends first exited first. */
  async runConnected(submission: ConnectedRequest, interactor: ConnectedRequest): Promise<ConnectedRuns> {
    this.connected++;
    let first: 'submission' | 'interactor' | undefined;
    const [s, i] = await Promise.all([
      this.run(submission).finally(() => (first ??= 'submission')),
      this.run(interactor).finally(() => (first ??= 'interactor')),
    ]);
    return { submission: s, interactor: i, interactorExitedFirst: first === 'interactor' };
  }

  release(): void {
    this.released++;
  }

  /** Submission runs, in order. */
  submissionRuns(): RunRequest[] {
    return this.requests.filter((r) => kindOf(r) === 'submission');
  }

  private async answer(request: RunRequest): Promise<Scripted> {
    switch (kindOf(request)) {
      case 'compile':
        return this.programs.compile?.(readFileSync(join(request.box.hostPath, 'main.fake'), 'utf8')) ?? {};
      case 'validator-compile':
        return this.programs.validatorCompile?.() ?? {};
      case 'validator': {
        const dir = (mount: string) => request.mounts!.find((m) => m.sandboxPath === mount)!.hostPath;
        const input = readFileSync(join(dir('/testdata/input'), 'data'), 'utf8');
        const answer = readFileSync(join(dir('/testdata/answer'), 'data'), 'utf8');
        const stdin = request.stdin;
        const output = stdin && 'data' in stdin ? stdin.data.toString() : '';
        const args = request.argv.slice(request.argv.indexOf('/box/') + 1);
        if (!this.programs.validator) throw new Error('no validator scripted');
        return this.programs.validator({ input, answer, output, args });
      }
      case 'submission': {
        if (this.failNextSubmission) {
          const err = this.failNextSubmission;
          this.failNextSubmission = null;
          throw err;
        }
        const stdin = request.stdin;
        const input = !stdin ? '' : 'data' in stdin ? stdin.data.toString() : 'file' in stdin ? readFileSync(stdin.file, 'utf8') : '';
        return this.programs.submission(input);
      }
    }
  }
}

function kindOf(request: RunRequest): 'compile' | 'validator-compile' | 'validator' | 'submission' {
  if (request.argv[0] === SUBMISSION_CC) return 'compile';
  if (request.argv[0] === VALIDATOR_CC) return 'validator-compile';
  if (request.argv[0] === '/bin/sh' && request.argv[3] === 'validator') return 'validator';
  return 'submission';
}

/** A sandbox of one fake slot. */
class FakeSandbox implements Pick<Sandbox, 'acquire'> {
  acquired = 0;
  constructor(readonly slot: FakeSlot) {}
  async acquire(): Promise<SandboxSlot> {
    this.acquired++;
    return this.slot;
  }
}

// ---------------------------------------------------------------------------------------------
// The runner with real collaborators around the fake sandbox

const FAKE: LanguageDefinition = {
  id: 'fake',
  name: 'Fake',
  sourceFile: 'main.fake',
  tools: {},
  version: [],
  compile: [SUBMISSION_CC, 'main.fake'],
  run: ['/box/main'],
  timeMultiplier: 2,
  extraMemoryKiB: 1024,
  extraProcesses: 3,
  outOfMemory: /fake runtime: out of memory/,
};
const FAKE_VALIDATOR: LanguageDefinition = {
  id: 'fake-validator',
  name: 'Fake validator',
  sourceFile: 'validator.fake',
  tools: {},
  version: [],
  compile: [VALIDATOR_CC],
  run: ['/box/validator'],
  timeMultiplier: 1,
  extraMemoryKiB: 0,
};
const LIMITS: JudgeLimits = { cpuTimeMs: 1000, wallTimeMs: 3000, memoryKiB: 65536, outputKiB: 1024 };

const dirs: string[] = [];
afterEach(() => {
  // Published validator builds are read-only (0555): make them removable first.
  for (const dir of dirs.splice(0)) {
    makeWritable(dir);
    rmSync(dir, { recursive: true, force: true });
  }
});

function makeWritable(dir: string): void {
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) makeWritable(join(dir, entry.name));
}

function testSandboxConfig(workDir: string, diskCache: SandboxConfig['diskCache'], submissionWallBudgetMs: number): SandboxConfig {
  return {
    concurrency: 1,
    requestedConcurrency: 1,
    pinCpus: false,
    resident: false,
    scaleLimitsBySpeed: false,
    jobLockMs: 30_000,
    submissionWallBudgetMs,
    bwrapPath: '/usr/bin/bwrap',
    launcherPath: '/nonexistent',
    workDir,
    uidBase: 60100,
    runProcessLimit: 64,
    runTmpBytes: 1 << 20,
    runTmpInodes: 1000,
    boxBytes: 1 << 24,
    boxInodes: 1000,
    compile: { cpuTimeMs: 20_000, wallTimeMs: 40_000, memoryKiB: 1 << 20, outputBytes: 1000 },
    outputPreviewBytes: 16,
    validator: { cpuTimeMs: 20_000, wallTimeMs: 40_000, memoryKiB: 1 << 20 },
    diskCache,
  };
}

/** A plan runner on a fake slot scripted by `programs`, with a real test data cache over an in-memory store. */
async function setup(
  programs: Programs,
  diskCache = { testDataBytes: 1 << 30, validatorBytes: 1 << 30, compiledBytes: 0 },
  wallBudgetMs = 600_000,
) {
  const workDir = mkdtempSync(join(tmpdir(), 'plan-runner-spec-'));
  dirs.push(workDir);
  const cfg = testSandboxConfig(workDir, diskCache, wallBudgetMs);
  const slot = new FakeSlot(workDir, programs);
  const sandbox = new FakeSandbox(slot);
  const store = new MemoryTestDataStore();
  const cache = new TestDataCache(store, cfg);
  await cache.onModuleInit();
  const languages = new LanguageRegistry([
    new ResolvedLanguage(FAKE, {}, 'fake 1.0', []),
    new ResolvedLanguage(FAKE_VALIDATOR, {}, 'fake-validator 1.0', []),
  ]);
  // Only BuildCacheService.prepare (worker start) uses the sandbox; without it there is no warm cache.
  const buildCache = new BuildCacheService({} as Sandbox, cfg);
  const compileCache = new CompileCacheService(cfg);
  await compileCache.onModuleInit();
  const headers = new PrecompiledHeadersService(sandbox, cfg);
  const runner = new PlanRunner(
    sandbox,
    languages,
    cfg,
    buildCache,
    cache,
    new ValidatorBuildsService(languages, cfg),
    compileCache,
    headers,
  );
  const events: string[] = [];
  const judgeMessages: (string | null)[] = [];
  const progress: PlanProgress = {
    testStarting: (test, of) => events.push(`start ${test.number}/${of}`),
    testFinished: (test, judged, of) => {
      events.push(`done ${test.number}/${of} ${judged.result.verdict}`);
      judgeMessages.push(judged.judgeMessage);
    },
  };
  const run = (plan: JudgePlan, sourceCode = 'program', language = 'fake'): Promise<Evaluation> =>
    runner.run(plan, { language, sourceCode, fileName: null, limits: LIMITS }, progress);
  return { runner, slot, sandbox, store, run, events, judgeMessages, workDir };
}

interface GroupSpec {
  name: string;
  points?: number;
  validatorArgs?: string[];
  /** [name, input, answer] */
  cases: [string, string, string][];
}

/** A stored problem whose test data is in `store`; groups named `sample` are samples. */
function problem(store: MemoryTestDataStore, groups: GroupSpec[], over: Partial<StoredProblem> = {}): StoredProblem {
  return {
    id: 'p1',
    slug: 'p',
    title: 'P',
    statement: '',
    revision: 1,
    testCount: 0,
    createdAt: new Date(),
    updatedAt: new Date(),
    limits: LIMITS,
    timeLimitGiven: true,
    timeLimitSource: 'package',
    timeLimitRules: { legacy: true, acToTimeLimit: 5, timeLimitToTle: 2, timeResolutionMs: 1000 },
    type: ProblemType.PassFail,
    interactive: false,
    checker: checker(),
    packageSubmissions: [],
    packageFormat: 'legacy',
    archived: false,
    groups: groups.map((g) => ({
      name: g.name,
      points: g.points ?? 0,
      sample: g.name === 'sample',
      validatorArgs: g.validatorArgs ?? [],
      testCases: g.cases.map(([name, input, answer]) => ({
        name: `${g.name}/${name}`,
        inputHash: store.put(input),
        inputBytes: input.length,
        answerHash: store.put(answer),
        answerBytes: answer.length,
      })),
    })),
    ...over,
  };
}

function checker(over: Partial<CheckerData> = {}): CheckerData {
  return { ...DEFAULT_CHECKER, ...over };
}

const customChecker = (args: string[] = []): CheckerData =>
  checker({
    kind: CheckerKind.Custom,
    language: 'fake-validator',
    entry: 'validate.fake',
    files: [{ name: 'validate.fake', content: 'validator source' }],
    args,
  });

/** A program that prints the sum of the numbers of its input. */
const adds = (input: string): Scripted => ({
  stdout: `${input
    .split(/\s+/)
    .filter(Boolean)
    .reduce((s, n) => s + Number(n), 0)}\n`,
});

// ---------------------------------------------------------------------------------------------

describe('PlanRunner (fake sandbox)', () => {
  beforeAll(() => Logger.overrideLogger(false));

  describe('inline test cases', () => {
    it('judges a source compiled before from the compile cache: no compiler run, a box of its own, reported as cached', async () => {
      const { slot, runner } = await setup(
        { submission: adds },
        { testDataBytes: 1 << 30, validatorBytes: 1 << 30, compiledBytes: 1 << 20 },
      );
      const compiled: boolean[] = [];
      const progress: PlanProgress = {
        compiled: (_ms, cached) => compiled.push(cached),
        testStarting: () => undefined,
        testFinished: () => undefined,
      };
      const plan = inlinePlan([{ input: '1 2', expectedOutput: '3' }]);
      const source = { language: 'fake', sourceCode: 'program', fileName: null, limits: LIMITS };
      const first = await runner.run(plan, source, progress);
      const second = await runner.run(plan, source, progress);
      const other = await runner.run(plan, { ...source, sourceCode: 'another program' }, progress);
      expect([first.verdict, second.verdict, other.verdict]).toEqual([Verdict.Accepted, Verdict.Accepted, Verdict.Accepted]);
      expect(compiled).toEqual([false, true, false]);
      expect(slot.requests.filter((r) => r.argv[0] === SUBMISSION_CC)).toHaveLength(2);
      const [, cachedRun] = slot.submissionRuns();
      expect(cachedRun!.boxWritable).toBe(false);
      expect(cachedRun!.box).not.toBe(slot.submissionRuns()[0]!.box);
    });

    it('compiles once, runs each test in the compiled box with the language-scaled limits, and reports progress in order', async () => {
      const { slot, sandbox, run, events } = await setup({ submission: adds });
      const evaluation = await run(
        inlinePlan([
          { input: '1 2\n', expectedOutput: '3\n' },
          { input: '20 22', expectedOutput: '42' },
        ]),
      );
      expect(evaluation.verdict).toBe(Verdict.Accepted);
      expect(evaluation.message).toBeNull();
      expect(evaluation.score).toBeNull();
      expect(evaluation.results.map((r) => [r.test, r.verdict, r.cpuTimeMs, r.wallTimeMs, r.memoryKiB, r.stdout])).toEqual([
        [1, Verdict.Accepted, 10, 13, 2048, '3\n'],
        [2, Verdict.Accepted, 10, 13, 2048, '42\n'],
      ]);
      // Inline results carry no group or name.
      expect(evaluation.results[0]).not.toHaveProperty('name');
      expect(events).toEqual(['start 1/2', 'done 1/2 AC', 'start 2/2', 'done 2/2 AC']);
      expect(slot.requests.filter((r) => r.argv[0] === SUBMISSION_CC)).toHaveLength(1);
      const [first, second] = slot.submissionRuns();
      expect(first!.box).toBe(second!.box);
      expect(first!.boxWritable).toBe(false);
      expect(first!.stdin).toEqual({ data: '1 2\n' });
      expect(first!.limits).toMatchObject({
        cpuTimeMs: 2000,
        wallTimeMs: 6000,
        memoryKiB: 65536 + 1024,
        stdoutBytes: 1024 * 1024,
        fileSizeBytes: 1024 * 1024,
        processes: 64 + 3,
        stderrBytes: 64 * 1024,
      });
      expect([sandbox.acquired, slot.released]).toEqual([1, 1]);
    });

    it('stops at the first rejected test (pass-fail), quoting the answer the submitter gave', async () => {
      const { run, events, slot } = await setup({ submission: adds });
      const evaluation = await run(
        inlinePlan([
          { input: '1 1', expectedOutput: '2' },
          { input: '2 2', expectedOutput: '5' },
          { input: '3 3', expectedOutput: '6' },
        ]),
      );
      expect(evaluation.verdict).toBe(Verdict.WrongAnswer);
      expect(evaluation.results.map((r) => r.verdict)).toEqual([Verdict.Accepted, Verdict.WrongAnswer]);
      expect(evaluation.results[1]!.checkerMessage).toBe('token 1: expected "5", got "4" (line 1)');
      expect(evaluation.message).toBeNull();
      expect(evaluation.groups).toEqual([{ name: '', verdict: Verdict.WrongAnswer, points: 0, score: 0, testCount: 3, passed: 1 }]);
      expect(events).toEqual(['start 1/3', 'done 1/3 AC', 'start 2/3', 'done 2/3 WA']);
      expect(slot.submissionRuns()).toHaveLength(2);
    });

    it("takes the run's own verdict before the checker: limits, crashes, the runtime's out-of-memory report", async () => {
      const outcomes: Record<string, Scripted> = {
        tle: { status: RunStatus.CpuTimeLimit, exitCode: null, stdout: '1' },
        mle: { exitCode: 1, stderr: 'fake runtime: out of memory' },
        re: { status: RunStatus.Signaled, exitCode: null, signal: 'SIGSEGV', stdout: '1' },
        ole: { status: RunStatus.OutputLimit, exitCode: null },
        clean: { stdout: '1' },
      };
      const { run } = await setup({ submission: (input) => outcomes[input.trim()]! });
      const verdictOf = async (input: string, expectedOutput: string | null) =>
        (await run(inlinePlan([{ input, expectedOutput }]))).results[0]!;
      expect((await verdictOf('tle', '1')).verdict).toBe(Verdict.TimeLimitExceeded);
      expect((await verdictOf('mle', '1')).verdict).toBe(Verdict.MemoryLimitExceeded);
      const re = await verdictOf('re', '1');
      expect([re.verdict, re.signal, re.checkerMessage]).toEqual([Verdict.RuntimeError, 'SIGSEGV', null]);
      expect((await verdictOf('ole', '1')).verdict).toBe(Verdict.OutputLimitExceeded);
      // No expected output: a clean exit is Accepted, whatever it prints.
      expect((await verdictOf('clean', null)).verdict).toBe(Verdict.Accepted);
      expect((await verdictOf('re', null)).verdict).toBe(Verdict.RuntimeError);
    });

    it('keeps only the preview of stdout and stderr in a result', async () => {
      const { run } = await setup({ submission: () => ({ exitCode: 2, stdout: 'x'.repeat(100), stderr: 'e'.repeat(100) }) });
      const [result] = (await run(inlinePlan([{ input: '', expectedOutput: null }]))).results;
      expect([result!.stdout.length, result!.stderr.length, result!.exitCode]).toEqual([16, 16, 2]);
    });
  });

  describe('compilation', () => {
    it('makes a failing compilation a Compilation Error with the compiler output, running no test', async () => {
      const { run, slot, events } = await setup({
        compile: (source) => ({ exitCode: 1, stderr: `main.fake:1: error: ${source} is not a program` }),
        submission: adds,
      });
      const evaluation = await run(inlinePlan([{ input: '1 2', expectedOutput: '3' }]), 'garbage');
      expect(evaluation).toEqual({
        verdict: Verdict.CompilationError,
        message: 'main.fake:1: error: garbage is not a program',
        results: [],
        groups: [],
        score: null,
        files: 0,
        cache: { cacheHits: 0, cacheMisses: 0 },
      });
      expect(slot.submissionRuns()).toEqual([]);
      expect(events).toEqual([]);
      expect(slot.released).toBe(1);
    });

    it('names the compile limit a compiler ran into', async () => {
      const { run } = await setup({ compile: () => ({ status: RunStatus.WallTimeLimit, exitCode: null }), submission: adds });
      const evaluation = await run(inlinePlan([{ input: '1 2', expectedOutput: '3' }]));
      expect(evaluation.verdict).toBe(Verdict.CompilationError);
      expect(evaluation.message).toBe('compilation took longer than 40000 ms');
    });

    it('makes a language this worker lacks an Internal Error without taking a slot', async () => {
      const { run, sandbox } = await setup({ submission: adds });
      const evaluation = await run(inlinePlan([{ input: '', expectedOutput: null }]), 'x', 'cobol');
      expect([evaluation.verdict, evaluation.message]).toEqual([Verdict.InternalError, 'language cobol is not available on this worker']);
      expect(sandbox.acquired).toBe(0);
    });
  });

  describe('test groups', () => {
    const groups: GroupSpec[] = [
      { name: 'sample', cases: [['1', '1 1', '2']] },
      {
        name: 'secret/a',
        points: 30,
        cases: [
          ['1', '2 2', '5'],
          ['2', '3 3', '6'],
        ],
      },
      {
        name: 'secret/b',
        points: 70,
        cases: [
          ['1', '4 4', '8'],
          ['2', '5 5', '10'],
        ],
      },
    ];

    it('pass-fail: stops at the first rejected test; later groups are not judged', async () => {
      const { run, store, slot } = await setup({ submission: adds });
      const evaluation = await run(problemPlan(problem(store, groups)));
      expect(evaluation.verdict).toBe(Verdict.WrongAnswer);
      expect(evaluation.results.map((r) => [r.test, r.group, r.name, r.verdict])).toEqual([
        [1, 'sample', 'sample/1', Verdict.Accepted],
        [2, 'secret/a', 'secret/a/1', Verdict.WrongAnswer],
      ]);
      expect(evaluation.groups).toEqual([
        { name: 'sample', verdict: Verdict.Accepted, points: 0, score: 0, testCount: 1, passed: 1 },
        { name: 'secret/a', verdict: Verdict.WrongAnswer, points: 0, score: 0, testCount: 2, passed: 0 },
        { name: 'secret/b', verdict: null, points: 0, score: 0, testCount: 2, passed: 0 },
      ]);
      expect(evaluation.score).toBeNull();
      expect(slot.submissionRuns()).toHaveLength(2);
    });

    it('scoring: a group stops at its first rejection, judging goes on with the next group, points only for whole groups', async () => {
      const { run, store, slot } = await setup({ submission: adds });
      const plan = problemPlan(problem(store, groups, { type: ProblemType.Scoring }));
      expect(plan.maxScore).toBe(100);
      const evaluation = await run(plan);
      // The first rejection's verdict is the overall verdict.
      expect(evaluation.verdict).toBe(Verdict.WrongAnswer);
      expect(evaluation.results.map((r) => r.name)).toEqual(['sample/1', 'secret/a/1', 'secret/b/1', 'secret/b/2']);
      expect(evaluation.groups).toEqual([
        { name: 'sample', verdict: Verdict.Accepted, points: 0, score: 0, testCount: 1, passed: 1 },
        { name: 'secret/a', verdict: Verdict.WrongAnswer, points: 30, score: 0, testCount: 2, passed: 0 },
        { name: 'secret/b', verdict: Verdict.Accepted, points: 70, score: 70, testCount: 2, passed: 2 },
      ]);
      expect(evaluation.score).toBe(70);
      expect(slot.submissionRuns()).toHaveLength(4);
    });

    it('the wall-time budget of all tests together: the test on which it runs out is TLE, and no test runs after it', async () => {
      // Every run but the sample's sleeps out its wall limit (3000 ms × the fake language's multiplier 2 = 6000 ms).
      // Budget 10 000 ms: the sample takes 13 ms, secret/a/1 6000 ms (a TLE that ends its group), and
      // secret/b/1 gets what is left, runs out of it and ends the judging.
      const sleeps = (input: string): Scripted =>
        input === '1 1' ? adds(input) : { status: RunStatus.WallTimeLimit, exitCode: null, cpuTimeMs: 1, wallTimeMs: 6000 };
      const { run, store, slot } = await setup({ submission: sleeps }, undefined, 10_000);
      const evaluation = await run(problemPlan(problem(store, groups, { type: ProblemType.Scoring })));
      const walls = slot.submissionRuns().map((r) => r.limits.wallTimeMs);
      expect(walls[0]).toBe(6000);
      expect(walls[1]).toBe(6000);
      expect(walls[2]).toBe(2 * Math.floor((10_000 - 13 - 6000) / 2));
      expect(walls).toHaveLength(3);
      expect(evaluation.results.map((r) => [r.name, r.verdict])).toEqual([
        ['sample/1', Verdict.Accepted],
        ['secret/a/1', Verdict.TimeLimitExceeded],
        ['secret/b/1', Verdict.TimeLimitExceeded],
      ]);
      expect(evaluation.results[1]!.checkerMessage).toBeNull();
      expect(evaluation.results[2]!.checkerMessage).toMatch(/wall-time budget of 10000 ms .* ran out on this test/);
      expect(evaluation.groups.map((g) => [g.name, g.verdict, g.passed])).toEqual([
        ['sample', Verdict.Accepted, 1],
        ['secret/a', Verdict.TimeLimitExceeded, 0],
        ['secret/b', Verdict.TimeLimitExceeded, 0],
      ]);
      expect(evaluation.score).toBe(0);
    });

    it('less than the smallest wall limit left: the next test is TLE without a run', async () => {
      const { run, slot } = await setup({ submission: (input) => ({ stdout: input, wallTimeMs: 9950 }) }, undefined, 10_000);
      const evaluation = await run(
        inlinePlan([
          { input: '1', expectedOutput: '1' },
          { input: '2', expectedOutput: '2' },
        ]),
      );
      expect(slot.submissionRuns()).toHaveLength(1);
      expect(evaluation.verdict).toBe(Verdict.TimeLimitExceeded);
      expect(evaluation.results.map((r) => [r.test, r.verdict, r.wallTimeMs])).toEqual([
        [1, Verdict.Accepted, 9950],
        [2, Verdict.TimeLimitExceeded, 0],
      ]);
      expect(evaluation.results[1]!.checkerMessage).toMatch(/wall-time budget/);
    });

    it('scoring: every group accepted scores every point', async () => {
      const { run, store } = await setup({ submission: adds });
      const right = groups.map((g) => ({
        ...g,
        cases: g.cases.map(([n, input]): [string, string, string] => [n, input, adds(input).stdout!]),
      }));
      const evaluation = await run(problemPlan(problem(store, right, { type: ProblemType.Scoring })));
      expect([evaluation.verdict, evaluation.score]).toEqual([Verdict.Accepted, 100]);
    });

    it('gives the input as a cached file, fetched once per worker and prefetched ahead', async () => {
      const { run, store, slot } = await setup({ submission: adds });
      const plan = problemPlan(
        problem(store, [
          {
            name: 'secret',
            cases: [
              ['1', '1 2', '3'],
              ['2', '1 2', '3'],
              ['3', '2 2', '4'],
            ],
          },
        ]),
      );
      const first = await run(plan);
      expect(first.verdict).toBe(Verdict.Accepted);
      // Inputs and answers: '1 2' and '3' twice, '2 2' and '4': 4 distinct files.
      expect([first.files, first.cache]).toEqual([4, { cacheHits: 0, cacheMisses: 4 }]);
      expect(slot.submissionRuns()[0]!.stdin).toEqual({ file: expect.stringMatching(/testdata\/[0-9a-f]{64}\/data$/) });
      const second = await run(plan);
      expect([second.files, second.cache]).toEqual([4, { cacheHits: 4, cacheMisses: 0 }]);
      expect(store.downloads).toBe(4);
    });

    it("holds a judging's test data files until it ends, even past the cache's budget; then evicts down to it", async () => {
      const { run, store, slot, workDir } = await setup(
        { submission: adds },
        { testDataBytes: 4, validatorBytes: 1 << 30, compiledBytes: 0 },
      );
      const plan = problemPlan(
        problem(store, [
          {
            name: 'secret',
            cases: [
              ['1', '1 2', '3'],
              ['2', '2 2', '4'],
              ['3', '1 2', '3'],
            ],
          },
        ]),
      );
      // 8 bytes of files over a budget of 4: every test still finds its input (none evicted mid-judging).
      const evaluation = await run(plan);
      expect(evaluation.results.map((r) => r.verdict)).toEqual([Verdict.Accepted, Verdict.Accepted, Verdict.Accepted]);
      expect(slot.submissionRuns()).toHaveLength(3);
      await new Promise((r) => setTimeout(r, 10));
      expect(await treeBytes(join(workDir, 'testdata'))).toBeLessThanOrEqual(4);
    });
  });

  describe('what a submitter may see', () => {
    it('a sample quotes the answer and shows the output; a secret test says only its verdict and sizes, and the full message is kept for operators', async () => {
      const { run, store, judgeMessages } = await setup({ submission: () => ({ stdout: '1 6\n', stderr: 'input was y' }) });
      const groups: GroupSpec[] = [
        { name: 'sample', cases: [['1', 'x', '1 5']] },
        { name: 'secret', cases: [['1', 'y', '1 7']] },
      ];
      const evaluation = await run(problemPlan(problem(store, groups, { type: ProblemType.Scoring })));
      const [sample, secret] = evaluation.results;
      expect(sample!.checkerMessage).toBe('token 2: expected "5", got "6" (line 1)');
      expect([sample!.stdout, sample!.stderr]).toEqual(['1 6\n', 'input was y']);
      expect([secret!.verdict, secret!.checkerMessage]).toEqual([Verdict.WrongAnswer, null]);
      // No preview of a secret test's output (a program may copy the secret input into it), only its size.
      expect(secret).toMatchObject({
        stdout: '',
        stderr: '',
        stdoutBytes: 4,
        stderrBytes: 11,
        stdoutTruncated: true,
        stderrTruncated: true,
      });
      expect(judgeMessages).toEqual(['token 2: expected "5", got "6" (line 1)', 'token 2: expected "7", got "6" (line 1)']);
    });

    it("applies the problem's and the group's default validator flags", async () => {
      const { run, store } = await setup({ submission: () => ({ stdout: 'YES 1.05\n' }) });
      const groups: GroupSpec[] = [
        { name: 'secret/loose', cases: [['1', '', 'yes 1.0']] },
        { name: 'secret/strict', validatorArgs: ['case_sensitive'], cases: [['1', '', 'yes 1.0']] },
      ];
      const evaluation = await run(
        problemPlan(problem(store, groups, { type: ProblemType.Scoring, checker: checker({ floatAbsoluteTolerance: 0.1 }) })),
      );
      expect(evaluation.results.map((r) => r.verdict)).toEqual([Verdict.Accepted, Verdict.WrongAnswer]);
    });

    it('makes bad validator flags an Internal Error of the test, whose message is the evaluation message', async () => {
      const { run, store } = await setup({ submission: () => ({ stdout: '3' }) });
      const evaluation = await run(
        problemPlan(problem(store, [{ name: 'secret', validatorArgs: ['float_tolerance'], cases: [['1', '', '3']] }])),
      );
      expect(evaluation.verdict).toBe(Verdict.InternalError);
      expect(evaluation.results[0]!.checkerMessage).toBe(
        'bad output validator flags: float_tolerance needs a non-negative number after it',
      );
      expect(evaluation.message).toBe(evaluation.results[0]!.checkerMessage);
    });
  });

  describe('custom output validator', () => {
    /** Accepts when the output's number equals the answer's; says so in both feedback files. */
    const compares = ({ output, answer }: { output: string; answer: string }): Scripted =>
      output.trim() === answer.trim()
        ? { exitCode: VALIDATOR_ACCEPT }
        : {
            exitCode: VALIDATOR_REJECT,
            feedback: { 'judgemessage.txt': `expected ${answer.trim()}, got ${output.trim()}\n`, 'teammessage.txt': 'wrong sum\n' },
          };

    it('builds the validator once, runs it on the output with the test files and its arguments; 42 Accepted, 43 Wrong Answer', async () => {
      const seen: string[][] = [];
      const { run, store, slot } = await setup({
        submission: adds,
        validator: (t) => {
          seen.push([t.input, t.output, ...t.args]);
          return compares(t);
        },
      });
      const groups: GroupSpec[] = [
        {
          name: 'sample',
          cases: [
            ['1', '1 1', '2'],
            ['2', '2 2', '5'],
          ],
        },
        { name: 'secret', validatorArgs: ['group-arg'], cases: [['1', '3 3', '7']] },
      ];
      const evaluation = await run(
        problemPlan(problem(store, groups, { type: ProblemType.Scoring, checker: customChecker(['problem-arg']) })),
      );
      expect(evaluation.results.map((r) => r.verdict)).toEqual([Verdict.Accepted, Verdict.WrongAnswer, Verdict.WrongAnswer]);
      expect(seen).toEqual([
        ['1 1', '2\n', 'problem-arg'],
        ['2 2', '4\n', 'problem-arg'],
        ['3 3', '6\n', 'problem-arg', 'group-arg'],
      ]);
      // A sample shows judgemessage.txt; a secret test only teammessage.txt.
      expect(evaluation.results[1]!.checkerMessage).toBe('expected 5, got 4');
      expect(evaluation.results[2]!.checkerMessage).toBe('wrong sum');
      expect(slot.requests.filter((r) => kindOf(r) === 'validator-compile')).toHaveLength(1);
      // A second judging finds the build published.
      await run(problemPlan(problem(store, groups, { checker: customChecker() })));
      expect(slot.requests.filter((r) => kindOf(r) === 'validator-compile')).toHaveLength(1);
    });

    it('keeps a validator build over the budget for its judging, then deletes it (the next judging builds it again)', async () => {
      const { run, store, slot, workDir } = await setup(
        { submission: adds, validator: compares },
        { testDataBytes: 1 << 30, validatorBytes: 1, compiledBytes: 0 },
      );
      const plan = problemPlan(problem(store, [{ name: 'secret', cases: [['1', '1 1', '2']] }], { checker: customChecker() }));
      expect((await run(plan)).verdict).toBe(Verdict.Accepted);
      // The build is deleted in the background once the judging released it (up to 2 s on a loaded host).
      const builds = () => readdirSync(workDir).filter((n) => n.startsWith('validator-'));
      for (let i = 0; i < 200 && builds().length > 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(builds()).toEqual([]);
      expect((await run(plan)).verdict).toBe(Verdict.Accepted);
      expect(slot.requests.filter((r) => kindOf(r) === 'validator-compile')).toHaveLength(2);
    });

    it('makes any other exit an Internal Error: a secret test shows what failed, not what the validator wrote', async () => {
      const { run, store, judgeMessages } = await setup({
        submission: adds,
        validator: () => ({
          exitCode: 1,
          stderr: 'validator crashed reading the answer 42',
          feedback: { 'judgemessage.txt': 'answer is 42' },
        }),
      });
      const evaluation = await run(
        problemPlan(problem(store, [{ name: 'secret', cases: [['1', '1 1', '42']] }], { checker: customChecker() })),
      );
      expect(evaluation.verdict).toBe(Verdict.InternalError);
      const shown = `the output validator exited with code 1 (expected ${VALIDATOR_ACCEPT} or ${VALIDATOR_REJECT})`;
      expect(evaluation.results[0]!.checkerMessage).toBe(shown);
      expect(evaluation.message).toBe(shown);
      expect(judgeMessages[0]).toBe(`${shown}\njudgemessage: answer is 42\nstderr: validator crashed reading the answer 42`);
    });

    it('makes a validator killed by its limits an Internal Error too', async () => {
      const { run, store } = await setup({ submission: adds, validator: () => ({ status: RunStatus.CpuTimeLimit, exitCode: null }) });
      const evaluation = await run(
        problemPlan(problem(store, [{ name: 'secret', cases: [['1', '1 1', '2']] }], { checker: customChecker() })),
      );
      expect([evaluation.verdict, evaluation.message]).toEqual([Verdict.InternalError, 'the output validator ran out of CPU time']);
    });

    it('does not run the validator when the run decided already', async () => {
      const { run, store, slot } = await setup({
        submission: () => ({ status: RunStatus.WallTimeLimit, exitCode: null }),
        validator: compares,
      });
      const evaluation = await run(
        problemPlan(problem(store, [{ name: 'secret', cases: [['1', '1 1', '2']] }], { checker: customChecker() })),
      );
      expect(evaluation.verdict).toBe(Verdict.TimeLimitExceeded);
      expect(slot.requests.filter((r) => kindOf(r) === 'validator')).toEqual([]);
    });

    it('makes a validator that does not compile an Internal Error, running no test', async () => {
      const { run, store, slot } = await setup({
        submission: adds,
        validatorCompile: () => ({ exitCode: 1, stderr: 'validate.fake: syntax error' }),
      });
      const evaluation = await run(
        problemPlan(problem(store, [{ name: 'secret', cases: [['1', '1 1', '2']] }], { checker: customChecker() })),
      );
      expect(evaluation.verdict).toBe(Verdict.InternalError);
      expect(evaluation.message).toBe('the output validator does not compile:\nvalidate.fake: syntax error');
      expect(slot.submissionRuns()).toEqual([]);
    });
  });

  describe('interactive problems', () => {
    const interactive = (store: MemoryTestDataStore) =>
      problemPlan(problem(store, [{ name: 'secret', cases: [['1', 'n=5', '']] }], { interactive: true, checker: customChecker() }));

    it('runs the submission and the interactor together, connected', async () => {
      const { run, store, slot } = await setup({ submission: () => ({}), validator: () => ({ exitCode: VALIDATOR_ACCEPT }) });
      const evaluation = await run(interactive(store));
      expect(evaluation.verdict).toBe(Verdict.Accepted);
      expect(slot.connected).toBe(1);
      const [submission] = slot.submissionRuns();
      expect(submission!.stdin).toBeUndefined();
      const validator = slot.requests.find((r) => kindOf(r) === 'validator')!;
      // The interactor's wall limit is the submission's plus a margin, so a deadlock ends as the submission's TLE.
      expect(validator.limits.wallTimeMs).toBe(submission!.limits.wallTimeMs + 1000);
    });

    it("gives the interactor's Wrong Answer when it exited first, even if the submission then crashed", async () => {
      const { run, store } = await setup({
        submission: () => ({ afterMs: 30, status: RunStatus.Signaled, exitCode: null, signal: 'SIGPIPE' }),
        validator: () => ({ exitCode: VALIDATOR_REJECT, feedback: { 'teammessage.txt': 'guessed wrong' } }),
      });
      const evaluation = await run(interactive(store));
      expect(evaluation.verdict).toBe(Verdict.WrongAnswer);
      expect(evaluation.results[0]!.checkerMessage).toBe('guessed wrong');
    });

    it("gives the submission's own verdict when the interactor did not exit first with Wrong Answer", async () => {
      const { run, store } = await setup({
        submission: () => ({ status: RunStatus.CpuTimeLimit, exitCode: null }),
        validator: () => ({ afterMs: 30, exitCode: VALIDATOR_REJECT }),
      });
      expect((await run(interactive(store))).verdict).toBe(Verdict.TimeLimitExceeded);
    });

    it("else gives the interactor's verdict", async () => {
      const { run, store } = await setup({ submission: () => ({}), validator: () => ({ afterMs: 30, exitCode: VALIDATOR_REJECT }) });
      expect((await run(interactive(store))).verdict).toBe(Verdict.WrongAnswer);
    });
  });

  describe('faults', () => {
    it('throws a sandbox failure (an Internal Error for the caller) and releases the slot', async () => {
      const { run, slot } = await setup({ submission: adds });
      slot.failNextSubmission = new SandboxRunError('launcher died');
      const failure = await run(inlinePlan([{ input: '1', expectedOutput: '1' }])).catch((err: unknown) => err);
      expect(judgingFault(failure)).toEqual({ message: 'sandbox failure: launcher died', log: 'sandbox failure' });
      expect(slot.released).toBe(1);
    });

    it('throws for test data gone from the store', async () => {
      const { run, store } = await setup({ submission: adds });
      const plan = problemPlan(problem(store, [{ name: 'secret', cases: [['1', '1 1', '2']] }]));
      store.files.clear();
      const failure = await run(plan).catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(TestDataMissingError);
      expect(judgingFault(failure)?.message).toMatch(/is not stored; re-import the problem$/);
      expect(judgingFault(new Error('MongoDB is unavailable'))).toBeNull();
    });
  });
});
