import {
  Body,
  Controller,
  ForbiddenException,
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
import { ApiAuthErrors } from '../auth/api-auth-errors.decorator.js';
import type { Caller } from '../auth/caller.js';
import { CurrentCaller } from '../auth/current-caller.decorator.js';
import { SubmissionAccess } from '../auth/submission-access.js';
import { ApiCommonErrors, ApiErrorResponse, ApiJsonBodyErrors } from '../common/api-error-response.decorator.js';
import type { CursorPage } from '../common/cursor-page.js';
import { pageRequestOf } from '../common/cursor-page.query.js';
import { InvalidRequestException } from '../common/invalid-request.exception.js';
import { submissionWaitConfig, type SubmissionWaitConfig } from '../config/submission-wait.config.js';
import { SubmissionQuota } from '../quotas/quota.decorators.js';
import { UnfinishedSubmissionsGate } from '../quotas/unfinished-submissions.gate.js';
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
@ApiAuthErrors()
@Controller('submissions')
export class SubmissionsController {
  constructor(
    private readonly submissions: SubmissionsService,
    private readonly waiter: FinishWaiter,
    private readonly access: SubmissionAccess,
    private readonly unfinished: UnfinishedSubmissionsGate,
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
    @CurrentCaller() caller: Caller,
  ): Promise<CreatedSubmissionDto | SubmissionView> {
    const created = await this.submissions.create(dto, {
      ownerKeyId: caller.keyId,
      afterStore: () => this.unfinished.refuseIfOver(caller),
    });
    if (wait !== true || !this.waitCfg.enabled) return created;
    const finished = await this.waiter.waitForFinish(created.id, this.waitCfg.maxMs);
    const view = finished ? await this.submissions.findOne(created.id, await this.access.readScope(caller)) : null;
    if (view) return view;
    res.status(HttpStatus.ACCEPTED);
    return created;
  }

  /** `GET /submissions?limit=&cursor=&problemId=`: newest first, cursor pagination, optionally one problem's only. */
  @Get()
  @ApiOperation({
    summary: 'List submissions, newest first',
    description:
      "One page; pass `nextCursor` as `cursor` for the next one; `problemId` keeps one problem's. Items leave out `sourceCode`. " +
      "A submitter's key lists its own submissions; a setter's its own and those to its problems; an admin's all (docs/auth.md).",
  })
  @ApiOkResponse({ type: SubmissionPageDto })
  @ApiErrorResponse(400, 'Bad `limit`, `cursor` or `problemId`.')
  async list(@Query() query: SubmissionListQuery, @CurrentCaller() caller: Caller): Promise<CursorPage<SubmissionView>> {
    return this.submissions.list(pageRequestOf(query), query.problemId, await this.access.readScope(caller));
  }

  /** `POST /submissions/:id/rejudge`: judge a finished submission again with the current data; 202 `{ id, status: 'queued' }`. */
  @Post(':id/rejudge')
  @SubmissionQuota()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Judge a finished submission again',
    description:
      "With the current test data of its problem; results are cleared first. For the problem's setter and admins (an inline submission: admins).",
  })
  @ApiAcceptedResponse({ type: CreatedSubmissionDto })
  @ApiErrorResponse(404, 'No such submission (or not one this key may see).')
  @ApiErrorResponse(409, 'The submission is still queued or being judged, or its problem was deleted.')
  async rejudge(@Param('id') id: string, @CurrentCaller() caller: Caller): Promise<CreatedSubmissionDto> {
    const view = await this.submissions.findOne(id, await this.access.readScope(caller));
    if (!view) throw new NotFoundException(`submission ${id} not found`);
    if (!(await this.access.mayManageProblem(caller, view.problemId ?? null))) {
      throw new ForbiddenException("only the problem's setter or an admin may rejudge a submission");
    }
    return this.submissions.rejudge(id);
  }

  /** `GET /submissions/:id`: the stored state, results so far included; 404 when unknown. */
  @Get(':id')
  @ApiOperation({
    summary: 'Get a submission',
    description:
      'Its stored state: status, verdict, limits, per-test results so far, its source code and webhook delivery. ' +
      "For the problem's setter and admin keys, each test's `checkerMessage` is the checker's full message, secret tests " +
      'included; others see only what is safe to show (docs/auth.md).',
  })
  @ApiOkResponse({ type: SubmissionViewDto })
  @ApiErrorResponse(404, 'No such submission (or not one this key may see: the same answer).')
  async findOne(@Param('id') id: string, @CurrentCaller() caller: Caller): Promise<SubmissionView> {
    const view = await this.submissions.findOne(id, await this.access.readScope(caller));
    if (!view) throw new NotFoundException(`submission ${id} not found`);
    return view;
  }
}
