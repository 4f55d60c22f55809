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
import { rm } from 'node:fs/promises';
import type {} from 'multer';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiCommonErrors, ApiErrorResponse, ApiJsonBodyErrors } from '../common/api-error-response.decorator.js';
import { FileUploadInterceptor } from '../common/file-upload.interceptor.js';
import { CursorPageQuery, pageRequestOf } from '../common/cursor-page.query.js';
import { InvalidRequestException } from '../common/invalid-request.exception.js';
import { CreateProblemDto } from './dto/create-problem.dto.js';
import { IMPORT_BODY_SCHEMA, ImportProblemDto } from './dto/import-problem.dto.js';
import { ImportedProblemDto } from './dto/imported-problem.dto.js';
import { ProblemPageDto, ProblemViewDto } from './dto/problem-view.dto.js';
import { RejudgeResultDto } from './dto/rejudge-result.dto.js';
import { VerificationViewDto } from './dto/verification-view.dto.js';
import { ApiAuthErrors } from '../auth/api-auth-errors.decorator.js';
import type { Caller } from '../auth/caller.js';
import { CurrentCaller } from '../auth/current-caller.decorator.js';
import { Role } from '../auth/role.js';
import { Roles } from '../auth/roles.decorator.js';
import { ProblemWriteQuota } from '../quotas/quota.decorators.js';
import { ProblemImportService } from './package/problem-import.service.js';
import { ProblemsService } from './problems.service.js';

@ApiTags('problems')
@ApiCommonErrors('MongoDB or Redis is unreachable; retry later.')
@ApiAuthErrors()
@Controller('problems')
export class ProblemsController {
  constructor(
    private readonly problems: ProblemsService,
    private readonly importer: ProblemImportService,
  ) {}

  /**
   * `POST /problems/import` (multipart/form-data, file field `package`, optional `slug` and `timeLimitSource`): a
   * problem package zip. Atomic: a bad package is refused whole (400 naming the file and line)
   * and nothing is stored.
   */
  @Post('import')
  @Roles(Role.Setter)
  @HttpCode(HttpStatus.CREATED)
  @ProblemWriteQuota()
  @UseInterceptors(FileUploadInterceptor('package'))
  @ApiOperation({
    summary: 'Import a problem package (zip)',
    description: 'ICPC/Kattis (legacy, 2023-07-draft, 2025-09) or DOMjudge; multipart/form-data with the zip as the file field `package`.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: IMPORT_BODY_SCHEMA })
  @ApiCreatedResponse({ type: ImportedProblemDto })
  @ApiErrorResponse(
    400,
    'The package is malformed or unsafe, or was not sent as the file field `package`; `message` names the file (and line).',
  )
  @ApiErrorResponse(409, 'The slug is taken.')
  @ApiErrorResponse(413, 'The zip is larger than PROBLEM_PACKAGE_MAX_BYTES.')
  @ApiErrorResponse(415, 'The body is not `multipart/form-data`.')
  async import(
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body() dto: ImportProblemDto,
    @CurrentCaller() caller: Caller,
  ): Promise<ImportedProblemDto> {
    if (!file) {
      throw new InvalidRequestException('package must be a zip file sent as the multipart/form-data file field "package"');
    }
    try {
      return await this.importer.import(file.path, {
        slug: dto.slug,
        fileName: file.originalname,
        ownerKeyId: caller.keyId,
        ...(dto.timeLimitSource ? { timeLimitSource: dto.timeLimitSource } : {}),
      });
    } finally {
      await rm(file.path, { force: true });
    }
  }

  /** `POST /problems`: a problem from JSON (test data inline or by stored hash). */
  @Post()
  @Roles(Role.Setter)
  @HttpCode(HttpStatus.CREATED)
  @ProblemWriteQuota()
  @ApiOperation({ summary: 'Create a problem from JSON', description: 'Test data inline or by the hash of a stored file.' })
  @ApiCreatedResponse({ type: ProblemViewDto })
  @ApiJsonBodyErrors('A rule is broken; `details` lists each as `{ field, rule }`. Nothing is stored.')
  @ApiErrorResponse(409, 'The slug is taken.')
  create(@Body() dto: CreateProblemDto, @CurrentCaller() caller: Caller): Promise<ProblemViewDto> {
    return this.problems.create(dto, caller);
  }

  /** `GET /problems?limit=&cursor=`: newest first, without the groups' test case lists. */
  @Get()
  @ApiOperation({ summary: 'List problems, newest first', description: "One page, without the groups' test case lists." })
  @ApiOkResponse({ type: ProblemPageDto })
  @ApiErrorResponse(400, 'Bad `limit` or `cursor`.')
  list(@Query() query: CursorPageQuery, @CurrentCaller() caller: Caller): Promise<ProblemPageDto> {
    return this.problems.list(pageRequestOf(query), caller);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a problem' })
  @ApiOkResponse({ type: ProblemViewDto })
  @ApiErrorResponse(404, 'No such problem.')
  findOne(@Param('id') id: string, @CurrentCaller() caller: Caller): Promise<ProblemViewDto> {
    return this.problems.findOne(id, caller);
  }

  /** `PUT /problems/:id`: replaces the problem (the package's stored submissions are kept); `revision` + 1. */
  @Put(':id')
  @Roles(Role.Setter)
  @ApiOperation({ summary: 'Replace a problem', description: "Everything but the package's stored submissions; `revision` + 1." })
  @ApiOkResponse({ type: ProblemViewDto })
  @ApiJsonBodyErrors('A rule is broken; `details` lists each as `{ field, rule }`. Nothing is stored.')
  @ApiErrorResponse(404, 'No such problem.')
  @ApiErrorResponse(409, 'The slug is taken.')
  replace(@Param('id') id: string, @Body() dto: CreateProblemDto, @CurrentCaller() caller: Caller): Promise<ProblemViewDto> {
    return this.problems.replace(id, dto, caller);
  }

  /** `DELETE /problems/:id`: 204; 409 while submissions refer to it and it is not archived. */
  @Delete(':id')
  @Roles(Role.Setter)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a problem', description: 'Refused while submissions refer to it, unless it is archived.' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrorResponse(404, 'No such problem.')
  @ApiErrorResponse(409, 'Submissions refer to the problem and it is not archived.')
  async remove(@Param('id') id: string, @CurrentCaller() caller: Caller): Promise<void> {
    await this.problems.remove(id, caller);
  }

  /**
   * `POST /problems/:id/verify`: runs the package's input validators over every test case, then
   * every submission stored in the problem's package (`submissions/<verdict>/`), and reports what
   * the validators found and expected vs actual verdict and time; 202 with the
   * queued report. Poll `GET /problems/:id/verifications/:verificationId` (or use scripts/verify-problem.mjs).
   */
  @Post(':id/verify')
  @ProblemWriteQuota()
  @Roles(Role.Setter)
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: "Verify a problem with its package's submissions",
    description:
      'Runs the input validators over the test data, then each submission, and compares expected and actual verdicts; poll the verification.',
  })
  @ApiAcceptedResponse({ type: VerificationViewDto })
  @ApiErrorResponse(400, 'The package had neither submissions nor input validators.')
  @ApiErrorResponse(404, 'No such problem.')
  verify(@Param('id') id: string, @CurrentCaller() caller: Caller): Promise<VerificationViewDto> {
    return this.problems.verify(id, caller);
  }

  @Get(':id/verifications/:verificationId')
  @ApiOperation({ summary: 'Get a verification report' })
  @ApiOkResponse({ type: VerificationViewDto })
  @ApiErrorResponse(404, 'No such problem or verification.')
  findVerification(
    @Param('id') id: string,
    @Param('verificationId') verificationId: string,
    @CurrentCaller() caller: Caller,
  ): Promise<VerificationViewDto> {
    return this.problems.findVerification(id, verificationId, caller);
  }

  /** `POST /problems/:id/rejudge`: rejudges every finished submission of the problem with the current data. */
  @Post(':id/rejudge')
  @ProblemWriteQuota()
  @Roles(Role.Setter)
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Rejudge every finished submission of a problem', description: 'With the current test data.' })
  @ApiAcceptedResponse({ type: RejudgeResultDto })
  @ApiErrorResponse(404, 'No such problem.')
  rejudge(@Param('id') id: string, @CurrentCaller() caller: Caller): Promise<RejudgeResultDto> {
    return this.problems.rejudgeAll(id, caller);
  }
}
