import { Body, Controller, Get, HttpCode, HttpStatus, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { SubmissionView } from '../../libs/contracts/index.js';
import { ApiCommonErrors, ApiErrorResponse, ApiJsonBodyErrors } from '../common/api-error-response.decorator.js';
import type { CursorPage } from '../common/cursor-page.js';
import { CursorPageQuery, pageRequestOf } from '../common/cursor-page.query.js';
import { CreateSubmissionDto } from './dto/create-submission.dto.js';
import { CreatedSubmissionDto } from './dto/created-submission.dto.js';
import { SubmissionPageDto } from './dto/submission-page.dto.js';
import { SubmissionViewDto } from './dto/submission-view.dto.js';
import { SubmissionsService } from './submissions.service.js';

@ApiTags('submissions')
@ApiCommonErrors('MongoDB, Redis or every worker is unreachable; retry later.')
@Controller('submissions')
export class SubmissionsController {
  constructor(private readonly submissions: SubmissionsService) {}

  /** `POST /submissions`: store and queue a submission; 201 `{ id, status: 'queued' }`. */
  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Submit source code to be judged',
    description:
      'Stores the submission and queues it for judging, against inline test cases (`testCases`, or `stdin`/`expectedOutput`) ' +
      'or a stored problem (`problemId`). Poll `GET /submissions/{id}` or subscribe over Socket.IO for the verdict.',
  })
  @ApiCreatedResponse({ type: CreatedSubmissionDto })
  @ApiJsonBodyErrors('A rule is broken; `details` lists each as `{ field, rule }`. Nothing is stored.')
  create(@Body() dto: CreateSubmissionDto): Promise<CreatedSubmissionDto> {
    return this.submissions.create(dto);
  }

  /** `GET /submissions?limit=&cursor=`: newest first, cursor pagination. */
  @Get()
  @ApiOperation({
    summary: 'List submissions, newest first',
    description: 'One page; pass `nextCursor` as `cursor` for the next one. Items leave out `sourceCode`.',
  })
  @ApiOkResponse({ type: SubmissionPageDto })
  @ApiErrorResponse(400, 'Bad `limit` or `cursor`.')
  list(@Query() query: CursorPageQuery): Promise<CursorPage<SubmissionView>> {
    return this.submissions.list(pageRequestOf(query));
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
