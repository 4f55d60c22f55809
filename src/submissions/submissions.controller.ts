import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  Res,
  type PipeTransform,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { SubmissionView } from '../../libs/contracts/index.js';
import { ApiCommonErrors, ApiErrorResponse, ApiJsonBodyErrors } from '../common/api-error-response.decorator.js';
import type { CursorPage } from '../common/cursor-page.js';
import { pageRequestOf } from '../common/cursor-page.query.js';
import { InvalidRequestException } from '../common/invalid-request.exception.js';
import { submissionWaitConfig, type SubmissionWaitConfig } from '../config/submission-wait.config.js';
import { SubmissionQuota } from '../quotas/quota.decorators.js';
import { FinishWaiter } from '../results/finish-waiter.js';
import { CreateSubmissionDto } from './dto/create-submission.dto.js';
import { CreatedSubmissionDto } from './dto/created-submission.dto.js';
import { SubmissionListQuery } from './dto/submission-list.query.js';
import { SubmissionPageDto } from './dto/submission-page.dto.js';
import { SubmissionViewDto } from './dto/submission-view.dto.js';
import { SubmissionsService } from './submissions.service.js';

/** `wait`: absent, `true` or `false`; anything else (another word, `wait[]=true`, `wait[x]=…`, repeated) is a 400 naming it. */
const WAIT_PIPE: PipeTransform<unknown, boolean | undefined> = {
  transform(value: unknown): boolean | undefined {
    if (value === undefined) return undefined;
    if (value === 'true') return true;
    if (value === 'false') return false;
    throw new InvalidRequestException('wait must be true or false');
  },
};

@ApiTags('submissions')
@ApiCommonErrors(
  'MongoDB, Redis or every worker is unreachable, or the queue is full (QUEUE_MAX_WAITING); retry after `Retry-After` seconds.',
)
@ApiExtraModels(CreatedSubmissionDto, SubmissionViewDto)
@Controller('submissions')
export class SubmissionsController {
  constructor(
    private readonly submissions: SubmissionsService,
    private readonly waiter: FinishWaiter,
    @Inject(submissionWaitConfig.KEY) private readonly waitCfg: SubmissionWaitConfig,
  ) {}

  /**
   * `POST /submissions`: store and queue a submission; 201 `{ id, status: 'queued' }`. With `?wait=true`
   * the request is held until the verdict, at most SUBMISSION_WAIT_MAX_MS: 201 with the stored
   * SubmissionView when it came, else 202 `{ id, status: 'queued' }` (SUBMISSION_WAIT_ENABLED=false: as without wait).
   */
  @Post()
  @HttpCode(HttpStatus.CREATED)
  @SubmissionQuota()
  @ApiOperation({
    summary: 'Submit source code to be judged',
    description:
      'Stores the submission and queues it for judging, against inline test cases (`testCases`, or `stdin`/`expectedOutput`) ' +
      'or a stored problem (`problemId`). Poll `GET /submissions/{id}`, follow `GET /submissions/{id}/events` (SSE) or ' +
      'subscribe over Socket.IO for the verdict, or pass `wait=true` to get it in the answer.',
  })
  @ApiQuery({
    name: 'wait',
    required: false,
    type: Boolean,
    description: 'true: answer once judged (201, the SubmissionView), or 202 `{ id, status }` after SUBMISSION_WAIT_MAX_MS (15 s).',
  })
  @ApiCreatedResponse({
    description: 'Queued (`{ id, status }`); with wait=true, the finished SubmissionView.',
    schema: { oneOf: [{ $ref: getSchemaPath(CreatedSubmissionDto) }, { $ref: getSchemaPath(SubmissionViewDto) }] },
  })
  @ApiAcceptedResponse({
    type: CreatedSubmissionDto,
    description: 'wait=true: not judged within SUBMISSION_WAIT_MAX_MS; follow it as usual.',
  })
  @ApiJsonBodyErrors('A rule is broken; `details` lists each as `{ field, rule }`. Nothing is stored.')
  async create(
    @Body() dto: CreateSubmissionDto,
    // `unknown`: the global ValidationPipe would turn any string into a boolean for a `boolean` parameter.
    @Query('wait', WAIT_PIPE) wait: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CreatedSubmissionDto | SubmissionView> {
    const created = await this.submissions.create(dto);
    if (wait !== true || !this.waitCfg.enabled) return created;
    const finished = await this.waiter.waitForFinish(created.id, this.waitCfg.maxMs);
    const view = finished ? await this.submissions.findOne(created.id) : null;
    if (view) return view;
    res.status(HttpStatus.ACCEPTED);
    return created;
  }

  /** `GET /submissions?limit=&cursor=&problemId=`: newest first, cursor pagination, optionally one problem's only. */
  @Get()
  @ApiOperation({
    summary: 'List submissions, newest first',
    description: "One page; pass `nextCursor` as `cursor` for the next one; `problemId` keeps one problem's. Items leave out `sourceCode`.",
  })
  @ApiOkResponse({ type: SubmissionPageDto })
  @ApiErrorResponse(400, 'Bad `limit`, `cursor` or `problemId`.')
  list(@Query() query: SubmissionListQuery): Promise<CursorPage<SubmissionView>> {
    return this.submissions.list(pageRequestOf(query), query.problemId);
  }

  /** `POST /submissions/:id/rejudge`: judge a finished submission again with the current data; 202 `{ id, status: 'queued' }`. */
  @Post(':id/rejudge')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Judge a finished submission again',
    description: 'With the current test data of its problem; results are cleared first.',
  })
  @ApiAcceptedResponse({ type: CreatedSubmissionDto })
  @ApiErrorResponse(404, 'No such submission.')
  @ApiErrorResponse(409, 'The submission is still queued or being judged, or its problem was deleted.')
  rejudge(@Param('id') id: string): Promise<CreatedSubmissionDto> {
    return this.submissions.rejudge(id);
  }

  /** `GET /submissions/:id`: the stored state, results so far included; 404 when unknown. */
  @Get(':id')
  @ApiOperation({
    summary: 'Get a submission',
    description: 'Its stored state: status, verdict, limits, per-test results so far, its source code and webhook delivery.',
  })
  @ApiOkResponse({ type: SubmissionViewDto })
  @ApiErrorResponse(404, 'No such submission.')
  async findOne(@Param('id') id: string): Promise<SubmissionView> {
    const view = await this.submissions.findOne(id);
    if (!view) throw new NotFoundException(`submission ${id} not found`);
    return view;
  }
}
