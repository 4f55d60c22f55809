import { Inject, Injectable, Optional } from '@nestjs/common';
import { CheckerKind, Verdict, type GroupResult, type JudgeLimits, type TestResult } from '../../../libs/contracts/index.js';
import { sourceFileFor, withoutByteOrderMark } from '../../../libs/judging/index.js';
import type { Box, Sandbox } from '../../../libs/sandbox/index.js';
import { sandboxConfig, type SandboxConfig } from '../../config/sandbox.config.js';
import { JudgingMetrics } from '../../metrics/judging.metrics.js';
import { BuildCacheService } from '../build-cache.service.js';
import { ValidatorBuildsService, type ValidatorBuild } from '../checkers/validator-builds.service.js';
import { CompileCacheService } from '../compile-cache.service.js';
import type { CompileOverrides } from '../compile-stage.js';
import type { Lease } from '../disk-lru.js';
import { LanguageRegistry } from '../languages/language-registry.js';
import type { ResolvedLanguage } from '../languages/resolved-language.js';
import { PrecompiledHeadersService } from '../precompiled-headers.service.js';
import { SANDBOX } from '../sandbox.provider.js';
import { scaledLimits, type WorkerSpeed } from '../speed/worker-speed.js';
import { WORKER_SPEED } from '../speed/worker-speed.provider.js';
import { TestDataCache } from '../test-data-cache.js';
import { planVerdict } from './plan-verdict.js';
import { nothingRan, type Evaluation } from './evaluation.js';
import type { JudgePlan, PlannedTest } from './judge-plan.js';
import { JudgingFiles } from './judging-files.js';
import { runTestCase, type JudgedTest, type TestCaseContext } from './test-case.runner.js';
import { roundScore, testScore } from './test-score.js';
import { WallBudget } from './wall-budget.js';

/** What is judged against a plan: a source in a language, under limits (the submission's, or verification's). */
export interface JudgedSource {
  /** Language id of the language table (`cpp17`, `python3`, ...). */
  language: string;
  sourceCode: string;
  /** The file name the submitter gave, or null: the language's rule (`sourceFileFor`). */
  fileName: string | null;
  limits: JudgeLimits;
}

/**
 * Progress of a plan as it runs, for a caller that stores or publishes it. Called in order, on
 * the judging's own path: a listener must not block (queue slow work, as the event trail does).
 */
export interface PlanProgress {
  /**
   * The source compiled (or passed its syntax check) in `compileMs` ms of wall time (0: the
   * language has no compile step); `cached`: found in the worker's compile cache, no compiler ran.
   */
  compiled?(compileMs: number, cached: boolean): void;
  /** Test `test.number` of `of` starts now. */
  testStarting(test: PlannedTest, of: number): void;
  /** Test `test.number` of `of` is judged. */
  testFinished(test: PlannedTest, judged: JudgedTest, of: number): void;
}

/** Progress nobody listens to. */
const UNHEARD: PlanProgress = { testStarting: () => undefined, testFinished: () => undefined };

/** Tests ahead of the running one whose files are fetched into the cache meanwhile. */
const PREFETCH_TESTS = 4;

/** What the tests of a plan came to. */
interface GroupsOutcome {
  results: TestResult[];
  groups: GroupResult[];
  score: number | null;
}

/**
 * Runs a judge plan in one sandbox slot: compile the source once (with the language's warm
 * compiler cache or precompiled header, if any; or find the compile in the worker's compile
 * cache, CompileCacheService), build the problem's custom output validator or interactor if it has
 * one, then run the test cases group by group, each in a fresh sandbox run, fetching the next
 * tests' data while one runs. Stop rules: a group stops at its first rejected test case; a
 * pass-fail plan stops there altogether, a scoring plan goes on with the next group, and a group
 * scores its points only when every one of its test cases is accepted.
 *
 * Knows nothing of storage or events: progress goes to a `PlanProgress` listener. Used by the
 * submission judge (which stores and publishes it) and by problem verification (which does not).
 */
@Injectable()
export class PlanRunner {
  constructor(
    @Inject(SANDBOX) private readonly sandbox: Pick<Sandbox, 'acquire'>,
    private readonly languages: LanguageRegistry,
    @Inject(sandboxConfig.KEY) private readonly cfg: SandboxConfig,
    private readonly buildCache: BuildCacheService,
    private readonly testData: TestDataCache,
    private readonly validators: ValidatorBuildsService,
    private readonly compileCache: CompileCacheService,
    private readonly headers: PrecompiledHeadersService,
    @Optional() private readonly metrics?: JudgingMetrics,
    @Optional() @Inject(WORKER_SPEED) private readonly speed?: WorkerSpeed,
  ) {}

  /**
   * Judges `source` against `plan`.
   * @returns the evaluation: Compilation Error (compiler output in `message`) or Internal Error
   *   (language not on this worker, output validator does not build; what went wrong in `message`)
   *   with no test run; else the tests' results, where a checker failure on a test is that test's
   *   Internal Error (its message then is the evaluation's).
   * @throws SandboxRunError / SandboxUnavailableError when the sandbox fails, TestDataMissingError
   *   when a test data file is gone (see `judgingFault`), DependencyUnavailableError when
   *   the test data store is unreachable.
   */
  async run(plan: JudgePlan, source: JudgedSource, progress: PlanProgress = UNHEARD): Promise<Evaluation> {
    const language = this.languages.get(source.language);
    if (!language) return nothingRan(Verdict.InternalError, `language ${source.language} is not available on this worker`);
    const slot = await this.sandbox.acquire();
    let box: Box | undefined;
    let files: JudgingFiles | undefined;
    let validatorLease: Lease | undefined;
    try {
      box = await slot.createBox();
      const sourceCode = withoutByteOrderMark(source.sourceCode);
      const sourceFile = sourceFileFor(language.definition, sourceCode, source.fileName);
      const compileStarted = performance.now();
      const { outcome: compiled, cached } = await this.compileCache.compile(slot, box, {
        language,
        sourceFile,
        sourceCode,
        overrides: this.compileOverrides(language, sourceFile),
      });
      if (!compiled.ok) return nothingRan(Verdict.CompilationError, compiled.message);
      progress.compiled?.(language.compileArgv(sourceFile) ? Math.round(performance.now() - compileStarted) : 0, cached);
      let validator: ValidatorBuild | null = null;
      if (plan.checker?.kind === CheckerKind.Custom) {
        const built = await this.validators.prepare(slot, plan.checker);
        if (!built.ok) return nothingRan(Verdict.InternalError, built.message);
        validator = built.build;
        validatorLease = built.lease;
      }
      files = new JudgingFiles(this.testData);
      const ctx: TestCaseContext = {
        slot,
        box,
        language,
        program: compiled.program,
        plan,
        limits: this.speed ? scaledLimits(source.limits, this.speed) : source.limits,
        validator,
        files,
        cfg: this.cfg,
      };
      const outcome = await this.runGroups(ctx, progress);
      const failed = outcome.results.find((r) => r.verdict !== Verdict.Accepted);
      return {
        verdict: planVerdict(plan, outcome.results, outcome.groups),
        results: outcome.results,
        groups: outcome.groups,
        score: outcome.score,
        message: failed?.verdict === Verdict.InternalError ? failed.checkerMessage : null,
        files: files.count,
        cache: await files.cacheCounts(),
      };
    } finally {
      await box?.destroy();
      slot.release();
      files?.release();
      validatorLease?.release();
    }
  }

  /** The language's compile with its warm compiler cache (Go) or its precompiled header (g++), when it has one. */
  private compileOverrides(language: ResolvedLanguage, sourceFile: string): CompileOverrides {
    const argv = language.compileArgv(sourceFile);
    if (!argv) return {};
    const warm = this.buildCache.withWarmCache(language, argv) ?? this.headers.withPrecompiledHeader(language, argv);
    return warm ? { argv: warm.argv, mounts: [warm.mount] } : {};
  }

  /**
   * Runs the plan's tests group by group, by the stop rules above, within the judging's wall-time
   * budget (WallBudget): the test on which it runs out is Time Limit Exceeded and no test runs
   * after it, in any group.
   */
  private async runGroups(ctx: TestCaseContext, progress: PlanProgress): Promise<GroupsOutcome> {
    const { plan } = ctx;
    const of = plan.tests.length;
    const results: TestResult[] = [];
    const groups: GroupResult[] = [];
    const budget = new WallBudget(ctx.cfg.submissionWallBudgetMs);
    let stopped = false;
    for (const group of plan.groups) {
      let verdict: Verdict | null = null;
      let passed = 0;
      // sum / min groups score each test case (test-score.ts); a sum group judges all of its test cases.
      const aggregation = plan.scoring ? (group.aggregation ?? 'pass-fail') : 'pass-fail';
      const worth = aggregation === 'sum' ? group.points / Math.max(1, group.count) : group.points;
      const testScores: number[] = [];
      if (!stopped) {
        verdict = Verdict.Accepted;
        for (let i = group.first; i < group.first + group.count; i++) {
          const test = plan.tests[i]!;
          // Fetch the next tests' files while this one runs (downloads overlap the runs and each other).
          for (const next of plan.tests.slice(i + 1, i + 1 + PREFETCH_TESTS)) ctx.files.prefetch(next);
          progress.testStarting(test, of);
          let judged = await this.runWithinBudget(ctx, test, budget);
          if (aggregation !== 'pass-fail') {
            const scored = testScore(judged, worth);
            if ('problem' in scored) {
              judged = { ...judged, result: { ...judged.result, verdict: Verdict.InternalError, checkerMessage: scored.problem } };
              testScores.push(0);
            } else testScores.push(scored.score);
          }
          progress.testFinished(test, judged, of);
          results.push(judged.result);
          if (judged.result.verdict !== Verdict.Accepted) {
            if (verdict === Verdict.Accepted) verdict = judged.result.verdict;
            if (budget.remainingMs === 0 || judged.budgetSpent) stopped = true;
            if (stopped || (!plan.judgeEveryTest && aggregation !== 'sum')) break;
            continue;
          }
          passed++;
        }
        if (verdict !== Verdict.Accepted && !plan.scoring && !plan.judgeEveryTest) stopped = true;
      }
      const points = plan.scoring ? group.points : 0;
      const score =
        verdict === null
          ? 0
          : aggregation === 'sum'
            ? roundScore(testScores.reduce((a, b) => a + b, 0))
            : aggregation === 'min'
              ? verdict === Verdict.Accepted
                ? roundScore(Math.min(...testScores))
                : 0
              : verdict === Verdict.Accepted
                ? points
                : 0;
      groups.push({ name: group.name, verdict, points, score, testCount: group.count, passed });
    }
    const score = plan.scoring ? roundScore(groups.reduce((sum, g) => sum + g.score, 0)) : null;
    return { results, groups, score };
  }

  /**
   * One test within `budget`: run with its wall limit cut to what is left; a run cut by the budget
   * that is Time Limit Exceeded, or a test with less than MIN_WALL_TIME_MS left (not run), is the
   * test on which the budget ran out (`budgetSpent`, with the budget's message).
   */
  private async runWithinBudget(
    ctx: TestCaseContext,
    test: PlannedTest,
    budget: WallBudget,
  ): Promise<JudgedTest & { budgetSpent: boolean }> {
    const next = budget.limitsFor(ctx.limits, ctx.language.definition.timeMultiplier);
    if (!next) {
      const result: TestResult = {
        test: test.number,
        verdict: Verdict.TimeLimitExceeded,
        cpuTimeMs: 0,
        wallTimeMs: 0,
        memoryKiB: 0,
        exitCode: null,
        signal: null,
        stdout: '',
        stderr: '',
        stdoutBytes: 0,
        stderrBytes: 0,
        stdoutTruncated: false,
        stderrTruncated: false,
        checkerMessage: budget.message(),
        ...(ctx.plan.named ? { group: test.group, name: test.name } : {}),
      };
      return { result, judgeMessage: null, budgetSpent: true };
    }
    const judged = await runTestCase(next.capped ? { ...ctx, limits: next.limits } : ctx, test);
    budget.charge(judged.result.wallTimeMs);
    this.metrics?.testRun(judged.result.cpuTimeMs, judged.result.wallTimeMs);
    const spent = next.capped && judged.result.verdict === Verdict.TimeLimitExceeded;
    if (!spent) return { ...judged, budgetSpent: false };
    return { result: { ...judged.result, checkerMessage: budget.message() }, judgeMessage: judged.judgeMessage, budgetSpent: true };
  }
}
