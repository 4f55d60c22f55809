import { ApiProperty } from '@nestjs/swagger';
import type { CursorPage } from '../../common/cursor-page.js';
import { JudgeLimitsDto } from '../../submissions/dto/judge-limits.dto.js';
import { CheckerKind, ProblemType } from '../../../libs/contracts/index.js';
import type { AppliedTimeLimitFrom } from '../../persistence/problems/applied-time-limit.js';
import { TIME_LIMIT_SOURCES, type TimeLimitSource } from '../../persistence/problems/problem-records.js';
import { TIME_LIMIT_SOURCE_DESCRIPTION } from './create-problem.dto.js';

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

export class TimeLimitRulesViewDto {
  @ApiProperty({ description: 'Read from legacy keys (`time_multiplier`, `time_safety_margin`; whole seconds).' })
  legacy: boolean;

  @ApiProperty({
    minimum: 0,
    description: 'Derived time limit ≥ slowest accepted run × this (`ac_to_time_limit`, legacy `time_multiplier`).',
  })
  acToTimeLimit: number;

  @ApiProperty({
    minimum: 0,
    description: 'Each time_limit_exceeded submission must run ≥ the limit × this (`time_limit_to_tle`, legacy `time_safety_margin`).',
  })
  timeLimitToTle: number;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'A derived time limit is a whole multiple of this, ms (`time_resolution`).' })
  timeResolutionMs: number;
}

export class DerivedTimeLimitViewDto {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'CPU time limit, ms.' })
  ms: number;

  @ApiProperty({ pattern: '^[0-9a-f]{24}$', description: 'The verification that derived it.' })
  verificationId: string;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'The problem revision that verification judged.' })
  problemRevision: number;

  @ApiProperty({ format: 'date-time' })
  at: string;
}

export class AppliedTimeLimitViewDto {
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description: 'CPU time limit new submissions get, ms (before the language time multiplier).',
  })
  ms: number;

  @ApiProperty({
    enum: ['derived', 'stated', 'server-default'],
    description:
      '`derived`: the stored derived limit (timeLimitSource `derived`); `stated`: `limits.cpuTimeMs` as the package or body gave it; ' +
      '`server-default`: DEFAULT_CPU_TIME_MS, nothing stated (and nothing derived yet).',
  })
  from: AppliedTimeLimitFrom;
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

  @ApiProperty({ description: 'False when neither the package nor the body gave a time limit (`limits.cpuTimeMs` is the server default).' })
  timeLimitGiven: boolean;

  @ApiProperty({ enum: TIME_LIMIT_SOURCES, description: TIME_LIMIT_SOURCE_DESCRIPTION })
  timeLimitSource: TimeLimitSource;

  @ApiProperty({ type: TimeLimitRulesViewDto, description: "The package's rules for a derived time limit (defaults for a JSON problem)." })
  timeLimitRules: TimeLimitRulesViewDto;

  @ApiProperty({
    type: DerivedTimeLimitViewDto,
    nullable: true,
    description: 'The time limit the last successful derived verification of this revision stored; null when none (a PUT clears it).',
  })
  derivedTimeLimit: DerivedTimeLimitViewDto | null;

  @ApiProperty({
    type: AppliedTimeLimitViewDto,
    description: 'The CPU time limit new submissions are judged with, and where it comes from.',
  })
  appliedTimeLimit: AppliedTimeLimitViewDto;

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
