import { CheckerKind, Verdict, type JudgeLimits, type TestResult } from '../../../libs/contracts/index.js';
import type { Box, RunResult, SandboxSlot } from '../../../libs/sandbox/index.js';
import type { SandboxConfig } from '../../config/sandbox.config.js';
import { runInteractive, runOutputValidator, type ValidatorScore, type ValidatorTest } from '../checkers/custom-validator.runner.js';
import type { ValidatorBuild } from '../checkers/validator-builds.service.js';
import type { CompiledProgram } from '../compiled-program.js';
import type { ResolvedLanguage } from '../languages/resolved-language.js';
import { defaultValidatorDecision, defaultValidatorSetup } from '../verdict/default-validator-decision.js';
import { interactiveDecision } from '../verdict/interactive-decision.js';
import { runVerdict } from '../verdict/run-verdict.js';
import { runOnlyDecision, type TestDecision } from '../verdict/test-decision.js';
import { validatorDecision } from '../verdict/validator-decision.js';
import type { JudgePlan, PlannedTest } from './judge-plan.js';
import type { JudgingFiles } from './judging-files.js';
import { outputPreview } from './output-preview.js';
import { submissionRunRequest } from './submission-run.js';

/** What the test cases of one judging share: its slot, the compiled box, the limits and the checker. */
export interface TestCaseContext {
  slot: SandboxSlot;
  /** The box the submission was compiled in (read-only to runs). */
  box: Box;
  language: ResolvedLanguage;
  /** What the compile found to run: the source's file name and Java's main class. */
  program: CompiledProgram;
  plan: JudgePlan;
  limits: JudgeLimits;
  /** The custom output validator or interactor, built; null for the default validator. */
  validator: ValidatorBuild | null;
  files: JudgingFiles;
  cfg: SandboxConfig;
}

/** One test case judged: its result as stored and published, and the checker's full message for operators. */
export interface JudgedTest {
  result: TestResult;
  /** See `TestDecision.judgeMessage`. */
  judgeMessage: string | null;
  /** See `TestDecision.score` (absent: no custom validator ran). */
  score?: ValidatorScore;
}

/**
 * Runs one test case: the submission in a test run (`SandboxSlot.runTest`: the slot's resident when
 * SANDBOX_RESIDENT is on, else a fresh sandbox) with the test's input as stdin, then
 * its verdict (`decide`); for an interactive problem the submission and the interactor together.
 * @throws SandboxRunError when the sandbox fails; TestDataMissingError when a test data file is gone.
 */
export async function runTestCase(ctx: TestCaseContext, test: PlannedTest): Promise<JudgedTest> {
  const { language, limits, plan, cfg } = ctx;
  const request = submissionRunRequest(language, ctx.program, limits, ctx.box, cfg);
  let run: RunResult;
  let decision: TestDecision;
  if (plan.interactive && ctx.validator) {
    const outcome = await runInteractive(await validatorTest(ctx, test), request);
    run = outcome.run;
    decision = interactiveDecision(outcome, runVerdict(run, language.definition.outOfMemory), test.reveal);
  } else {
    run = await ctx.slot.runTest({ ...request, stdin: await ctx.files.stdinOf(test.input) });
    decision = await decide(ctx, test, run);
  }
  // A secret test case shows no preview of the program's output, only its size: a program may copy its
  // input (the secret data) to stdout or stderr. Samples and inline test cases show it.
  const previewBytes = test.reveal ? cfg.outputPreviewBytes : 0;
  const stdout = outputPreview(run.stdout, previewBytes);
  const stderr = outputPreview(run.stderr, previewBytes);
  const result: TestResult = {
    test: test.number,
    verdict: decision.verdict,
    cpuTimeMs: Math.round(run.cpuTimeMs),
    wallTimeMs: Math.round(run.wallTimeMs),
    memoryKiB: run.memoryKiB,
    exitCode: run.exitCode,
    signal: run.signal,
    stdout: stdout.text,
    stderr: stderr.text,
    stdoutBytes: stdout.bytes,
    stderrBytes: stderr.bytes,
    stdoutTruncated: stdout.truncated,
    stderrTruncated: stderr.truncated,
    checkerMessage: decision.checkerMessage,
    ...(plan.named ? { group: test.group, name: test.name } : {}),
  };
  return { result, judgeMessage: decision.judgeMessage, ...(decision.score ? { score: decision.score } : {}) };
}

/**
 * A (non-interactive) test's verdict: the run's own (limits, crash, the runtime's out-of-memory
 * report); else, with no expected output, Accepted; else the problem's custom output validator's
 * or the default output validator's on the run's stdout.
 */
async function decide(ctx: TestCaseContext, test: PlannedTest, run: RunResult): Promise<TestDecision> {
  const own = runVerdict(run, ctx.language.definition.outOfMemory);
  if (own) return runOnlyDecision(own);
  if (!test.answer) return runOnlyDecision(Verdict.Accepted);
  const checker = ctx.plan.checker;
  if (ctx.validator && checker?.kind === CheckerKind.Custom) {
    const outcome = await runOutputValidator(await validatorTest(ctx, test), run.stdout);
    return validatorDecision(outcome.verdict, outcome, test.reveal);
  }
  const setup = defaultValidatorSetup(checker, test.validatorArgs);
  if (!setup.ok) return setup.decision;
  return defaultValidatorDecision(run.stdout, await ctx.files.bytes(test.answer), setup.options, test.reveal);
}

/** What a custom validator run of `test` needs: its build, and the test's input and answer directories in the cache. */
async function validatorTest(ctx: TestCaseContext, test: PlannedTest): Promise<ValidatorTest> {
  if (!ctx.validator || !('hash' in test.input) || !test.answer || !('hash' in test.answer)) {
    throw new Error('a custom output validator needs test data files (problem test cases)');
  }
  await ctx.files.file(test.input.hash);
  await ctx.files.file(test.answer.hash);
  return {
    slot: ctx.slot,
    build: ctx.validator,
    cfg: ctx.cfg,
    inputDir: ctx.files.dirOf(test.input.hash),
    answerDir: ctx.files.dirOf(test.answer.hash),
    args: [...(ctx.plan.checker?.args ?? []), ...test.validatorArgs],
  };
}
