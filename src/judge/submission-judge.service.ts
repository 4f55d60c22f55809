import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { scaledLimits, type WorkerSpeed } from './speed/worker-speed.js';
import { WORKER_SPEED } from './speed/worker-speed.provider.js';
import { SubmissionStatus, Verdict, type GroupResult, type TestResult } from '../../libs/contracts/index.js';
import { effectiveLimitsOf, LANGUAGES } from '../../libs/judging/index.js';
import { EventTrail } from '../events/event-trail.js';
import { SubmissionEventsPublisher } from '../events/submission-events.publisher.js';
import { ProblemsRepository } from '../persistence/problems/problems.repository.js';
import type { FinishedSubmission, ProgressStep } from '../persistence/submissions/submission-records.js';
import { SubmissionsRepository } from '../persistence/submissions/submissions.repository.js';
import { WebhookDeliveries } from '../webhooks/webhook-deliveries.service.js';
import type { Evaluation } from './plan/evaluation.js';
import { inlinePlan, problemPlan, type JudgePlan } from './plan/judge-plan.js';
import { judgingFault } from './plan/judging-fault.js';
import { PlanRunner, type PlanProgress } from './plan/plan.runner.js';
import { JudgingMetrics } from '../metrics/judging.metrics.js';

/** The final state of a submission's judging, as stored and announced by `finished`. */
interface FinalVerdict {
  verdict: Verdict;
  /** The tests run (for the `finished` event's passed count and largest CPU time and memory). */
  results: TestResult[];
  /** Test cases of the plan (0 when judging ended before the plan was known or ran). */
  testCount: number;
  /** Compiler output (CE), operator message (IE), else null. */
  message: string | null;
  score: number | null;
  /** Points available (scoring problems), else null: then the event carries no score. */
  maxScore: number | null;
  /** Group results (problem submissions), else empty. */
  groups: GroupResult[];
}

/**
 * Judges one stored submission: reads it (and its problem, so a rejudge uses the current data),
 * runs its plan (`PlanRunner`), and records every step in the submission's event trail:
 * `compiling`, then per test `running` and `test-finished` (the result stored before its event
 * is published), then the final verdict stored and `finished` published. The trail runs in the
 * background so the sandbox never waits on MongoDB or Redis; the verdict is stored and
 * published before `judge` returns, and, for a submission with a callback URL, its webhook
 * delivery scheduled (WebhookDeliveries: a queued job; the HTTP is not judging's to wait for).
 */
@Injectable()
export class SubmissionJudgeService {
  private readonly logger = new Logger(SubmissionJudgeService.name);

  constructor(
    private readonly plans: PlanRunner,
    private readonly submissions: SubmissionsRepository,
    private readonly problems: ProblemsRepository,
    private readonly events: SubmissionEventsPublisher,
    private readonly webhooks: WebhookDeliveries,
    private readonly metrics: JudgingMetrics,
    @Optional() @Inject(WORKER_SPEED) private readonly speed?: WorkerSpeed,
  ) {}

  /**
   * Judges submission `submissionId` from its stored source, test cases (or problem) and limits.
   * A sandbox failure or missing test data ends it with Internal Error (see `judgingFault`).
   * @returns the final verdict, or null when the submission no longer exists.
   * @throws DependencyUnavailableError when MongoDB or Redis fail (the queue retries the job).
   */
  async judge(submissionId: string): Promise<Verdict | null> {
    const submission = await this.submissions.findForJudging(submissionId);
    if (!submission) {
      this.logger.warn({ submissionId }, 'submission not found; job dropped');
      return null;
    }
    if (submission.alreadyFinished) {
      // Its verdict was stored by a worker that died before completing the job: judging it again would
      // announce a second final result. Only make sure that judging's webhook is scheduled (idempotent).
      this.logger.warn({ submissionId }, 'already judged; job handed out again after a worker died');
      await this.announceStoredVerdict(submissionId, submission.alreadyFinished.attempt);
      await this.scheduleWebhook(submissionId, submission.alreadyFinished);
      return null;
    }
    const trail = new EventTrail(this.events, submissionId, submission.problemId);
    const started = performance.now();
    const judged = (verdict: Verdict): Verdict => {
      this.metrics.submissionJudged(submission.language, verdict, (performance.now() - started) / 1000);
      return verdict;
    };
    try {
      const language = LANGUAGES.find((l) => l.id === submission.language);
      // What the runs get: scaled by this worker's speed when it scales limits (PlanRunner applies the same).
      const limits = this.speed ? scaledLimits(submission.limits, this.speed) : submission.limits;
      const effective = language ? effectiveLimitsOf(language, limits) : null;
      // Fencing: this judging is attempt `attempt` only if its start wins over any other worker's;
      // every later write names it, so a superseded worker stores and publishes nothing.
      const attempt = submission.attempt + 1;
      trail.add({ type: 'compiling', submissionId, problemId: trail.problemId }, () =>
        this.submissions.markStarted(submissionId, submission.attempt, effective),
      );
      let plan: JudgePlan;
      if (submission.problemId) {
        const problem = await this.problems.find(submission.problemId);
        if (!problem) return judged(await this.finish(trail, internalError(`problem ${submission.problemId} no longer exists`), attempt));
        plan = problemPlan(problem);
      } else {
        plan = inlinePlan(submission.testCases, submission.checker ?? null);
      }
      const evaluation = await this.plans.run(plan, submission, this.progressOf(trail, attempt));
      if (evaluation.files > 0) {
        this.logger.log({ submissionId, files: evaluation.files, ...evaluation.cache }, 'test data');
        this.metrics.testData(evaluation.cache.cacheHits, evaluation.cache.cacheMisses);
      }
      return judged(await this.finish(trail, finalVerdictOf(plan, evaluation), attempt));
    } catch (err) {
      const fault = judgingFault(err);
      if (fault) {
        this.logger.error({ submissionId, err }, fault.log);
        this.metrics.judgingFault(fault.log);
        return judged(await this.finish(trail, internalError(fault.message), submission.attempt + 1));
      }
      await trail.settle().catch(() => undefined);
      throw err;
    }
  }

  /**
   * Stores Internal Error for a submission whose job failed for good (dependencies kept failing),
   * so it never stays queued or running forever.
   * @throws DependencyUnavailableError when storing fails too.
   */
  async giveUp(submissionId: string, err: Error): Promise<void> {
    const problemId = (await this.submissions.findView(submissionId))?.problemId ?? null;
    await this.finish(
      new EventTrail(this.events, submissionId, problemId),
      internalError(`judging failed repeatedly: ${err.message}`),
      'unfinished',
    );
  }

  /**
   * The plan's progress as trail steps: `compiled` once the source compiled (status `running`: compilation
   * done), `running` before each test, `test-finished` (result stored) after it.
   */
  private progressOf(trail: EventTrail, attempt: number): PlanProgress {
    const { submissionId, problemId } = trail;
    // One store function for every progress step of this judging: the trail stores the steps that
    // queue up behind a write in flight in one write (EventTrail.addBatched).
    const store = (steps: readonly ProgressStep[]): Promise<number | null> => this.submissions.storeProgress(submissionId, attempt, steps);
    return {
      compiled: (compileMs, compileCached) => {
        trail.addBatched({ type: 'compiled', submissionId, problemId, compileMs, compileCached }, { result: null }, store);
      },
      testStarting: (test, of) => {
        trail.addBatched({ type: 'running', submissionId, problemId, test: test.number, of }, { result: null }, store);
      },
      testFinished: (test, { result, judgeMessage }, of) => {
        const { verdict, cpuTimeMs: cpuMs, wallTimeMs: wallMs, memoryKiB } = result;
        trail.addBatched(
          { type: 'test-finished', submissionId, problemId, test: result.test, of, verdict, cpuMs, wallMs, memoryKiB, result },
          { result, judgeMessage },
          store,
        );
        if (result.verdict === Verdict.InternalError) {
          this.logger.warn(
            { submissionId, test: test.number, name: test.name, judgeMessage: judgeMessage ?? result.checkerMessage },
            'checker failed',
          );
        }
      },
    };
  }

  /**
   * Stores the final verdict, then publishes `finished`, after every earlier step of the trail; then
   * schedules the webhook delivery of this judging when the submission has a callback URL.
   */
  private async finish(trail: EventTrail, final: FinalVerdict, fence: number | 'unfinished'): Promise<Verdict> {
    const { submissionId, problemId } = trail;
    const { verdict, results, testCount, message, score, maxScore, groups } = final;
    let stored: FinishedSubmission | null = null;
    trail.add(
      {
        type: 'finished',
        submissionId,
        problemId,
        status: SubmissionStatus.Finished,
        verdict,
        passed: results.filter((r) => r.verdict === Verdict.Accepted).length,
        testCount,
        cpuTimeMs: Math.max(0, ...results.map((r) => r.cpuTimeMs)),
        memoryKiB: Math.max(0, ...results.map((r) => r.memoryKiB)),
        message,
        ...(maxScore !== null ? { score, maxScore } : {}),
      },
      async () => {
        stored = await this.submissions.finish(
          submissionId,
          { verdict, message, score, groups, testCount },
          fence === 'unfinished' ? fence : { attempt: fence },
        );
        return stored?.seq ?? null;
      },
    );
    await trail.settle();
    const finished = stored as FinishedSubmission | null;
    if (finished) await this.scheduleWebhook(submissionId, finished);
    if (trail.superseded)
      this.logger.warn({ submissionId }, 'judging superseded by another attempt (or the submission is gone); nothing stored');
    else this.logger.log({ submissionId, verdict }, 'judged');
    return verdict;
  }

  /**
   * Publishes the `finished` event of a verdict a dead worker stored, if that worker died before
   * publishing it (the replay buffer lacks its seq): followers that stayed connected would otherwise
   * never see the submission end. Built from the stored state, with the seq the verdict's write
   * allocated (`lastSeq`), as `finish` builds it.
   */
  private async announceStoredVerdict(submissionId: string, attempt: number): Promise<void> {
    const view = await this.submissions.findFinishedView(submissionId, attempt);
    if (!view?.verdict) return;
    const published = await this.events.publishIfMissing(
      {
        type: 'finished',
        submissionId,
        problemId: view.problemId ?? null,
        status: SubmissionStatus.Finished,
        verdict: view.verdict,
        passed: view.tests.filter((r) => r.verdict === Verdict.Accepted).length,
        testCount: view.testCount,
        cpuTimeMs: Math.max(0, ...view.tests.map((r) => r.cpuTimeMs)),
        memoryKiB: Math.max(0, ...view.tests.map((r) => r.memoryKiB)),
        message: view.message,
        ...(view.maxScore !== null && view.maxScore !== undefined ? { score: view.score ?? null, maxScore: view.maxScore } : {}),
      },
      view.lastSeq,
    );
    if (published) this.logger.warn({ submissionId, seq: view.lastSeq }, 'published the finished event a dead worker had not');
  }

  /** One delivery per judging: Verdict's own callbackUrl, else a Judge0 callback_url (a submission has one or the other). */
  private async scheduleWebhook(
    submissionId: string,
    judging: { attempt: number; callbackUrl: string | null; judge0CallbackUrl: string | null },
  ): Promise<void> {
    if (judging.callbackUrl) await this.webhooks.schedule(submissionId, judging.attempt, judging.callbackUrl, 'verdict');
    else if (judging.judge0CallbackUrl) await this.webhooks.schedule(submissionId, judging.attempt, judging.judge0CallbackUrl, 'judge0');
  }
}

/** An Internal Error that ended judging before (or instead of) the plan's tests. */
function internalError(message: string): FinalVerdict {
  return { verdict: Verdict.InternalError, results: [], testCount: 0, message, score: null, maxScore: null, groups: [] };
}

/** The final verdict of a plan's evaluation: group results only for problem submissions (named tests). */
function finalVerdictOf(plan: JudgePlan, evaluation: Evaluation): FinalVerdict {
  return {
    verdict: evaluation.verdict,
    results: evaluation.results,
    testCount: plan.tests.length,
    message: evaluation.message,
    score: evaluation.score,
    maxScore: plan.maxScore,
    groups: plan.named ? evaluation.groups : [],
  };
}
