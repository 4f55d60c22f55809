import { ApiProperty } from '@nestjs/swagger';
import type { CursorPage } from '../../common/cursor-page.js';
import { JudgeLimitsDto } from '../../submissions/dto/judge-limits.dto.js';
import { CheckerKind, ProblemType } from '../../../libs/contracts/index.js';

export class TestCaseViewDto {
  @ApiProperty({ example: 'secret/01' })
  name: string;

  @ApiProperty({ description: 'SHA-256 of the input file.' })
  inputHash: string;

  @ApiProperty()
  inputBytes: number;

  @ApiProperty({ description: 'SHA-256 of the answer file.' })
  answerHash: string;

  @ApiProperty()
  answerBytes: number;
}

export class TestGroupViewDto {
  @ApiProperty()
  name: string;

  @ApiProperty()
  points: number;

  @ApiProperty()
  sample: boolean;

  @ApiProperty({ type: [String] })
  validatorArgs: string[];

  @ApiProperty({ type: [TestCaseViewDto] })
  testCases: TestCaseViewDto[];
}

export class CheckerViewDto {
  @ApiProperty({ enum: CheckerKind })
  kind: CheckerKind;

  @ApiProperty()
  caseSensitive: boolean;

  @ApiProperty()
  spaceChangeSensitive: boolean;

  @ApiProperty({ type: Number, nullable: true })
  floatAbsoluteTolerance: number | null;

  @ApiProperty({ type: Number, nullable: true })
  floatRelativeTolerance: number | null;

  @ApiProperty({ type: String, nullable: true })
  language: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Custom validator: its main source file.' })
  entry: string | null;

  @ApiProperty({ type: [String], description: 'Custom validator: its source files.' })
  files: string[];

  @ApiProperty({ type: [String] })
  args: string[];
}

export class PackageSubmissionViewDto {
  @ApiProperty({ example: 'submissions/accepted/sol.cpp' })
  path: string;

  @ApiProperty({ example: 'accepted' })
  expected: string;

  @ApiProperty({ type: String, nullable: true })
  language: string | null;
}

/** A problem as the API returns it (test data by hash; `GET /problems` leaves out groups' cases). */
export class ProblemViewDto {
  @ApiProperty()
  id: string;

  @ApiProperty()
  slug: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  statement: string;

  @ApiProperty({ type: JudgeLimitsDto })
  limits: JudgeLimitsDto;

  @ApiProperty({ description: 'False when the package gave no time limit (verify derives one).' })
  timeLimitGiven: boolean;

  @ApiProperty({ enum: ProblemType })
  type: ProblemType;

  @ApiProperty()
  interactive: boolean;

  @ApiProperty({ type: CheckerViewDto })
  checker: CheckerViewDto;

  @ApiProperty({ type: [TestGroupViewDto] })
  groups: TestGroupViewDto[];

  @ApiProperty()
  testCount: number;

  @ApiProperty({ type: Number, nullable: true, description: "Sum of the groups' points (scoring problems)." })
  maxScore: number | null;

  @ApiProperty({ type: [PackageSubmissionViewDto] })
  packageSubmissions: PackageSubmissionViewDto[];

  @ApiProperty({ type: String, nullable: true, example: 'legacy' })
  packageFormat: string | null;

  @ApiProperty()
  archived: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Default webhook URL of its submissions, or null. Shown so that a GET-edit-PUT keeps it (PUT replaces the problem).',
  })
  callbackUrl: string | null;

  @ApiProperty()
  revision: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

/** Response of `GET /problems`: a CursorPage (src/common/cursor-page.ts) of problem views. */
export class ProblemPageDto implements CursorPage<ProblemViewDto> {
  @ApiProperty({ type: [ProblemViewDto], description: 'Newest first; groups list no test cases here.' })
  items: ProblemViewDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Cursor of the next (older) page; null on the last page.' })
  nextCursor: string | null;
}
