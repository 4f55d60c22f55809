import { Body, Controller, Get, HttpCode, HttpStatus, NotFoundException, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { SubmissionView } from '../../libs/contracts/index.js';
import type { CursorPage } from '../common/cursor-page.js';
import { pageRequestOf } from '../common/cursor-page.query.js';
import { CreateSubmissionDto } from './dto/create-submission.dto.js';
import { CreatedSubmissionDto } from './dto/created-submission.dto.js';
import { SubmissionListQuery } from './dto/submission-list.query.js';
import { SubmissionPageDto } from './dto/submission-page.dto.js';
import { SubmissionViewDto } from './dto/submission-view.dto.js';
import { SubmissionsService } from './submissions.service.js';

@ApiTags('submissions')
@ApiServiceUnavailableResponse({ description: 'MongoDB, Redis or every worker is unreachable; retry later.' })
@Controller('submissions')
export class SubmissionsController {
  constructor(private readonly submissions: SubmissionsService) {}

  /** `POST /submissions`: store and queue a submission; 201 `{ id, status: 'queued' }`. */
  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiCreatedResponse({ type: CreatedSubmissionDto })
  @ApiBadRequestResponse({ description: '`message` lists each broken rule as `<field> <rule>`.' })
  @ApiPayloadTooLargeResponse({ description: 'Body over BODY_LIMIT_BYTES.' })
  create(@Body() dto: CreateSubmissionDto): Promise<CreatedSubmissionDto> {
    return this.submissions.create(dto);
  }

  /** `GET /submissions?limit=&cursor=&problemId=`: newest first, cursor pagination, optionally one problem's only. */
  @Get()
  @ApiOkResponse({ type: SubmissionPageDto })
  @ApiBadRequestResponse({ description: 'Bad limit, cursor or problemId.' })
  list(@Query() query: SubmissionListQuery): Promise<CursorPage<SubmissionView>> {
    return this.submissions.list(pageRequestOf(query), query.problemId);
  }

  /** `POST /submissions/:id/rejudge`: judge a finished submission again with the current data; 202 `{ id, status: 'queued' }`. */
  @Post(':id/rejudge')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: CreatedSubmissionDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The submission is still queued or being judged, or its problem was deleted.' })
  rejudge(@Param('id') id: string): Promise<CreatedSubmissionDto> {
    return this.submissions.rejudge(id);
  }

  /** `GET /submissions/:id`: the stored state, results so far included; 404 when unknown. */
  @Get(':id')
  @ApiOkResponse({ type: SubmissionViewDto })
  @ApiNotFoundResponse()
  async findOne(@Param('id') id: string): Promise<SubmissionView> {
    const view = await this.submissions.findOne(id);
    if (!view) throw new NotFoundException(`submission ${id} not found`);
    return view;
  }
}
