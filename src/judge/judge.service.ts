import { Inject, Injectable, Logger } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import {
  SubmissionStatus,
  Verdict,
  type GroupResult,
  type JudgeLimits,
  type SubmissionEventDraft,
  type TestResult,
} from '../../libs/contracts/index.js';
import type { Box, RunRequest, RunResult, Sandbox, SandboxSlot, StdinSource } from '../../libs/sandbox/index.js';
import { sandboxConfig, type SandboxConfig } from '../config/sandbox.config.js';
import { SubmissionEventsPublisher } from '../events/submission-events.publisher.js';
import type { StoredProblem } from '../persistence/problems/problem-records.js';
import { CheckerKind } from '../../libs/contracts/index.js';
import { ProblemsRepository } from '../persistence/problems/problems.repository.js';
import { SubmissionsRepository } from '../persistence/submissions/submissions.repository.js';
import { TestDataMissingError } from '../persistence/test-data/test-data.store.js';
import { BuildCacheService } from './build-cache.service.js';
import { runInteractive, runOutputValidator, type ValidatorOutcome, type ValidatorTest } from './checkers/custom-validator.runner.js';
import { defaultOutputValidator, type DefaultValidatorOptions } from '../../libs/judging/checkers/default-output-validator.js';
import { parseValidatorFlags } from '../../libs/judging/checkers/default-validator-flags.js';
import { ValidatorBuildsService, type ValidatorBuild } from './checkers/validator-builds.service.js';
import { compileInSandbox } from './compile-stage.js';
import { inlinePlan, problemPlan, type JudgePlan, type PlannedTest, type TestDataRef } from './judge-plan.js';
import { LanguageRegistry } from './languages/language-registry.js';
import type { ResolvedLanguage } from './languages/resolved-language.js';
import { SANDBOX } from './sandbox.provider.js';
import { TestDataCache } from './test-data-cache.service.js';
import { runVerdict } from './test-verdict.js';

/** A test case as the judge needs it. `expectedOutput` null: the run alone decides (clean exit = Accepted). */
export interface JudgeTestCase {
  input: string;
  expectedOutput: string | null;
}

/** Everything the tests of one judging share. */
interface TestContext {
  /** null: judging that stores and publishes nothing (verification). */
  trail: EventTrail | null;
  slot: SandboxSlot;
  box: Box;
  language: ResolvedLanguage;
  plan: JudgePlan;
  limits: JudgeLimits;
  validator: ValidatorBuild | null;
  /** Test data files of this judging by hash, fetched (or being fetched) into the local cache. */
  files: Map<string, Promise<{ path: string; hit: boolean }>>;
}

/** What judging a source against a plan came to. */
export interface Evaluation {
  verdict: Verdict;
  results: TestResult[];
  groups: GroupResult[];
  score: number | null;
  /** Compiler output (CE) or what went wrong (IE), else null. */
  message: string | null;
  /** Test data files used, and how many were in the worker's cache already. */
  files: number;
  cache: { cacheHits: number; cacheMisses: number };
}

/** Tests ahead of the running one whose files are fetched into the cache meanwhile. */
const PREFETCH_TESTS = 4;

const NOTHING_RUN: Omit<Evaluation, 'verdict' | 'message'> = {
  results: [],
  groups: [],
  score: null,
  files: 0,
  cache: { cacheHits: 0, cacheMisses: 0 },
};

/** What the tests of a submission came to. */
interface TestsOutcome {
  results: TestResult[];
  groups: GroupResult[];
  score: number | null;
}

/** The verdict of one test and its checker's messages. */
interface TestDecision {
  verdict: Verdict;
  /** Shown to the submitter: never quotes a secret test's answer (see PlannedTest.reveal). */
  checkerMessage: string | null;
  /** The checker's full message (judgemessage.txt), stored for operators but never shown when it differs. */
  judgeMessage?: string | null;
}

/**
 * Judges one submission: compile once, run each test case in a fresh sandbox run, check the
 * output (the ICPC default output validator, or the problem's custom validator or interactor,
 * run in the sandbox), stop at the first rejected test (scoring problems: at the first rejected
 * test of each group, then go on with the next group), store the
 * result and publish every step on the events channel (compiling, running k of n,
 * test-finished, finished). Storage and events trail the judging in one ordered chain so
 * the sandbox never waits on the network; the verdict is stored before `finished` is published.
 */
@Injectable()
export class JudgeService {
  private readonly logger = new Logger(JudgeService.name);
  private activeCount = 0;

  constructor(
    @Inject(SANDBOX) private readonly sandbox: Sandbox,
    private readonly languages: LanguageRegistry,
    private readonly submissions: SubmissionsRepository,
    private readonly events: SubmissionEventsPublisher,
    @Inject(sandboxConfig.KEY) private readonly cfg: SandboxConfig,
    private readonly buildCache: BuildCacheService,
    private readonly problems: ProblemsRepository,
    private readonly testData: TestDataCache,
    private readonly validators: ValidatorBuildsService,
  ) {}

  /** Submissions being judged now. */
  get active(): number {
    return this.activeCount;
  }

  /**
   * Judges submission `submissionId` from its stored source, tests and limits.
   * @returns the final verdict, or null when the submission no longer exists.
   * @throws DependencyUnavailableError when MongoDB or Redis fail (the queue retries the job).
   */
  async judge(submissionId: string): Promise<Verdict | null> {
    const submission = await this.submissions.findForJudging(submissionId);
    if (!submission) {
      this.logger.warn({ submissionId }, 'submission not found; job dropped');
      return null;
    }
    this.activeCount++;
    const trail = new EventTrail(this.events, submissionId);
    try {
      trail.add({ type: 'compiling', submissionId }, () => this.submissions.markStarted(submissionId));
      let plan: JudgePlan;
      if (submission.problemId) {
        const problem = await this.problems.find(submission.problemId);
        if (!problem) {
          return await this.finish(trail, submissionId, Verdict.InternalError, [], 0, `problem ${submission.problemId} no longer exists`);
        }
        plan = problemPlan(problem);
      } else {
        plan = inlinePlan(submission.testCases);
      }
      const outcome = await this.execute(plan, submission.language, submission.sourceCode, submission.limits, trail);
      if (outcome.files > 0) this.logger.log({ submissionId, files: outcome.files, ...outcome.cache }, 'test data');
      return await this.finish(trail, submissionId, outcome.verdict, outcome.results, plan.tests.length, outcome.message, {
        score: outcome.score,
        maxScore: plan.maxScore,
        groups: plan.named ? outcome.groups : [],
      });
    } catch (err) {
      if (isSandboxFault(err)) {
        this.logger.error({ submissionId, err }, 'sandbox failure');
        return await this.finish(trail, submissionId, Verdict.InternalError, [], 0, `sandbox failure: ${(err as Error).message}`);
      }
      if (err instanceof TestDataMissingError) {
        this.logger.error({ submissionId, err }, 'test data missing');
        return await this.finish(trail, submissionId, Verdict.InternalError, [], 0, `${err.message}; re-import the problem`);
      }
      await trail.settle().catch(() => undefined);
      throw err;
    } finally {
      this.activeCount--;
    }
  }

  /**
   * Judges `sourceCode` against `problem` with `limits`, storing and publishing nothing
   * (problem verification). Sandbox failures and missing test data are Internal Errors.
   */
  async evaluate(problem: StoredProblem, language: string, sourceCode: string, limits: JudgeLimits): Promise<Evaluation> {
    this.activeCount++;
    try {
      return await this.execute(problemPlan(problem), language, sourceCode, limits, null);
    } catch (err) {
      if (isSandboxFault(err) || err instanceof TestDataMissingError) {
        return { ...NOTHING_RUN, verdict: Verdict.InternalError, message: (err as Error).message };
      }
      throw err;
    } finally {
      this.activeCount--;
    }
  }

  /**
   * Compiles and runs the plan in one sandbox slot: compile, build the custom validator if any,
   * run the tests. `trail` null: no events and no stored progress.
   */
  private async execute(plan: JudgePlan, languageId: string, sourceCode: string, limits: JudgeLimits, trail: EventTrail | null): Promise<Evaluation> {
    const language = this.languages.get(languageId);
    if (!language) return { ...NOTHING_RUN, verdict: Verdict.InternalError, message: `language ${languageId} is not available on this worker` };
    const slot = await this.sandbox.acquire();
    let box: Box | undefined;
    try {
      box = await slot.createBox();
      await box.writeFile(language.definition.sourceFile, sourceCode);
      const argv = language.compileArgv();
      const warm = argv ? this.buildCache.withWarmCache(language, argv) : null;
      const compiled = await compileInSandbox(slot, box, language, this.cfg, warm ? { argv: warm.argv, mounts: [warm.mount] } : {});
      if (!compiled.ok) return { ...NOTHING_RUN, verdict: Verdict.CompilationError, message: compiled.message };
      let validator: ValidatorBuild | null = null;
      if (plan.checker?.kind === CheckerKind.Custom) {
        const built = await this.validators.prepare(slot, plan.checker);
        if (!built.ok) return { ...NOTHING_RUN, verdict: Verdict.InternalError, message: built.message };
        validator = built.build;
      }
      const files = new Map<string, Promise<{ path: string; hit: boolean }>>();
      const ctx: TestContext = { trail, slot, box, language, plan, limits, validator, files };
      const outcome = await this.runTests(ctx);
      const failed = outcome.results.find((r) => r.verdict !== Verdict.Accepted);
      return {
        verdict: failed?.verdict ?? Verdict.Accepted,
        results: outcome.results,
        groups: outcome.groups,
        score: outcome.score,
        message: failed?.verdict === Verdict.InternalError ? failed.checkerMessage : null,
        files: files.size,
        cache: await cacheCounts(files),
      };
    } finally {
      await box?.destroy();
      slot.release();
    }
  }

  /**
   * Stores Internal Error for a submission whose job failed for good (dependencies kept failing),
   * so it never stays queued or running forever.
   * @throws DependencyUnavailableError when storing fails too.
   */
  async giveUp(submissionId: string, err: Error): Promise<void> {
    const trail = new EventTrail(this.events, submissionId);
    await this.finish(trail, submissionId, Verdict.InternalError, [], 0, `judging failed repeatedly: ${err.message}`);
  }

  /**
   * Runs the plan's tests group by group. A group stops at its first rejected test; a pass-fail
   * plan stops there altogether, a scoring plan goes on with the next group.
   */
  private async runTests(ctx: TestContext): Promise<TestsOutcome> {
    const { plan } = ctx;
    const results: TestResult[] = [];
    const groups: GroupResult[] = [];
    let stopped = false;
    for (const group of plan.groups) {
      let verdict: Verdict | null = null;
      let passed = 0;
      if (!stopped) {
        verdict = Verdict.Accepted;
        for (let i = group.first; i < group.first + group.count; i++) {
          // Fetch the next tests' files while this one runs (downloads overlap the runs and each other).
          for (const next of plan.tests.slice(i + 1, i + 1 + PREFETCH_TESTS)) this.prefetch(ctx, next);
          const result = await this.runTest(ctx, plan.tests[i]!);
          results.push(result);
          if (result.verdict !== Verdict.Accepted) {
            verdict = result.verdict;
            break;
          }
          passed++;
        }
        if (verdict !== Verdict.Accepted && !plan.scoring) stopped = true;
      }
      const points = plan.scoring ? group.points : 0;
      groups.push({ name: group.name, verdict, points, score: verdict === Verdict.Accepted ? points : 0, testCount: group.count, passed });
    }
    const score = plan.scoring ? groups.reduce((sum, g) => sum + g.score, 0) : null;
    return { results, groups, score };
  }

  /** Runs one test: the submission in a fresh sandbox run, then the checker (or the interactor alongside). */
  private async runTest(ctx: TestContext, test: PlannedTest): Promise<TestResult> {
    const { trail, language, limits, plan } = ctx;
    const def = language.definition;
    const previewBytes = this.cfg.outputPreviewBytes;
    const of = plan.tests.length;
    if (trail) {
      const { submissionId } = trail;
      trail.add({ type: 'running', submissionId, test: test.number, of }, () => this.submissions.markRunning(submissionId));
    }
    const request: RunRequest = {
      argv: language.runArgv(limits.memoryKiB),
      box: ctx.box,
      boxWritable: false,
      mounts: [...language.mounts],
      env: def.runEnv,
      limits: {
        cpuTimeMs: Math.round(limits.cpuTimeMs * def.timeMultiplier),
        wallTimeMs: Math.round(limits.wallTimeMs * def.timeMultiplier),
        memoryKiB: limits.memoryKiB + def.extraMemoryKiB,
        stdoutBytes: limits.outputKiB * 1024,
        stderrBytes: Math.max(previewBytes, 64 * 1024),
        processes: this.cfg.runProcessLimit + (def.extraProcesses ?? 0),
        fileSizeBytes: limits.outputKiB * 1024,
        openFiles: 256,
        tmpBytes: this.cfg.runTmpBytes,
      },
    };
    let run: RunResult;
    let decision: TestDecision;
    if (plan.interactive && ctx.validator) {
      const outcome = await runInteractive(await this.validatorTest(ctx, test), request);
      run = outcome.run;
      decision = interactiveDecision(outcome, runVerdict(run, def.outOfMemory), test.reveal);
    } else {
      run = await ctx.slot.run({ ...request, stdin: await this.stdinOf(ctx, test.input) });
      decision = await this.check(ctx, test, run);
    }
    const result: TestResult = {
      test: test.number,
      verdict: decision.verdict,
      cpuTimeMs: Math.round(run.cpuTimeMs),
      wallTimeMs: Math.round(run.wallTimeMs),
      memoryKiB: run.memoryKiB,
      exitCode: run.exitCode,
      signal: run.signal,
      stdout: run.stdout.subarray(0, previewBytes).toString('utf8'),
      stderr: run.stderr.subarray(0, previewBytes).toString('utf8'),
      checkerMessage: decision.checkerMessage,
      ...(plan.named ? { group: test.group, name: test.name } : {}),
    };
    if (trail) {
      const { submissionId } = trail;
      const judgeMessage = decision.judgeMessage ?? null;
      trail.add({ type: 'test-finished', submissionId, of, result }, () => this.submissions.appendTest(submissionId, result, judgeMessage));
      if (decision.verdict === Verdict.InternalError) {
        this.logger.warn({ submissionId, test: test.number, name: test.name, judgeMessage: judgeMessage ?? decision.checkerMessage }, 'checker failed');
      }
    }
    return result;
  }

  /** The run's own verdict (limits, crash), else the checker's on its output. */
  private async check(ctx: TestContext, test: PlannedTest, run: RunResult): Promise<TestDecision> {
    const own = runVerdict(run, ctx.language.definition.outOfMemory);
    if (own) return { verdict: own, checkerMessage: null };
    if (!test.answer) return { verdict: Verdict.Accepted, checkerMessage: null };
    const checker = ctx.plan.checker;
    if (ctx.validator && checker?.kind === CheckerKind.Custom) {
      const outcome = await runOutputValidator(await this.validatorTest(ctx, test), run.stdout);
      return validatorDecision(outcome.verdict, outcome, test.reveal);
    }
    const base: DefaultValidatorOptions = checker
      ? {
          caseSensitive: checker.caseSensitive,
          spaceChangeSensitive: checker.spaceChangeSensitive,
          ...(checker.floatAbsoluteTolerance !== null ? { floatAbsoluteTolerance: checker.floatAbsoluteTolerance } : {}),
          ...(checker.floatRelativeTolerance !== null ? { floatRelativeTolerance: checker.floatRelativeTolerance } : {}),
        }
      : {};
    const flags = parseValidatorFlags([...(checker?.args ?? []), ...test.validatorArgs], base);
    if (flags.errors.length > 0) {
      return { verdict: Verdict.InternalError, checkerMessage: `bad output validator flags: ${flags.errors.join('; ')}` };
    }
    // In memory: the output is bounded by the output limit; an answer file of 64 MiB+ is fine too.
    const answer = 'data' in test.answer ? test.answer.data : await readFile((await this.file(ctx, test.answer.hash)).path, 'utf8');
    const output = run.stdout.toString('utf8');
    const result = defaultOutputValidator(output, answer, flags.options, { hideAnswer: !test.reveal });
    if (result.accepted) return { verdict: Verdict.Accepted, checkerMessage: null };
    const full = test.reveal ? result.message : defaultOutputValidator(output, answer, flags.options).message;
    return { verdict: Verdict.WrongAnswer, checkerMessage: result.message, judgeMessage: full };
  }

  /** stdin of a run: inline text, or the cached file opened by the sandbox (never read into memory). */
  private async stdinOf(ctx: TestContext, input: TestDataRef): Promise<StdinSource> {
    if ('data' in input) return { data: input.data };
    return { file: (await this.file(ctx, input.hash)).path };
  }

  private async validatorTest(ctx: TestContext, test: PlannedTest): Promise<ValidatorTest> {
    if (!('hash' in test.input) || !test.answer || !('hash' in test.answer)) {
      throw new Error('a custom output validator needs test data files (problem test cases)');
    }
    await this.file(ctx, test.input.hash);
    await this.file(ctx, test.answer.hash);
    return {
      slot: ctx.slot,
      build: ctx.validator!,
      cfg: this.cfg,
      inputDir: this.testData.dirOf(test.input.hash),
      answerDir: this.testData.dirOf(test.answer.hash),
      args: [...(ctx.plan.checker?.args ?? []), ...test.validatorArgs],
    };
  }

  /** The cached file of `hash`, fetched once per judging. */
  private file(ctx: TestContext, hash: string): Promise<{ path: string; hit: boolean }> {
    let pending = ctx.files.get(hash);
    if (!pending) {
      pending = this.testData.fetch(hash);
      ctx.files.set(hash, pending);
    }
    return pending;
  }

  /** Starts fetching the next test's files while this one runs. */
  private prefetch(ctx: TestContext, test: PlannedTest): void {
    for (const ref of [test.input, test.answer]) {
      if (ref && 'hash' in ref) this.file(ctx, ref.hash).catch(() => undefined);
    }
  }

  private async finish(
    trail: EventTrail,
    submissionId: string,
    verdict: Verdict,
    results: TestResult[],
    testCount: number,
    message: string | null,
    scoring: { score: number | null; maxScore: number | null; groups: GroupResult[] } = { score: null, maxScore: null, groups: [] },
  ): Promise<Verdict> {
    trail.add(
      {
        type: 'finished',
        submissionId,
        status: SubmissionStatus.Finished,
        verdict,
        passed: results.filter((r) => r.verdict === Verdict.Accepted).length,
        testCount,
        cpuTimeMs: Math.max(0, ...results.map((r) => r.cpuTimeMs)),
        memoryKiB: Math.max(0, ...results.map((r) => r.memoryKiB)),
        message,
        ...(scoring.maxScore !== null ? { score: scoring.score, maxScore: scoring.maxScore } : {}),
      },
      () => this.submissions.finish(submissionId, { verdict, message, score: scoring.score, groups: scoring.groups, testCount }),
    );
    await trail.settle();
    this.logger.log({ submissionId, verdict }, 'judged');
    return verdict;
  }
}

/**
 * The ordered chain of "store the change, then publish its event" steps of one submission.
 * Steps run one after another in the background; `settle` waits for all and rethrows the first error.
 */
class EventTrail {
  private chain: Promise<unknown> = Promise.resolve();
  private error: unknown;

  constructor(
    private readonly events: SubmissionEventsPublisher,
    readonly submissionId: string,
  ) {}

  add(draft: SubmissionEventDraft, persist: () => Promise<number | null>): void {
    this.chain = this.chain.then(async () => {
      if (this.error !== undefined) return;
      try {
        await this.events.publishAfter(draft, persist);
      } catch (err) {
        this.error = err;
      }
    });
  }

  async settle(): Promise<void> {
    await this.chain;
    if (this.error !== undefined) throw this.error;
  }
}

/**
 * The problem package format's rule for interactive problems: the interactor's Wrong Answer if
 * it exited first; else the submission's own verdict (time limit, crash, ...) if any; else the
 * interactor's verdict.
 */
function interactiveDecision(
  outcome: { validator: ValidatorOutcome; validatorExitedFirst: boolean },
  submissionVerdict: Verdict | null,
  reveal: boolean,
): TestDecision {
  const { validator } = outcome;
  if (outcome.validatorExitedFirst && validator.verdict === Verdict.WrongAnswer) return validatorDecision(Verdict.WrongAnswer, validator, reveal);
  if (submissionVerdict) return validatorDecision(submissionVerdict, validator, reveal);
  return validatorDecision(validator.verdict, validator, reveal);
}

/**
 * A custom validator's messages as the problem package format means them: judgemessage.txt is
 * for judges, teammessage.txt for the team. Samples (`reveal`) show the judge message; secret
 * tests show only the team message (or, for Internal Error, what failed without the validator's
 * output) and keep the judge message for operators.
 */
function validatorDecision(verdict: Verdict, validator: ValidatorOutcome, reveal: boolean): TestDecision {
  if (reveal) return { verdict, checkerMessage: validator.message, judgeMessage: validator.message };
  const shown = validator.verdict === Verdict.InternalError ? validator.failure : validator.teamMessage?.trim() || null;
  return { verdict, checkerMessage: shown, judgeMessage: validator.message };
}

/** How many of a judging's files were on disk already (hits) and downloaded (misses). */
async function cacheCounts(files: Map<string, Promise<{ hit: boolean }>>): Promise<{ cacheHits: number; cacheMisses: number }> {
  let cacheHits = 0;
  let cacheMisses = 0;
  for (const pending of files.values()) {
    const got = await pending.catch(() => null);
    if (got?.hit) cacheHits++;
    else if (got) cacheMisses++;
  }
  return { cacheHits, cacheMisses };
}

function isSandboxFault(err: unknown): boolean {
  return err instanceof Error && (err.name === 'SandboxRunError' || err.name === 'SandboxUnavailableError');
}
