import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
  Query,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { rm } from 'node:fs/promises';
import type {} from 'multer';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiPayloadTooLargeResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CursorPageQuery, pageRequestOf } from '../common/cursor-page.query.js';
import { InvalidRequestException } from '../common/invalid-request.exception.js';
import { CreateProblemDto } from './dto/create-problem.dto.js';
import { IMPORT_BODY_SCHEMA, ImportProblemDto } from './dto/import-problem.dto.js';
import { ProblemPageDto, ProblemViewDto } from './dto/problem-view.dto.js';
import { RejudgeResultDto } from './dto/rejudge-result.dto.js';
import { VerificationViewDto } from './dto/verification-view.dto.js';
import { ProblemImportService } from './package/problem-import.service.js';
import { ProblemsService } from './problems.service.js';

@ApiTags('problems')
@ApiServiceUnavailableResponse({ description: 'MongoDB or Redis is unreachable; retry later.' })
@Controller('problems')
export class ProblemsController {
  constructor(
    private readonly problems: ProblemsService,
    private readonly importer: ProblemImportService,
  ) {}

  /**
   * `POST /problems/import` (multipart/form-data, file field `package`, optional `slug`): a
   * problem package zip. Atomic: a bad package is refused whole (400 naming the file and line)
   * and nothing is stored.
   */
  @Post('import')
  @HttpCode(HttpStatus.CREATED)
  @UseInterceptors(FileInterceptor('package'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: IMPORT_BODY_SCHEMA })
  @ApiCreatedResponse({ type: ProblemViewDto })
  @ApiBadRequestResponse({ description: 'The package is malformed or unsafe; `message` names the file (and line).' })
  @ApiPayloadTooLargeResponse({ description: 'The zip is larger than PROBLEM_PACKAGE_MAX_BYTES.' })
  @ApiConflictResponse({ description: 'The slug is taken.' })
  async import(@UploadedFile() file: Express.Multer.File | undefined, @Body() dto: ImportProblemDto): Promise<ProblemViewDto> {
    if (!file) {
      throw new InvalidRequestException('package must be a zip file sent as the multipart/form-data file field "package"');
    }
    try {
      return await this.importer.import(file.path, { slug: dto.slug, fileName: file.originalname });
    } finally {
      await rm(file.path, { force: true });
    }
  }

  /** `POST /problems`: a problem from JSON (test data inline or by stored hash). */
  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiCreatedResponse({ type: ProblemViewDto })
  @ApiBadRequestResponse({ description: '`message` lists each broken rule as `<field> <rule>`.' })
  @ApiConflictResponse({ description: 'The slug is taken.' })
  create(@Body() dto: CreateProblemDto): Promise<ProblemViewDto> {
    return this.problems.create(dto);
  }

  /** `GET /problems?limit=&cursor=`: newest first, without the groups' test case lists. */
  @Get()
  @ApiOkResponse({ type: ProblemPageDto })
  @ApiBadRequestResponse({ description: 'Bad limit or cursor.' })
  list(@Query() query: CursorPageQuery): Promise<ProblemPageDto> {
    return this.problems.list(pageRequestOf(query));
  }

  @Get(':id')
  @ApiOkResponse({ type: ProblemViewDto })
  @ApiNotFoundResponse()
  findOne(@Param('id') id: string): Promise<ProblemViewDto> {
    return this.problems.findOne(id);
  }

  /** `PUT /problems/:id`: replaces the problem (the package's stored submissions are kept); `revision` + 1. */
  @Put(':id')
  @ApiOkResponse({ type: ProblemViewDto })
  @ApiBadRequestResponse({ description: '`message` lists each broken rule as `<field> <rule>`.' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The slug is taken.' })
  replace(@Param('id') id: string, @Body() dto: CreateProblemDto): Promise<ProblemViewDto> {
    return this.problems.replace(id, dto);
  }

  /** `DELETE /problems/:id`: 204; 409 while submissions refer to it and it is not archived. */
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Submissions refer to the problem and it is not archived.' })
  async remove(@Param('id') id: string): Promise<void> {
    await this.problems.remove(id);
  }

  /**
   * `POST /problems/:id/verify`: runs every submission stored in the problem's package
   * (`submissions/<verdict>/`) and reports expected vs actual verdict and time; 202 with the
   * queued report. Poll `GET /problems/:id/verifications/:verificationId` (or use scripts/verify-problem.mjs).
   */
  @Post(':id/verify')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: VerificationViewDto })
  @ApiNotFoundResponse()
  @ApiBadRequestResponse({ description: 'The package had no submissions.' })
  verify(@Param('id') id: string): Promise<VerificationViewDto> {
    return this.problems.verify(id);
  }

  @Get(':id/verifications/:verificationId')
  @ApiOkResponse({ type: VerificationViewDto })
  @ApiNotFoundResponse()
  findVerification(@Param('id') id: string, @Param('verificationId') verificationId: string): Promise<VerificationViewDto> {
    return this.problems.findVerification(id, verificationId);
  }

  /** `POST /problems/:id/rejudge`: rejudges every finished submission of the problem with the current data. */
  @Post(':id/rejudge')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: RejudgeResultDto })
  @ApiNotFoundResponse()
  rejudge(@Param('id') id: string): Promise<RejudgeResultDto> {
    return this.problems.rejudgeAll(id);
  }
}
