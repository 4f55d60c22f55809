import { Inject, Injectable, Logger } from '@nestjs/common';
import { posix } from 'node:path';
import { Verdict, type JudgeLimits } from '../../../libs/contracts/index.js';
import { defaultWallTimeMs, fileNameProblem, LANGUAGES } from '../../../libs/judging/index.js';
import { judgeLimitsConfig, type JudgeLimitsSettings } from '../../config/judge-limits.config.js';
import type { PackageSubmissionData, StoredProblem } from '../../persistence/problems/problem-records.js';
import { ProblemsRepository } from '../../persistence/problems/problems.repository.js';
import type { VerificationEntry } from '../../persistence/verifications/verification-records.js';
import { VerificationStatus } from '../../persistence/verifications/verification.schema.js';
import { VerificationsRepository } from '../../persistence/verifications/verifications.repository.js';
import { LanguageRegistry } from '../languages/language-registry.js';
import { nothingRan, type Evaluation } from '../plan/evaluation.js';
import { problemPlan, type JudgePlan } from '../plan/judge-plan.js';
import { judgingFault } from '../plan/judging-fault.js';
import { PlanRunner, type PlanProgress } from '../plan/plan.runner.js';
import { InputValidationRunner } from './input-validation.runner.js';
import { acceptedRunLimitMs, derivedTimeLimitMs, normalizedCpuTimeMs } from './time-limit.js';
import { judgedEntry, pendingEntry } from './verification-entry.js';

/**
 * Worker side of `POST /problems/:id/verify`: runs the package's input validators over the test
 * data (InputValidationRunner; only that for an `inputOnly` verification, which an import queues),
 * then judges every submission of the problem's package (accepted ones first) with `PlanRunner`, and records, per submission, the expected and actual
 * verdict and time. The time limit follows `time-limit.ts`: the package's, or when it gave none,
 * derived from the slowest accepted run (reported, not applied); the other submissions are
 * judged with it. Nothing is stored as a submission and nothing is published.
 */
@Injectable()
export class VerificationRunner {
  private readonly logger = new Logger(VerificationRunner.name);

  constructor(
    private readonly verifications: VerificationsRepository,
    private readonly problems: ProblemsRepository,
    private readonly plans: PlanRunner,
    private readonly languages: LanguageRegistry,
    @Inject(judgeLimitsConfig.KEY) private readonly settings: JudgeLimitsSettings,
    private readonly inputs: InputValidationRunner,
  ) {}

  /**
   * Runs verification `id`.
   * @throws DependencyUnavailableError when MongoDB fails (the queue retries the job).
   */
  async verify(id: string): Promise<void> {
    const verification = await this.verifications.find(id);
    if (!verification) {
      this.logger.warn({ verificationId: id }, 'verification not found; job dropped');
      return;
    }
    const problem = await this.problems.find(verification.problemId);
    if (!problem) {
      await this.verifications.update(id, {
        status: VerificationStatus.Failed,
        error: `problem ${verification.problemId} no longer exists`,
        finished: true,
      });
      return;
    }
    await this.verifications.update(id, { status: VerificationStatus.Running });
    // The input validators first: test data they reject makes every verdict below doubtful.
    const inputValidation = problem.inputValidation?.validators.length
      ? await this.inputs.validate({ groups: problem.groups, inputValidation: problem.inputValidation })
      : null;
    if (inputValidation) await this.verifications.update(id, { inputValidation });
    if (verification.inputOnly) {
      const ok = inputValidation?.ok ?? true;
      await this.verifications.update(id, { status: VerificationStatus.Finished, ok, finished: true });
      this.logger.log({ verificationId: id, problemId: problem.id, inputOnly: true, ok }, 'problem input validated');
      return;
    }
    const plan = problemPlan(problem);
    const maxCpuTimeMs = this.settings.maxima.cpuTimeMs;
    const ordered = [...problem.packageSubmissions].sort((a, b) => Number(b.expected === 'accepted') - Number(a.expected === 'accepted'));
    const entries: VerificationEntry[] = ordered.map(pendingEntry);
    const givenMs = problem.timeLimitGiven ? problem.limits.cpuTimeMs : null;
    let timeLimitMs: number | null = givenMs;
    const derived = givenMs === null;
    /** The slowest accepted run so far, normalized per language (ms), or null. */
    let slowest: number | null = null;
    const save = () => this.verifications.update(id, { entries, timeLimitMs, timeLimitDerived: derived, slowestAcceptedMs: slowest });

    for (const [i, submission] of ordered.entries()) {
      if (submission.expected !== 'accepted') continue;
      const evaluation = await this.evaluate(
        planFor(plan, submission),
        submission,
        this.limits(problem, acceptedRunLimitMs(givenMs, maxCpuTimeMs)),
      );
      entries[i] = judgedEntry(entries[i]!, evaluation, problem, submission);
      if (evaluation.verdict === Verdict.Accepted) {
        const multiplier = this.languages.get(submission.language ?? '')?.definition.timeMultiplier ?? 1;
        slowest = Math.max(slowest ?? 0, normalizedCpuTimeMs(entries[i]!.cpuTimeMs, multiplier));
      }
      await save();
    }
    timeLimitMs ??= derivedTimeLimitMs(slowest, problem.timeMultiplier, problem.limits.cpuTimeMs, maxCpuTimeMs);
    for (const [i, submission] of ordered.entries()) {
      if (submission.expected === 'accepted') continue;
      const evaluation = await this.evaluate(planFor(plan, submission), submission, this.limits(problem, timeLimitMs));
      entries[i] = judgedEntry(entries[i]!, evaluation, problem, submission);
      await save();
    }
    const ok = entries.every((e) => e.ok !== false) && (inputValidation?.ok ?? true);
    await this.verifications.update(id, {
      status: VerificationStatus.Finished,
      entries,
      timeLimitMs,
      timeLimitDerived: derived,
      slowestAcceptedMs: slowest === null ? null : Math.round(slowest),
      ok,
      finished: true,
    });
    this.logger.log({ verificationId: id, problemId: problem.id, submissions: entries.length, ok, timeLimitMs }, 'problem verified');
  }

  /** Marks a verification whose job failed for good. */
  async giveUp(id: string, err: Error): Promise<void> {
    await this.verifications.update(id, {
      status: VerificationStatus.Failed,
      error: `verification failed repeatedly: ${err.message}`,
      finished: true,
    });
  }

  /** The limits of a verification run: `cpuTimeMs`, the default wall-time rule, the problem's memory and output limits. */
  private limits(problem: StoredProblem, cpuTimeMs: number): JudgeLimits {
    return {
      cpuTimeMs,
      wallTimeMs: defaultWallTimeMs(cpuTimeMs, this.settings.maxima.wallTimeMs),
      memoryKiB: problem.limits.memoryKiB,
      outputKiB: problem.limits.outputKiB,
    };
  }

  /** Judges one package submission; a sandbox failure or missing test data is its Internal Error (see `judgingFault`). */
  private async evaluate(plan: JudgePlan, submission: PackageSubmissionData, limits: JudgeLimits): Promise<Evaluation> {
    if (!submission.language) return nothingRan(Verdict.InternalError, 'no language matches the file extension');
    // The report is for the problem's setters: it quotes each test's full judge message, secret tests' too.
    const judgeMessages = new Map<number, string>();
    const progress: PlanProgress = {
      testStarting: () => undefined,
      testFinished: (test, judged) => {
        if (judged.judgeMessage) judgeMessages.set(test.number, judged.judgeMessage);
      },
    };
    try {
      const evaluation = await this.plans.run(
        plan,
        { language: submission.language, sourceCode: submission.sourceCode, fileName: packageFileName(submission), limits },
        progress,
      );
      return {
        ...evaluation,
        results: evaluation.results.map((r) => ({ ...r, checkerMessage: judgeMessages.get(r.test) ?? r.checkerMessage })),
      };
    } catch (err) {
      const fault = judgingFault(err);
      if (!fault) throw err;
      this.logger.error({ path: submission.path, err }, fault.log);
      return nothingRan(Verdict.InternalError, fault.message);
    }
  }
}

/** The plan a package submission runs: with submissions.yaml requirements (per test case), every test case is judged. */
function planFor(plan: JudgePlan, submission: PackageSubmissionData): JudgePlan {
  return submission.requirements ? { ...plan, judgeEveryTest: true } : plan;
}

/**
 * The package submission's own file name (`submissions/accepted/Solution.java` → `Solution.java`),
 * kept as Kattis keeps it when it is a valid name for its language, else null (the language's rule).
 */
function packageFileName(submission: PackageSubmissionData): string | null {
  const name = posix.basename(submission.path);
  const language = LANGUAGES.find((l) => l.id === submission.language);
  return language && fileNameProblem(language, name) === null ? name : null;
}
