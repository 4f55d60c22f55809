import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Verdict, type TestResult } from '../../../libs/contracts/index.js';

/** OpenAPI description of TestResult (libs/contracts/test-result.ts). */
export class TestResultDto implements TestResult {
  @ApiProperty({ description: '1-based test number.' })
  test: number;

  @ApiProperty({ enum: Verdict })
  verdict: Verdict;

  @ApiProperty({ description: 'CPU time of the whole process tree, ms.' })
  cpuTimeMs: number;

  @ApiProperty({ description: 'Wall-clock time, ms.' })
  wallTimeMs: number;

  @ApiProperty({ description: 'Peak memory of the whole process tree, KiB.' })
  memoryKiB: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Exit code when the program exited.' })
  exitCode: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'Signal name when killed by a signal, e.g. SIGSEGV.' })
  signal: string | null;

  @ApiProperty({ description: 'Bounded prefix of stdout.' })
  stdout: string;

  @ApiProperty({ description: 'Bounded prefix of stderr.' })
  stderr: string;

  @ApiProperty({ type: String, nullable: true, description: "The checker's explanation." })
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
