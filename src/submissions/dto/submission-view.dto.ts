import { ApiProperty } from '@nestjs/swagger';
import { SubmissionStatus, Verdict, type SubmissionView } from '../../../libs/contracts/index.js';
import { JudgeLimitsDto } from './judge-limits.dto.js';
import { TestResultDto } from './test-result.dto.js';

/** OpenAPI description of SubmissionView (libs/contracts/submission-view.ts). */
export class SubmissionViewDto implements SubmissionView {
  @ApiProperty()
  id: string;

  @ApiProperty()
  language: string;

  @ApiProperty({ enum: SubmissionStatus })
  status: SubmissionStatus;

  @ApiProperty({ enum: Verdict, nullable: true })
  verdict: Verdict | null;

  @ApiProperty({ type: JudgeLimitsDto })
  limits: JudgeLimitsDto;

  @ApiProperty()
  testCount: number;

  @ApiProperty({ type: [TestResultDto] })
  tests: TestResultDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Compiler output (CE) or operator message (IE).' })
  message: string | null;

  @ApiProperty({ description: 'Seq of the last event reflected here (0 before any).' })
  lastSeq: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt: string | null;
}
