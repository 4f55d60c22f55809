import { Inject, Injectable, Logger } from '@nestjs/common';
import { Verdict, type JudgeLimits } from '../../../libs/contracts/index.js';
import { defaultWallTimeMs } from '../../../libs/judging/limits/default-wall-time.js';
import { judgeLimitsConfig, type JudgeLimitsSettings } from '../../config/judge-limits.config.js';
import { JudgeService, type Evaluation } from '../judge.service.js';
import { LanguageRegistry } from '../languages/language-registry.js';
import type { PackageSubmissionData, StoredProblem } from '../../persistence/problems/problem-records.js';
import { ProblemsRepository } from '../../persistence/problems/problems.repository.js';
import { expectedVerdictsOf, type VerificationEntry } from '../../persistence/verifications/verification-records.js';
import { VerificationStatus } from '../../persistence/verifications/verification.schema.js';
import { VerificationsRepository } from '../../persistence/verifications/verifications.repository.js';

/** A derived time limit is rounded up to a multiple of this, ms. */
const TIME_LIMIT_STEP_MS = 100;

/**
 * Worker side of `POST /problems/:id/verify`: judges every submission of the problem's package
 * (accepted ones first) and records, per submission, the expected and actual verdict and time.
 * When the package gave no time limit, the accepted submissions run with the server's maximum
 * and the limit becomes the slowest accepted run (per language multiplier) × the package's time
 * multiplier, rounded up to 100 ms; the other submissions are judged with it (as problemtools'
 * verifyproblem does). Nothing is stored as a submission and nothing is published.
 */
@Injectable()
export class VerificationRunner {
  private readonly logger = new Logger(VerificationRunner.name);

  constructor(
    private readonly verifications: VerificationsRepository,
    private readonly problems: ProblemsRepository,
    private readonly judge: JudgeService,
    private readonly languages: LanguageRegistry,
    @Inject(judgeLimitsConfig.KEY) private readonly settings: JudgeLimitsSettings,
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
      await this.verifications.update(id, { status: VerificationStatus.Failed, error: `problem ${verification.problemId} no longer exists`, finished: true });
      return;
    }
    await this.verifications.update(id, { status: VerificationStatus.Running });
    const ordered = [...problem.packageSubmissions].sort((a, b) => Number(b.expected === 'accepted') - Number(a.expected === 'accepted'));
    const entries: VerificationEntry[] = ordered.map((s) => ({
      path: s.path,
      language: s.language,
      expected: s.expected,
      expectedVerdicts: expectedVerdictsOf(s.expected) ?? [],
      verdict: null,
      ok: null,
      cpuTimeMs: 0,
      testsRun: 0,
      score: null,
      message: null,
    }));
    let timeLimitMs: number | null = problem.timeLimitGiven ? problem.limits.cpuTimeMs : null;
    const derived = timeLimitMs === null;
    let slowest: number | null = null;
    const save = () => this.verifications.update(id, { entries, timeLimitMs, timeLimitDerived: derived, slowestAcceptedMs: slowest });

    for (const [i, submission] of ordered.entries()) {
      if (submission.expected !== 'accepted') continue;
      const evaluation = await this.run(problem, submission, this.limits(problem, timeLimitMs ?? this.settings.maxima.cpuTimeMs));
      entries[i] = this.entry(entries[i]!, evaluation, problem);
      if (evaluation.verdict === Verdict.Accepted) {
        const multiplier = this.languages.get(submission.language ?? '')?.definition.timeMultiplier ?? 1;
        slowest = Math.max(slowest ?? 0, entries[i]!.cpuTimeMs / multiplier);
      }
      await save();
    }
    if (timeLimitMs === null) {
      const base = slowest === null ? problem.limits.cpuTimeMs : slowest * problem.timeMultiplier;
      timeLimitMs = Math.min(this.settings.maxima.cpuTimeMs, Math.max(TIME_LIMIT_STEP_MS, Math.ceil(base / TIME_LIMIT_STEP_MS) * TIME_LIMIT_STEP_MS));
    }
    for (const [i, submission] of ordered.entries()) {
      if (submission.expected === 'accepted') continue;
      const evaluation = await this.run(problem, submission, this.limits(problem, timeLimitMs));
      entries[i] = this.entry(entries[i]!, evaluation, problem);
      await save();
    }
    const ok = entries.every((e) => e.ok !== false);
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
    await this.verifications.update(id, { status: VerificationStatus.Failed, error: `verification failed repeatedly: ${err.message}`, finished: true });
  }

  private limits(problem: StoredProblem, cpuTimeMs: number): JudgeLimits {
    return {
      cpuTimeMs,
      wallTimeMs: defaultWallTimeMs(cpuTimeMs, this.settings.maxima.wallTimeMs),
      memoryKiB: problem.limits.memoryKiB,
      outputKiB: problem.limits.outputKiB,
    };
  }

  private async run(problem: StoredProblem, submission: PackageSubmissionData, limits: JudgeLimits): Promise<Evaluation> {
    if (!submission.language) {
      return { verdict: Verdict.InternalError, message: 'no language matches the file extension', results: [], groups: [], score: null, files: 0, cache: { cacheHits: 0, cacheMisses: 0 } };
    }
    return this.judge.evaluate(problem, submission.language, submission.sourceCode, limits);
  }

  private entry(entry: VerificationEntry, evaluation: Evaluation, problem: StoredProblem): VerificationEntry {
    const expected = expectedVerdictsOf(entry.expected);
    const failed = evaluation.results.find((r) => r.verdict !== Verdict.Accepted);
    const message =
      evaluation.message ??
      (failed ? `test ${failed.test}${failed.name ? ` (${failed.name})` : ''}: ${failed.verdict}${failed.checkerMessage ? ` — ${failed.checkerMessage}` : ''}` : null);
    let ok: boolean | null = expected ? expected.includes(evaluation.verdict) : null;
    // An accepted submission of a scoring problem must also get every point.
    if (ok && entry.expected === 'accepted' && problem.type === 'scoring' && evaluation.score !== null) {
      const max = problem.groups.reduce((n, g) => n + g.points, 0);
      ok = evaluation.score >= max;
    }
    return {
      ...entry,
      verdict: evaluation.verdict,
      ok,
      cpuTimeMs: Math.round(Math.max(0, ...evaluation.results.map((r) => r.cpuTimeMs))),
      testsRun: evaluation.results.length,
      score: evaluation.score,
      message: message?.slice(0, 2000) ?? null,
    };
  }
}
