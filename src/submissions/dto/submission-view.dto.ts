import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SubmissionStatus, Verdict, type SubmissionView } from '../../../libs/contracts/index.js';
import { GroupResultDto } from './group-result.dto.js';
import { JudgeLimitsDto } from './judge-limits.dto.js';
import { TestResultDto } from './test-result.dto.js';
import { WebhookDeliveryDto } from './webhook-delivery.dto.js';

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

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Problem judged against, or null for inline test cases.' })
  problemId?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Points scored (scoring problems), else null.' })
  score?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Points available (scoring problems), else null.' })
  maxScore?: number | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: "The source's file name as submitted (`fileName`), else null.",
    example: 'solution.cc',
  })
  fileName?: string | null;

  @ApiPropertyOptional({
    type: [GroupResultDto],
    description: 'Per test group outcome, in judging order (problem submissions once finished).',
  })
  groups?: GroupResultDto[];

  @ApiPropertyOptional({
    type: WebhookDeliveryDto,
    nullable: true,
    description: 'In `GET /submissions/:id`: the webhook delivery of the latest finished judging (`callbackUrl` given), else null.',
  })
  delivery?: WebhookDeliveryDto | null;

  @ApiProperty({ description: 'Seq of the last event reflected here (0 before any).' })
  lastSeq: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt: string | null;
}
