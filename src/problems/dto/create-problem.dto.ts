import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { DefaultCheckerDto } from '../../submissions/dto/default-checker.dto.js';
import { LimitsDto } from '../../submissions/dto/limits.dto.js';
import { CheckerKind, ProblemType } from '../../../libs/contracts/index.js';
import { TIME_LIMIT_SOURCES, type TimeLimitSource } from '../../persistence/problems/problem-records.js';

/** What `timeLimitSource` means, for the OpenAPI document (POST/PUT bodies and the import form). */
export const TIME_LIMIT_SOURCE_DESCRIPTION =
  "Where the time limit comes from (docs/timing.md): `package`, the stated one (`limits.cpuTimeMs`, or the package's " +
  "`time_limit` / `.timelimit`); `derived`, the one a verification derives on this hardware from the package's own " +
  'submissions (slowest accepted × ac_to_time_limit, rounded up to time_resolution), applied once a verification ' +
  'in which every submission got its expected verdict stored it.';

/** The 400 rule of a bad `timeLimitSource`. */
export const TIME_LIMIT_SOURCE_MESSAGE = 'timeLimitSource must be "package" or "derived"';

/** Slug: lowercase letters, digits, `-` and `_`, starting with a letter or digit, 1..64 characters. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/** Group name: path segments of letters, digits, `_`, `.`, `-`, separated by `/`. */
export const GROUP_NAME_PATTERN = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;
const SHA256 = /^[0-9a-f]{64}$/;

/** The output validator: the ICPC default one with flags (DefaultCheckerDto's, for `kind: default`), or a custom program. */
export class CheckerDto extends DefaultCheckerDto {
  @ApiProperty({
    enum: CheckerKind,
    description: "`default`: the ICPC default output validator; `custom`: the problem's own validator program.",
  })
  @IsIn(Object.values(CheckerKind))
  kind: CheckerKind;

  @ApiPropertyOptional({ description: 'Custom validator: language id (`cpp17`, `python3`, ...).', example: 'cpp17' })
  @ValidateIf((o: CheckerDto) => o.kind === CheckerKind.Custom)
  @IsString()
  @IsNotEmpty()
  language?: string;

  @ApiPropertyOptional({ description: 'Custom validator: source code (UTF-8), at most 1 MiB.' })
  @ValidateIf((o: CheckerDto) => o.kind === CheckerKind.Custom)
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024 * 1024)
  source?: string;

  @ApiPropertyOptional({ type: [String], description: 'Custom validator: arguments after feedback_dir for every test.' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  args?: string[];
}

/** One test case: its input and answer as text, or as hashes of files already in the test data store. */
export class TestCaseInputDto {
  @ApiPropertyOptional({ description: 'Name, unique in the problem; default `<group>/<n>`.', example: 'secret/01' })
  @IsOptional()
  @IsString()
  @Matches(GROUP_NAME_PATTERN, { message: 'name must be path segments of letters, digits, _ . - separated by /' })
  name?: string;

  @ApiPropertyOptional({ description: 'Input (UTF-8). Give `input` or `inputHash`.', example: '1 2\n' })
  @IsOptional()
  @IsString()
  input?: string;

  @ApiPropertyOptional({ description: 'SHA-256 of an input already stored (e.g. by an import).' })
  @IsOptional()
  @Matches(SHA256, { message: 'inputHash must be a SHA-256 in lowercase hex (64 digits)' })
  inputHash?: string;

  @ApiPropertyOptional({ description: 'Answer (UTF-8) the output validator compares with. Give `answer` or `answerHash`.', example: '3\n' })
  @IsOptional()
  @IsString()
  answer?: string;

  @ApiPropertyOptional({ description: 'SHA-256 of an answer already stored.' })
  @IsOptional()
  @Matches(SHA256, { message: 'answerHash must be a SHA-256 in lowercase hex (64 digits)' })
  answerHash?: string;
}

/** A test group: judged in order; worth `points` when all its test cases pass (scoring problems). */
export class TestGroupDto {
  @ApiProperty({ description: 'Group name, e.g. `sample`, `secret`, `secret/group1`.', example: 'secret' })
  @IsString()
  @Matches(GROUP_NAME_PATTERN, { message: 'name must be path segments of letters, digits, _ . - separated by /' })
  name: string;

  @ApiPropertyOptional({ minimum: 0, description: 'Points when every test case passes (scoring problems). Default 0.', example: 30 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  points?: number;

  @ApiPropertyOptional({ description: 'Sample group (judged first, worth nothing). Default: name is `sample`.' })
  @IsOptional()
  @IsBoolean()
  sample?: boolean;

  @ApiPropertyOptional({ type: [String], description: 'Extra output validator flags/arguments for this group.' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  validatorArgs?: string[];

  @ApiProperty({ type: [TestCaseInputDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => TestCaseInputDto)
  testCases: TestCaseInputDto[];
}

/**
 * Body of `POST /problems` and `PUT /problems/:id` (a PUT replaces everything but the package's
 * stored submissions). Limits left out get the server defaults; a limit above the server maximum is a 400.
 */
export class CreateProblemDto {
  @ApiProperty({ description: 'Unique short name: lowercase letters, digits, - and _, 1..64 characters.', example: 'aplusb' })
  @IsString()
  @Matches(SLUG_PATTERN, { message: 'slug must be 1 to 64 characters of a-z 0-9 - _, starting with a letter or digit' })
  slug: string;

  @ApiProperty({ example: 'A + B' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @ApiPropertyOptional({ description: 'Statement, Markdown or HTML (passed through), at most 1 MiB.' })
  @IsOptional()
  @IsString()
  @MaxLength(1024 * 1024)
  statement?: string;

  @ApiPropertyOptional({ type: LimitsDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LimitsDto)
  limits?: LimitsDto;

  @ApiPropertyOptional({ enum: ProblemType, default: ProblemType.PassFail })
  @IsOptional()
  @IsIn(Object.values(ProblemType))
  type?: ProblemType;

  @ApiPropertyOptional({ description: 'Interactive: the custom validator talks to the submission through pipes.', default: false })
  @IsOptional()
  @IsBoolean()
  interactive?: boolean;

  @ApiPropertyOptional({ type: CheckerDto, description: 'Default: the default output validator without flags.' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CheckerDto)
  checker?: CheckerDto;

  @ApiProperty({ type: [TestGroupDto], description: 'Test groups in judging order (samples first).' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => TestGroupDto)
  groups: TestGroupDto[];

  @ApiPropertyOptional({
    description: 'Archived problems accept no submissions and can be deleted even when submissions refer to them.',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  archived?: boolean;

  @ApiPropertyOptional({
    description:
      "Default `callbackUrl` of this problem's submissions (a submission's own wins): the same rules as on " +
      '`POST /submissions` (docs/webhooks.md).',
    example: 'https://example.com/verdict-hook',
    maxLength: 2048,
  })
  @IsOptional()
  @IsString()
  callbackUrl?: string;

  @ApiPropertyOptional({ enum: TIME_LIMIT_SOURCES, default: 'package', description: TIME_LIMIT_SOURCE_DESCRIPTION })
  @IsOptional()
  @IsIn(TIME_LIMIT_SOURCES, { message: TIME_LIMIT_SOURCE_MESSAGE })
  timeLimitSource?: TimeLimitSource;
}
