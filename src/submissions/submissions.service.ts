import { appliedLimits } from '../persistence/problems/applied-time-limit.js';
import { ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { Types } from 'mongoose';
import { SubmissionStatus, type JudgeLimits, type SubmissionView } from '../../libs/contracts/index.js';
import { defaultValidatorOptionsOf } from '../../libs/judging/index.js';
import type { CursorPage, PageRequest } from '../common/cursor-page.js';
import { callDependency } from '../common/dependency-errors.js';
import { InvalidRequestException } from '../common/invalid-request.exception.js';
import { resolveLimits } from '../common/judge-limits.js';
import { judgeLimitsConfig, type JudgeLimitsSettings } from '../config/judge-limits.config.js';
import { SubmissionEventsPublisher } from '../events/submission-events.publisher.js';
import { maxScoreOf } from '../persistence/problems/problem-records.js';
import { ProblemsRepository } from '../persistence/problems/problems.repository.js';
import { JudgeQueueProducer } from '../queue/judge-queue.producer.js';
import { QueueAdmission } from '../queue/queue-admission.js';
import { acquireRedisLease } from '../redis/redis-lease.js';
import { REDIS_CLIENT } from '../redis/redis.tokens.js';
import type { CreateSubmissionDto } from './dto/create-submission.dto.js';
import type { CreatedSubmissionDto } from './dto/created-submission.dto.js';
import type {
  InlineCheckerData,
  Judge0Link,
  Judge0SubmissionRow,
  ReadScope,
  TestCaseData,
} from '../persistence/submissions/submission-records.js';
import { SubmissionRequestValidator } from './submission-request.validator.js';
import { SubmissionsRepository } from '../persistence/submissions/submissions.repository.js';
import { InlineTestData } from '../persistence/submissions/inline-test-data.js';
import { WebhookDeliveriesRepository } from '../persistence/webhook-deliveries/webhook-deliveries.repository.js';

/** Test cases of a request: `testCases`, else one built from `stdin`/`expectedOutput` (empty input, no expected output by default). */
function testCasesOf(dto: CreateSubmissionDto): TestCaseData[] {
  if (dto.testCases) return dto.testCases.map((tc) => ({ input: tc.input, expectedOutput: tc.expectedOutput }));
  return [{ input: dto.stdin ?? '', expectedOutput: dto.expectedOutput ?? null }];
}

/** The default output validator options of an inline submission's `checker` (libs/judging owns what the flags mean), or null without one. */
function inlineCheckerOf(dto: CreateSubmissionDto): InlineCheckerData | null {
  if (!dto.checker) return null;
  const options = defaultValidatorOptionsOf(dto.checker);
  return {
    caseSensitive: options.caseSensitive ?? false,
    spaceChangeSensitive: options.spaceChangeSensitive ?? false,
    floatAbsoluteTolerance: options.floatAbsoluteTolerance ?? null,
    floatRelativeTolerance: options.floatRelativeTolerance ?? null,
  };
}

/** How long one rejudge may hold its submission's lease, ms: far more than resetting and enqueueing take. */
const REJUDGE_LEASE_MS = 10_000;

/** Redis key of the lease a rejudge of `submissionId` holds while it resets and enqueues. */
const rejudgeLeaseKey = (submissionId: string): string => `verdict:rejudge-lease:${submissionId}`;

/**
 * Accepting and reading submissions (API side).
 */
@Injectable()
export class SubmissionsService {
  private readonly logger = new Logger('Submissions');

  constructor(
    private readonly repository: SubmissionsRepository,
    private readonly events: SubmissionEventsPublisher,
    private readonly queue: JudgeQueueProducer,
    private readonly validator: SubmissionRequestValidator,
    @Inject(judgeLimitsConfig.KEY) private readonly limits: JudgeLimitsSettings,
    private readonly problems: ProblemsRepository,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly admission: QueueAdmission,
    private readonly inlineTestData: InlineTestData,
  ) {}

  /**
   * Validates, stores the submission `queued` (limits completed with the defaults), publishes
   * its `queued` event, then adds the judge job (job id = submission id). Nothing is left
   * half-written: if publishing or enqueueing fails, the stored submission is deleted again.
   * @param link stored with the submission when the Judge0-compatible API (src/judge0) creates it.
   * @param ownerKeyId the API key making it (its owner, docs/auth.md), or null/absent when made open.
   * @param afterStore run once the submission is stored, before it is announced and queued (the quotas'
   *   unfinished cap, docs/quotas.md); when it throws, the submission is deleted again and its error thrown.
   * @returns `{ id, status: 'queued' }` once the submission is stored and queued.
   * @throws InvalidRequestException (400) listing every broken rule.
   * @throws DependencyUnavailableError (503) when MongoDB, Redis or every worker is unreachable.
   * @throws QueueFullException (503 with Retry-After) when the queue is at QUEUE_MAX_WAITING; nothing stored.
   */
  async create(
    dto: CreateSubmissionDto,
    { judge0, ownerKeyId, afterStore }: { judge0?: Judge0Link; ownerKeyId?: string | null; afterStore?: () => Promise<void> } = {},
  ): Promise<CreatedSubmissionDto> {
    await this.validator.validate(dto);
    await this.admission.admit();
    const target = dto.problemId ? await this.problemTarget(dto.problemId) : null;
    // Inline test data goes to the test data store first (by hash), the document holds the hashes;
    // the Judge0-compatible API's one test case stays text (its reads return it). See StoredTestCase.
    const testCases = target ? [] : judge0 ? testCasesOf(dto) : await this.inlineTestData.store(testCasesOf(dto));
    const id = new Types.ObjectId().toHexString();
    let stored = false;
    try {
      await this.events.publishAfter({ type: 'queued', submissionId: id, problemId: dto.problemId?.toLowerCase() ?? null }, async () => {
        const view = await this.repository.create({
          id,
          language: dto.language,
          sourceCode: dto.sourceCode,
          ...(dto.fileName !== undefined ? { fileName: dto.fileName } : {}),
          testCases,
          ...(!target && dto.checker ? { checker: inlineCheckerOf(dto) } : {}),
          limits: target?.limits ?? resolveLimits(dto.limits, this.limits),
          ...(target ? { problemId: dto.problemId, testCount: target.testCount, maxScore: target.maxScore } : {}),
          ...(judge0 ? { judge0 } : {}),
          ...(ownerKeyId ? { ownerKeyId } : {}),
          // The submission's own callback URL, else its problem's default (checked when the problem was stored).
          ...((dto.callbackUrl ?? target?.callbackUrl) ? { callbackUrl: dto.callbackUrl ?? target?.callbackUrl } : {}),
        });
        stored = true;
        await afterStore?.();
        return view.lastSeq;
      });
      await this.queue.enqueueJudge(id);
    } catch (error) {
      if (stored) await this.rollBack(id);
      throw error;
    }
    this.logger.log({ submissionId: id, language: dto.language }, 'submission queued');
    return { id, status: SubmissionStatus.Queued };
  }

  /**
   * The problem a new submission is judged against: its limits (`appliedLimits`), test count and default callback URL.
   * @throws InvalidRequestException (400 naming problemId) when there is no such problem, it is archived or has no test cases.
   */
  private async problemTarget(
    problemId: string,
  ): Promise<{ limits: JudgeLimits; testCount: number; maxScore: number | null; callbackUrl: string | null }> {
    const problem = await this.problems.find(problemId);
    if (!problem) throw new InvalidRequestException(`problemId must name an existing problem; ${problemId} does not`);
    if (problem.archived)
      throw new InvalidRequestException(`problemId names an archived problem (${problem.slug}); it accepts no new submissions`);
    if (problem.testCount === 0) throw new InvalidRequestException(`problemId names a problem without test cases (${problem.slug})`);
    return {
      // The time limit the problem applies: a derived one when it takes its limit from verification.
      limits: appliedLimits(problem, this.limits.maxima.wallTimeMs),
      testCount: problem.testCount,
      maxScore: maxScoreOf(problem),
      callbackUrl: problem.callbackUrl ?? null,
    };
  }

  /**
   * Judges a finished submission again with the current test data: clears its results, publishes
   * `queued` and queues a new judge job.
   * @throws NotFoundException when there is no such submission; ConflictException while it is being judged.
   * @throws DependencyUnavailableError (503) when MongoDB or Redis is unreachable.
   */
  async rejudge(id: string): Promise<{ id: string; status: SubmissionStatus }> {
    const view = await this.repository.findView(id);
    if (!view) throw new NotFoundException(`submission ${id} not found`);
    if (view.status !== SubmissionStatus.Finished) {
      throw new ConflictException(`submission ${id} is ${view.status}; it can be rejudged once finished`);
    }
    let counts: { testCount?: number; maxScore?: number | null } = {};
    if (view.problemId) {
      const problem = await this.problems.find(view.problemId);
      if (!problem) throw new ConflictException(`submission ${id} was judged against problem ${view.problemId}, which no longer exists`);
      counts = { testCount: problem.testCount, maxScore: maxScoreOf(problem) };
    }
    // One rejudge of a submission at a time across every API process: the status check below is not
    // atomic on every MongoDB-compatible server (FerretDB 1.24 lets concurrent filtered updates through),
    // and two resets at once would allocate the same event seq twice.
    const lease = await callDependency('Redis', 'taking the rejudge lease', () =>
      acquireRedisLease(this.redis, rejudgeLeaseKey(id), REJUDGE_LEASE_MS),
    );
    if (!lease) throw new ConflictException(`submission ${id} is being queued for a rejudge already`);
    let rejudges: number | null = null;
    try {
      await this.events.publishAfter({ type: 'queued', submissionId: id, problemId: view.problemId ?? null }, async () => {
        const reset = await this.repository.resetForRejudge(id, counts);
        if (reset === null) throw new ConflictException(`submission ${id} is being judged; it can be rejudged once finished`);
        rejudges = reset.rejudges;
        return reset.seq;
      });
      await this.queue.enqueueJudge(id, { rejudge: true });
    } finally {
      // The lease expires by itself if Redis went away meanwhile.
      await lease.release().catch(() => undefined);
    }
    this.logger.log({ submissionId: id, rejudge: rejudges }, 'submission queued for rejudging');
    return { id, status: SubmissionStatus.Queued };
  }

  /**
   * @returns the stored state of submission `id` with its source code (`sourceCode`) and latest webhook
   *   delivery (`delivery`, null when it has none, or when it goes to its problem's default callback URL and
   *   `scope` is not the problem's setter's), or null when there is no such submission (or `scope` leaves it out).
   * @throws DependencyUnavailableError('MongoDB').
   */
  async findOne(id: string, scope?: ReadScope): Promise<SubmissionView | null> {
    const view = await this.repository.findViewWithSource(id, scope);
    if (!view) return null;
    return { ...view, delivery: (await this.showsDelivery(view, scope)) ? await this.deliveries.latestFor(id) : null };
  }

  /**
   * Whether `scope` may see `view`'s webhook delivery: always, unless it goes to the problem's own default
   * callback URL and the caller is not the problem's setter (its errors would tell the setter's receiver).
   */
  private async showsDelivery(view: SubmissionView, scope: ReadScope | undefined): Promise<boolean> {
    if (!view.problemId || !scope?.only || this.repository.showsSetterView(scope, view.problemId)) return true;
    const [own, problem] = await Promise.all([this.repository.callbackUrlOf(view.id), this.problems.find(view.problemId)]);
    return own === null || own !== (problem?.callbackUrl ?? null);
  }

  /** One page of submissions, newest first; only those of problem `problemId` (24 hex digits) when given, and those `scope` allows. @throws DependencyUnavailableError('MongoDB'). */
  list(page: PageRequest, problemId?: string, scope?: ReadScope): Promise<CursorPage<SubmissionView>> {
    return this.repository.list(page, problemId, scope);
  }

  /** Submissions made through the Judge0-compatible API, by token, in order; null for unknown tokens. @throws DependencyUnavailableError('MongoDB'). */
  findByJudge0Tokens(tokens: readonly string[], scope?: ReadScope): Promise<(Judge0SubmissionRow | null)[]> {
    return this.repository.findByJudge0Tokens(tokens, scope);
  }

  /** One page (1-based) of the submissions made through the Judge0-compatible API, oldest first, and their total. @throws DependencyUnavailableError('MongoDB'). */
  listJudge0(page: number, perPage: number, scope?: ReadScope): Promise<{ rows: Judge0SubmissionRow[]; total: number }> {
    return this.repository.listJudge0(page, perPage, scope);
  }

  /** How many submissions the Judge0-compatible API made since `since` (all when null). @throws DependencyUnavailableError('MongoDB'). */
  countJudge0(since: Date | null): Promise<number> {
    return this.repository.countJudge0(since);
  }

  /**
   * Deletes a finished submission (the Judge0-compatible `DELETE /submissions/:token`).
   * @returns false when there is no such submission.
   * @throws ConflictException while it is queued or being judged.
   * @throws DependencyUnavailableError('MongoDB').
   */
  async remove(id: string): Promise<boolean> {
    const view = await this.repository.findView(id);
    if (!view) return false;
    if (view.status !== SubmissionStatus.Finished) {
      throw new ConflictException(`submission ${id} is ${view.status}; it can be deleted once finished`);
    }
    const removed = await this.repository.remove(id);
    if (removed) this.logger.log({ submissionId: id }, 'submission deleted');
    return removed;
  }

  private async rollBack(id: string): Promise<void> {
    try {
      await this.repository.remove(id);
    } catch (error) {
      // Both stores failing at once: the submission stays `queued` without a job. Say so loudly.
      this.logger.error({ submissionId: id, err: error }, 'submission stored but not queued, and could not be deleted');
    }
  }
}
