import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { Job } from 'bullmq';
import { JobName, QueueName, type JobPayloads } from '../../libs/contracts/index.js';
import { recoveryConfig, type RecoveryConfig } from '../config/recovery.config.js';
import { sandboxConfig, type SandboxConfig } from '../config/sandbox.config.js';
import { BuildCacheService } from './build-cache.service.js';
import { PrecompiledHeadersService } from './precompiled-headers.service.js';
import { LanguageRegistry } from './languages/language-registry.js';
import { SubmissionJudgeService } from './submission-judge.service.js';
import { WorkerHeartbeat } from './worker-heartbeat.service.js';
import { VerificationRunner } from './verification/verification.runner.js';

/** A job of the submissions queue: a judge job or a verify job. */
type QueueJob = Job<JobPayloads[JobName.Judge], unknown, JobName.Judge> | Job<JobPayloads[JobName.Verify], unknown, JobName.Verify>;

function isVerifyJob(job: QueueJob): job is Job<JobPayloads[JobName.Verify], unknown, JobName.Verify> {
  return job.name === JobName.Verify;
}

/** How long shutdown waits for running jobs, ms. */
export const SHUTDOWN_GRACE_MS = 30_000;

/**
 * BullMQ edge of judging: unpacks the job and calls `SubmissionJudgeService` (or, for a verify
 * job, `VerificationRunner`). Created paused (`autorun: false`) and started once the application
 * has booted, i.e. after the sandbox check, MongoDB and Redis are ready; concurrency equals the
 * sandbox's slots, so there are never more runs at once than slots (cores by default).
 */
@Processor(QueueName.Submissions, { autorun: false })
export class JudgeProcessor extends WorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(JudgeProcessor.name);

  constructor(
    private readonly submissionJudge: SubmissionJudgeService,
    private readonly verification: VerificationRunner,
    private readonly buildCache: BuildCacheService,
    private readonly headers: PrecompiledHeadersService,
    private readonly languages: LanguageRegistry,
    private readonly heartbeat: WorkerHeartbeat,
    @Inject(sandboxConfig.KEY) private readonly cfg: SandboxConfig,
    @Inject(recoveryConfig.KEY) private readonly recovery: RecoveryConfig,
    private readonly pino: PinoLogger,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    // Warm compiler caches first: a cold Go compilation costs seconds per submission.
    await this.buildCache.prepare(this.languages.all());
    this.worker.concurrency = this.cfg.concurrency;
    // JOB_LOCK_MS is configuration, read at start, so it is set here rather than in the static decorator.
    // BullMQ's Worker builds its lock manager (lock duration, renewal every half of it) in its constructor
    // from the defaults (30 s, renewed every 15 s): rebuild it with the configured lock before the worker
    // runs, or a lock shorter than 15 s expires before its first renewal and a running job is handed out again.
    this.worker.opts.lockDuration = this.cfg.jobLockMs;
    this.worker.opts.lockRenewTime = Math.floor(this.cfg.jobLockMs / 2);
    this.worker.opts.stalledInterval = this.cfg.jobLockMs;
    // A job whose worker died is handed out again up to JUDGE_MAX_STALLS times, then failed (LostJobsSweeper ends it as Internal Error).
    this.worker.opts.maxStalledCount = this.recovery.maxStalls;
    (this.worker as unknown as { createLockManager(): void }).createLockManager();
    this.worker.run().catch((err: unknown) => this.logger.error({ err }, 'queue worker stopped'));
    this.heartbeat.ready();
    if (this.cfg.requestedConcurrency > this.cfg.concurrency)
      this.logger.warn(
        { requested: this.cfg.requestedConcurrency, concurrency: this.cfg.concurrency },
        'WORKER_CONCURRENCY is more than the CPUs this worker may use; judging only as many at once as it has CPUs',
      );
    this.logger.log({ concurrency: this.cfg.concurrency }, 'worker ready');
    // Precompiled headers after: C++ compiles without them meanwhile, only slower (1.6 s instead of
    // 0.4 s for an A+B), and a first start does not wait the seconds each one takes to build.
    void this.headers.prepare(this.languages.all());
  }

  /**
   * Shutdown, first step (before any connection closes): stop taking jobs and let the running
   * ones finish and store their verdicts, for up to SHUTDOWN_GRACE_MS. Jobs still running then
   * are abandoned; their lock expires and another worker judges them again.
   */
  async onModuleDestroy(): Promise<void> {
    this.heartbeat.draining();
    const before = this.heartbeat.counts;
    const closing = this.worker.close();
    const timedOut = await Promise.race([
      closing.then(() => false),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(true), SHUTDOWN_GRACE_MS).unref()),
    ]);
    if (timedOut) {
      this.logger.warn({ graceMs: SHUTDOWN_GRACE_MS }, 'running jobs did not finish in time; leaving them to another worker');
      await this.worker.close(true);
    }
    const after = this.heartbeat.counts;
    const finished = after.jobsDone - before.jobsDone;
    const left = Math.max(0, before.busySlots - finished);
    this.logger.log(
      { running: before.busySlots, finished, leftToOtherWorkers: left },
      `shutdown: drained ${before.busySlots} running job(s): ${finished} finished and stored, ${left} left to another worker`,
    );
  }

  /** Judges one job; every line logged meanwhile carries its submission (or verification) id. */
  process(job: QueueJob): Promise<string | null> {
    const bindings = isVerifyJob(job) ? { verificationId: job.data.verificationId } : { submissionId: job.data.submissionId };
    return this.pino.runInContext(() => this.processInContext(job), { bindings });
  }

  private async processInContext(job: QueueJob): Promise<string | null> {
    this.heartbeat.jobStarted();
    const started = performance.now();
    try {
      if (isVerifyJob(job)) {
        await this.verification.verify(job.data.verificationId);
        this.logger.log({ ms: Math.round(performance.now() - started) }, 'job ended');
        return null;
      }
      const verdict = await this.submissionJudge.judge(job.data.submissionId);
      // The job's id comes from the logging context (no explicit field here).
      this.logger.log({ attempt: job.attemptsMade + 1, ms: Math.round(performance.now() - started) }, 'job ended');
      return verdict;
    } finally {
      this.heartbeat.jobEnded();
    }
  }

  @OnWorkerEvent('failed')
  onFailed(job: QueueJob | undefined, err: Error): void {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    if (isVerifyJob(job)) {
      const { verificationId } = job.data;
      this.logger.error({ verificationId, attempt: job.attemptsMade, final, err: err.message }, 'verification failed');
      if (final)
        this.verification
          .giveUp(verificationId, err)
          .catch((e: unknown) => this.logger.error({ verificationId, err: e }, 'could not store the failure'));
      return;
    }
    this.logger.error({ submissionId: job.data.submissionId, attempt: job.attemptsMade, final, err: err.message }, 'judging failed');
    if (final) {
      this.submissionJudge
        .giveUp(job.data.submissionId, err)
        .catch((e: unknown) =>
          this.logger.error({ submissionId: job.data.submissionId, err: e }, 'could not store the Internal Error verdict'),
        );
    }
  }
}
