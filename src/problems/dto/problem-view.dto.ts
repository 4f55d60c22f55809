import { ApiProperty } from '@nestjs/swagger';
import type { CursorPage } from '../../common/cursor-page.js';
import { JudgeLimitsDto } from '../../submissions/dto/judge-limits.dto.js';
import { CheckerKind, ProblemType } from '../../../libs/contracts/index.js';

export class TestCaseViewDto {
  @ApiProperty({ example: 'secret/01' })
  name: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      "SHA-256 of the input file; null in a secret test case, unless the caller holds the problem (its setter's key, or an admin).",
  })
  inputHash: string | null;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Size of the input file, bytes.' })
  inputBytes: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      "SHA-256 of the answer file; null in a secret test case, unless the caller holds the problem (its setter's key, or an admin).",
  })
  answerHash: string | null;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Size of the answer file, bytes.' })
  answerBytes: number;
}

export class TestGroupViewDto {
  @ApiProperty({ example: 'secret/group1' })
  name: string;

  @ApiProperty({ minimum: 0, description: 'Points when every test case passes (scoring problems).' })
  points: number;

  @ApiProperty()
  sample: boolean;

  @ApiProperty({ type: [String], description: 'Extra output validator flags/arguments of the group.' })
  validatorArgs: string[];

  @ApiProperty({ type: [TestCaseViewDto], description: 'Empty in `GET /problems` pages.' })
  testCases: TestCaseViewDto[];
}

export class CheckerViewDto {
  @ApiProperty({ enum: CheckerKind })
  kind: CheckerKind;

  @ApiProperty()
  caseSensitive: boolean;

  @ApiProperty()
  spaceChangeSensitive: boolean;

  @ApiProperty({ type: Number, nullable: true, minimum: 0 })
  floatAbsoluteTolerance: number | null;

  @ApiProperty({ type: Number, nullable: true, minimum: 0 })
  floatRelativeTolerance: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'Custom validator: its language id.' })
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

  @ApiProperty({ type: String, nullable: true, description: 'Language id it was detected as, or null.' })
  language: string | null;
}

/** A problem as the API returns it (test data by hash; `GET /problems` leaves out groups' cases). */
export class ProblemViewDto {
  @ApiProperty({ pattern: '^[0-9a-f]{24}$' })
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

  @ApiProperty({ type: 'integer', minimum: 0 })
  testCount: number;

  @ApiProperty({ type: Number, nullable: true, minimum: 0, description: "Sum of the groups' points (scoring problems), else null." })
  maxScore: number | null;

  @ApiProperty({ type: [PackageSubmissionViewDto] })
  packageSubmissions: PackageSubmissionViewDto[];

  @ApiProperty({
    type: [String],
    example: ['input_validators/validate.py'],
    description: "The package's input validators (paths in it), run by verification over every test case.",
  })
  inputValidators: string[];

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Test cases of data/invalid_input that verification checks the input validators reject.',
  })
  invalidInputCount: number;

  @ApiProperty({ type: String, nullable: true, example: 'legacy' })
  packageFormat: string | null;

  @ApiProperty()
  archived: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Default webhook URL of its submissions, or null. Shown so that a GET-edit-PUT keeps it (PUT replaces the problem); ' +
      'null for callers who do not hold the problem.',
  })
  callbackUrl: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Id of the API key that created or imported it (its owner), or null when it was made while the API ran open.',
  })
  ownerKeyId: string | null;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'Starts at 1; each PUT adds 1.' })
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
