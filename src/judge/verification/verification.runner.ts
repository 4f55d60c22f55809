import { Inject, Injectable, Logger } from '@nestjs/common';
import { posix } from 'node:path';
import { Verdict, type JudgeLimits } from '../../../libs/contracts/index.js';
import { defaultWallTimeMs, fileNameProblem, LANGUAGES } from '../../../libs/judging/index.js';
import { judgeLimitsConfig, type JudgeLimitsSettings } from '../../config/judge-limits.config.js';
import type { PackageSubmissionData, StoredProblem, TimeLimitRules } from '../../persistence/problems/problem-records.js';
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
import { acceptedRunLimitMs, derivedTimeLimitMs, normalizedCpuTimeMs, tleThresholdMs } from './time-limit.js';
import { judgedEntry, pendingEntry } from './verification-entry.js';

/**
 * Worker side of `POST /problems/:id/verify`: runs the package's input validators over the test
 * data (InputValidationRunner; only that for an `inputOnly` verification, which an import queues),
 * then judges every submission of the problem's package (accepted ones first) with `PlanRunner`,
 * and records, per submission, the expected and actual verdict and time. The time limit follows the
 * problem's `timeLimitSource` and the rules of `time-limit.ts`: `package`, the stated limit for
 * every submission; `derived`, the accepted submissions run with MAX_CPU_TIME_MS, the limit is the
 * slowest of them × ac_to_time_limit rounded up to time_resolution, time_limit_exceeded submissions
 * run with limit × time_limit_to_tle (and must be TLE there) and the others with the limit. A
 * derived verification in which the input validation and every submission came out as expected
 * stores the limit on the problem (`derivedTimeLimit`, applied to later submissions); one that
 * fails changes nothing. Nothing is stored as a submission and nothing is published.
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
    const rules = problem.timeLimitRules;
    const ordered = [...problem.packageSubmissions].sort((a, b) => Number(b.expected === 'accepted') - Number(a.expected === 'accepted'));
    const entries: VerificationEntry[] = ordered.map(pendingEntry);
    const derived = problem.timeLimitSource === 'derived';
    const statedMs = derived ? null : problem.limits.cpuTimeMs;
    let timeLimitMs: number | null = statedMs;
    let tleMs: number | null = null;
    /** The slowest accepted run so far, normalized per language (ms), or null. */
    let slowest: number | null = null;
    const save = () =>
      this.verifications.update(id, { entries, timeLimitMs, timeLimitDerived: derived, tleThresholdMs: tleMs, slowestAcceptedMs: slowest });

    for (const [i, submission] of ordered.entries()) {
      if (submission.expected !== 'accepted' || !judgeable(submission)) continue;
      const evaluation = await this.evaluate(
        planFor(plan, submission),
        submission,
        this.limits(problem, acceptedRunLimitMs(statedMs, maxCpuTimeMs)),
      );
      entries[i] = judgedEntry(entries[i]!, evaluation, problem, submission);
      // submissions.yaml `use_for_time_limit: false` keeps a submission out of the lower bound.
      if (evaluation.verdict === Verdict.Accepted && submission.useForTimeLimit !== false) {
        const multiplier = this.languages.get(submission.language ?? '')?.definition.timeMultiplier ?? 1;
        slowest = Math.max(slowest ?? 0, normalizedCpuTimeMs(entries[i]!.cpuTimeMs, multiplier));
      }
      await save();
    }
    if (derived) {
      // No accepted run: the problem's stored limit, for a report that fails anyway.
      timeLimitMs = Math.min(maxCpuTimeMs, slowest === null ? problem.limits.cpuTimeMs : derivedTimeLimitMs(slowest, rules));
      tleMs = Math.min(maxCpuTimeMs, tleThresholdMs(timeLimitMs, rules));
    }
    const limitMs = timeLimitMs!;
    for (const [i, submission] of ordered.entries()) {
      if (submission.expected === 'accepted' || !judgeable(submission)) continue;
      // Deriving, a time_limit_exceeded submission runs with limit × time_limit_to_tle: TLE there is what the format asks.
      const upper = tleMs !== null && boundsFromAbove(submission);
      const evaluation = await this.evaluate(planFor(plan, submission), submission, this.limits(problem, upper ? tleMs! : limitMs));
      entries[i] = judgedEntry(entries[i]!, evaluation, problem, submission);
      // Limits are per the language's time multiplier (a Python run gets limit × 2): compare the run's CPU time divided by it.
      const multiplier = this.languages.get(submission.language)?.definition.timeMultiplier ?? 1;
      const ranMs = entries[i]!.cpuTimeMs;
      if (upper && entries[i]!.ok === false && ranMs / multiplier > limitMs && evaluation.verdict !== Verdict.TimeLimitExceeded) {
        entries[i] = {
          ...entries[i]!,
          message: belowMarginMessage({ ranMs, multiplier, limitMs, tleMs: tleMs! }, rules, entries[i]!.message),
        };
      }
      await save();
    }
    const ok = entries.every((e) => e.ok !== false) && (inputValidation?.ok ?? true);
    const slowestMs = slowest === null ? null : Math.round(slowest);
    let applied = false;
    if (derived && ok && slowest !== null) {
      applied = await this.problems.setDerivedTimeLimit(problem.id, {
        ms: limitMs,
        verificationId: id,
        problemRevision: problem.revision,
        at: new Date(),
      });
      if (!applied)
        this.logger.warn({ verificationId: id, problemId: problem.id }, 'problem changed while verified; derived time limit not stored');
    }
    await this.verifications.update(id, {
      status: VerificationStatus.Finished,
      entries,
      timeLimitMs: limitMs,
      timeLimitDerived: derived,
      tleThresholdMs: tleMs,
      timeLimitApplied: applied,
      slowestAcceptedMs: slowestMs,
      ok,
      finished: true,
    });
    this.logger.log(
      { verificationId: id, problemId: problem.id, submissions: entries.length, ok, timeLimitMs: limitMs, derived, applied },
      'problem verified',
    );
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
  private async evaluate(
    plan: JudgePlan,
    submission: PackageSubmissionData & { language: string },
    limits: JudgeLimits,
  ): Promise<Evaluation> {
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

/**
 * Whether a submission bounds the time limit from above (format: `T_tle`): a time_limit_exceeded one,
 * or one submissions.yaml marks `use_for_time_limit: upper`; not when it says `false`.
 */
function boundsFromAbove(submission: PackageSubmissionData): boolean {
  if (submission.useForTimeLimit === false) return false;
  return submission.useForTimeLimit === 'upper' || submission.expected === 'time_limit_exceeded';
}

/** Why a time_limit_exceeded submission that ran past the limit still does not count: it stayed under the margin. */
function belowMarginMessage(
  run: { ranMs: number; multiplier: number; limitMs: number; tleMs: number },
  rules: TimeLimitRules,
  message: string | null,
): string {
  const key = rules.legacy ? 'time_safety_margin' : 'time_limit_to_tle';
  const { ranMs, multiplier, limitMs, tleMs } = run;
  const ran =
    multiplier === 1
      ? `ran ${ranMs} ms`
      : `ran ${ranMs} ms, ${Math.round(ranMs / multiplier)} ms by its language's time multiplier ${multiplier} (its limits are × ${multiplier})`;
  const why = `${ran}: above the derived time limit of ${limitMs} ms, but a time_limit_exceeded submission must run at least ${key} ${rules.timeLimitToTle} × it (${tleMs} ms)`;
  return message ? `${why}; ${message}` : why;
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

/** A package submission in a language Verdict offers; one without (language null) is reported not judged (see `pendingEntry`). */
function judgeable(submission: PackageSubmissionData): submission is PackageSubmissionData & { language: string } {
  return submission.language !== null;
}
