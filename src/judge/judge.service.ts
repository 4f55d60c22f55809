import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  SubmissionStatus,
  Verdict,
  type JudgeLimits,
  type SubmissionEventDraft,
  type TestResult,
} from '../../libs/contracts/index.js';
import type { Box, Sandbox, SandboxSlot } from '../../libs/sandbox/index.js';
import { sandboxConfig, type SandboxConfig } from '../config/sandbox.config.js';
import { SubmissionEventsPublisher } from '../events/submission-events.publisher.js';
import { SubmissionsRepository } from '../submissions/submissions.repository.js';
import { BuildCacheService } from './build-cache.service.js';
import { defaultOutputValidator } from './checkers/default-output-validator.js';
import { compileInSandbox } from './compile-stage.js';
import { LanguageRegistry } from './languages/language-registry.js';
import type { ResolvedLanguage } from './languages/resolved-language.js';
import { SANDBOX } from './sandbox.provider.js';
import { testVerdict } from './test-verdict.js';

/** A test case as the judge needs it. `expectedOutput` null: the run alone decides (clean exit = Accepted). */
export interface JudgeTestCase {
  input: string;
  expectedOutput: string | null;
}

/**
 * Judges one submission: compile once, run each test case in a fresh sandbox run, check the
 * output with the ICPC default output validator, stop at the first rejected test, store the
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
      trail.add({ type: 'compiling', submissionId }, (seq) => this.submissions.markStarted(submissionId, seq));
      const language = this.languages.get(submission.language);
      if (!language) {
        return await this.finish(trail, submissionId, Verdict.InternalError, [], submission.testCases.length,
          `language ${submission.language} is not available on this worker`);
      }
      const slot = await this.sandbox.acquire();
      let box: Box | undefined;
      try {
        box = await slot.createBox();
        await box.writeFile(language.definition.sourceFile, submission.sourceCode);
        const argv = language.compileArgv();
        const warm = argv ? this.buildCache.withWarmCache(language, argv) : null;
        const compiled = await compileInSandbox(slot, box, language, this.cfg, warm ? { argv: warm.argv, mounts: [warm.mount] } : {});
        if (!compiled.ok) {
          return await this.finish(trail, submissionId, Verdict.CompilationError, [], submission.testCases.length, compiled.message);
        }
        const results = await this.runTests(trail, slot, box, language, submission.testCases, submission.limits);
        const failed = results.find((r) => r.verdict !== Verdict.Accepted);
        return await this.finish(trail, submissionId, failed?.verdict ?? Verdict.Accepted, results, submission.testCases.length, null);
      } finally {
        await box?.destroy();
        slot.release();
      }
    } catch (err) {
      if (isSandboxFault(err)) {
        this.logger.error({ submissionId, err }, 'sandbox failure');
        return await this.finish(trail, submissionId, Verdict.InternalError, [], 0, `sandbox failure: ${(err as Error).message}`);
      }
      await trail.settle().catch(() => undefined);
      throw err;
    } finally {
      this.activeCount--;
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

  private async runTests(
    trail: EventTrail,
    slot: SandboxSlot,
    box: Box,
    language: ResolvedLanguage,
    testCases: JudgeTestCase[],
    limits: JudgeLimits,
  ): Promise<TestResult[]> {
    const def = language.definition;
    const previewBytes = this.cfg.outputPreviewBytes;
    const results: TestResult[] = [];
    const of = testCases.length;
    for (let i = 0; i < of; i++) {
      const test = i + 1;
      const { submissionId } = trail;
      trail.add({ type: 'running', submissionId, test, of }, (seq) => this.submissions.markRunning(submissionId, seq));
      const run = await slot.run({
        argv: language.runArgv(limits.memoryKiB),
        box,
        boxWritable: false,
        mounts: [...language.mounts],
        env: def.runEnv,
        stdin: { data: testCases[i].input },
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
      });
      const expected = testCases[i].expectedOutput;
      const { verdict, checkerMessage } = testVerdict(
        run,
        def.outOfMemory,
        expected === null ? null : () => defaultOutputValidator(run.stdout.toString('utf8'), expected),
      );
      const result: TestResult = {
        test,
        verdict,
        cpuTimeMs: Math.round(run.cpuTimeMs),
        wallTimeMs: Math.round(run.wallTimeMs),
        memoryKiB: run.memoryKiB,
        exitCode: run.exitCode,
        signal: run.signal,
        stdout: run.stdout.subarray(0, previewBytes).toString('utf8'),
        stderr: run.stderr.subarray(0, previewBytes).toString('utf8'),
        checkerMessage,
      };
      results.push(result);
      trail.add({ type: 'test-finished', submissionId, of, result }, (seq) => this.submissions.appendTest(submissionId, result, seq));
      if (verdict !== Verdict.Accepted) break;
    }
    return results;
  }

  private async finish(
    trail: EventTrail,
    submissionId: string,
    verdict: Verdict,
    results: TestResult[],
    testCount: number,
    message: string | null,
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
      },
      (seq) => this.submissions.finish(submissionId, { verdict, message }, seq),
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

  add(draft: SubmissionEventDraft, persist: (seq: number) => Promise<unknown>): void {
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

function isSandboxFault(err: unknown): boolean {
  return err instanceof Error && (err.name === 'SandboxRunError' || err.name === 'SandboxUnavailableError');
}
