import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Verdict, type TestResult } from '../../../libs/contracts/index.js';

/** OpenAPI description of TestResult (libs/contracts/test-result.ts). */
export class TestResultDto implements TestResult {
  @ApiProperty({ type: 'integer', minimum: 1, description: '1-based test number, in judging order.' })
  test: number;

  @ApiProperty({ enum: Verdict })
  verdict: Verdict;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'CPU time of the whole process tree, ms.' })
  cpuTimeMs: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Wall-clock time, ms.' })
  wallTimeMs: number;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Peak memory of the whole process tree, KiB.' })
  memoryKiB: number;

  @ApiProperty({ type: 'integer', nullable: true, minimum: 0, maximum: 255, description: 'Exit code when the program exited, else null.' })
  exitCode: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Signal name when killed by a signal, e.g. SIGSEGV; else null.',
    example: 'SIGSEGV',
  })
  signal: string | null;

  @ApiProperty({ description: 'The first OUTPUT_PREVIEW_BYTES bytes of stdout (UTF-8; invalid sequences replaced).' })
  stdout: string;

  @ApiProperty({ description: 'The first OUTPUT_PREVIEW_BYTES bytes of stderr.' })
  stderr: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    description:
      'Size of the whole stdout as the judge read it, bytes (Output Limit Exceeded: the count stops just past the output limit). ' +
      'Absent only on results stored before the field existed.',
  })
  stdoutBytes?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    description: 'Size of stderr as the judge read it, bytes (it keeps at most 64 KiB or OUTPUT_PREVIEW_BYTES, the larger).',
  })
  stderrBytes?: number;

  @ApiPropertyOptional({ description: '`stdout` is shorter than the output: the preview was cut.' })
  stdoutTruncated?: boolean;

  @ApiPropertyOptional({ description: '`stderr` is shorter than what the run wrote there.' })
  stderrTruncated?: boolean;

  @ApiProperty({ type: String, nullable: true, description: "The checker's explanation (e.g. the first differing token), else null." })
  checkerMessage: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Test group (submissions against a problem), e.g. `secret/group1`.' })
  group?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Test case name in its problem (submissions against a problem), e.g. `secret/group1/03-max`.',
  })
  name?: string | null;
}
