import { Inject, Injectable, Logger } from '@nestjs/common';
import { Types } from 'mongoose';
import { SubmissionStatus, type SubmissionView } from '../../libs/contracts/index.js';
import { judgeLimitsConfig, type JudgeLimitsSettings } from '../config/judge-limits.config.js';
import { SubmissionEventsPublisher } from '../events/submission-events.publisher.js';
import { JudgeQueueProducer } from '../queue/judge-queue.producer.js';
import type { CreateSubmissionDto } from './dto/create-submission.dto.js';
import type { CreatedSubmissionDto } from './dto/created-submission.dto.js';
import { resolveLimits } from './resolve-limits.js';
import type { SubmissionPage, TestCaseData } from './submission-records.js';
import { SubmissionRequestValidator } from './submission-request.validator.js';
import { SubmissionsRepository } from './submissions.repository.js';

/** Test cases of a request: `testCases`, else one built from `stdin`/`expectedOutput` (empty input, no expected output by default). */
function testCasesOf(dto: CreateSubmissionDto): TestCaseData[] {
  if (dto.testCases) return dto.testCases.map((tc) => ({ input: tc.input, expectedOutput: tc.expectedOutput }));
  return [{ input: dto.stdin ?? '', expectedOutput: dto.expectedOutput ?? null }];
}

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
  ) {}

  /**
   * Validates, stores the submission `queued` (limits completed with the defaults), publishes
   * its `queued` event, then adds the judge job (job id = submission id). Nothing is left
   * half-written: if publishing or enqueueing fails, the stored submission is deleted again.
   * @returns `{ id, status: 'queued' }` once the submission is stored and queued.
   * @throws BadRequestException (400) listing every broken rule.
   * @throws DependencyUnavailableError (503) when MongoDB, Redis or every worker is unreachable.
   */
  async create(dto: CreateSubmissionDto): Promise<CreatedSubmissionDto> {
    await this.validator.validate(dto);
    const id = new Types.ObjectId().toHexString();
    let stored = false;
    try {
      await this.events.publishAfter({ type: 'queued', submissionId: id }, async (seq) => {
        await this.repository.create({
          id,
          language: dto.language,
          sourceCode: dto.sourceCode,
          testCases: testCasesOf(dto),
          limits: resolveLimits(dto.limits, this.limits),
          lastSeq: seq,
        });
        stored = true;
      });
      await this.queue.enqueueJudge(id);
    } catch (error) {
      if (stored) await this.rollBack(id);
      throw error;
    }
    this.logger.log({ submissionId: id, language: dto.language }, 'submission queued');
    return { id, status: SubmissionStatus.Queued };
  }

  /** @returns the stored state of submission `id`, or null when there is none. @throws DependencyUnavailableError('MongoDB'). */
  findOne(id: string): Promise<SubmissionView | null> {
    return this.repository.findView(id);
  }

  /**
   * One page of submissions, newest first.
   * @throws InvalidCursorError for a cursor this API did not produce; DependencyUnavailableError('MongoDB').
   */
  list(limit: number, cursor?: string): Promise<SubmissionPage> {
    return this.repository.list({ limit, cursor });
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
