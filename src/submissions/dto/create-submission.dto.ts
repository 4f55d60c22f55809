import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsNotEmpty, IsObject, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { DefaultCheckerDto } from './default-checker.dto.js';
import { LimitsDto } from './limits.dto.js';
import { TestCaseDto } from './test-case.dto.js';

/**
 * Body of `POST /submissions`.
 *
 * Test cases come either as `testCases` (1..MAX_TEST_CASES) or as `stdin` and/or
 * `expectedOutput` (one test case), not both. With neither, the program runs once on
 * empty input. A test without `expectedOutput` is judged by the run alone: Accepted
 * if it ends normally within the limits (as Judge0 does when expected_output is absent).
 *
 * Shape rules are checked here (ValidationPipe, whitelist + forbidNonWhitelisted); rules that
 * depend on configuration or on the workers (sizes, maxima, known language) are checked by
 * SubmissionRequestValidator. Either way a violation is a 400 whose `details` list each broken rule
 * as `{ field, rule }` (docs/errors.md).
 */
export class CreateSubmissionDto {
  @ApiProperty({ description: 'Language id, one of `GET /languages`.', example: 'python3' })
  @IsString()
  @IsNotEmpty()
  language: string;

  @ApiProperty({
    description: 'Source code (UTF-8), 1..MAX_SOURCE_BYTES bytes (default 65536).',
    example: 'a, b = map(int, input().split())\nprint(a + b)\n',
  })
  @IsString()
  @IsNotEmpty()
  sourceCode: string;

  @ApiPropertyOptional({
    description:
      "The source's file name, as Kattis and DOMjudge keep it (programs may read argv[0] or __file__; a Java file " +
      "must be named after its public class): a plain name ending with one of the language's extensions. " +
      "Default: the language's usual name (main.cpp, main.py, Main.java or the public class's name).",
    example: 'solution.cc',
  })
  @IsOptional()
  @IsString()
  fileName?: string;

  @ApiPropertyOptional({
    description:
      'Judge against this problem (its test data, limits and output validator) instead of inline test cases; ' +
      'then testCases, stdin, expectedOutput and limits must be absent.',
    example: '665f1c2e9b1e8a3d4c5b6a70',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9a-fA-F]{24}$/, { message: 'problemId must be a problem id (24 hex digits)' })
  problemId?: string;

  @ApiPropertyOptional({ description: 'Input of the single test case (when `testCases` is absent).', example: '1 2\n' })
  @IsOptional()
  @IsString()
  stdin?: string;

  @ApiPropertyOptional({ description: 'Expected output of the single test case (when `testCases` is absent).', example: '3\n' })
  @IsOptional()
  @IsString()
  expectedOutput?: string;

  @ApiPropertyOptional({ type: [TestCaseDto], description: 'Test cases, judged in order; 1..MAX_TEST_CASES (default 100).' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  // class-validator skips nested validation of an element that is itself an array: refuse those here.
  @IsObject({ each: true, message: 'testCases must contain only objects (test cases)' })
  @ValidateNested({ each: true })
  @Type(() => TestCaseDto)
  testCases?: TestCaseDto[];

  @ApiPropertyOptional({
    description:
      'Where to POST the result, signed, once judged (docs/webhooks.md): http or https, at most 2048 characters, ' +
      'a host resolving to public addresses only (loopback, private, link-local, metadata… are refused unless ' +
      'the operator allow-listed the host). Refused while the server has no WEBHOOK_SECRET.',
    example: 'https://example.com/verdict-hook',
    maxLength: 2048,
  })
  @IsOptional()
  @IsString()
  callbackUrl?: string;

  @ApiPropertyOptional({ type: LimitsDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LimitsDto)
  limits?: LimitsDto;

  @ApiPropertyOptional({
    type: DefaultCheckerDto,
    description:
      "How the ICPC default output validator compares the output with `expectedOutput` (Kattis' flags, camelCase). " +
      "Default: token by token, case-insensitive, numbers exactly. Only for inline test cases: a problem's checker applies " +
      'with `problemId`.',
    example: { floatAbsoluteTolerance: 1e-3 },
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => DefaultCheckerDto)
  checker?: DefaultCheckerDto;
}
