import { ApiProperty } from '@nestjs/swagger';
import { SubmissionStatus, Verdict, type DefaultCheckerOptions, type SubmissionView } from '../../../libs/contracts/index.js';
import { GroupResultDto } from './group-result.dto.js';
import { EffectiveLimitsDto, JudgeLimitsDto } from './judge-limits.dto.js';
import { TestResultDto } from './test-result.dto.js';
import { WebhookDeliveryDto } from './webhook-delivery.dto.js';

/** OpenAPI description of DefaultCheckerOptions (libs/contracts/submission-view.ts). */
export class DefaultCheckerOptionsDto implements DefaultCheckerOptions {
  @ApiProperty({ description: 'Tokens compare case-sensitively.' })
  caseSensitive: boolean;

  @ApiProperty({ description: 'Whitespace must match exactly.' })
  spaceChangeSensitive: boolean;

  @ApiProperty({ type: Number, nullable: true, minimum: 0, description: 'Absolute tolerance of float tokens, or null.' })
  floatAbsoluteTolerance: number | null;

  @ApiProperty({ type: Number, nullable: true, minimum: 0, description: 'Relative tolerance of float tokens, or null.' })
  floatRelativeTolerance: number | null;
}

/**
 * OpenAPI description of SubmissionView (libs/contracts/submission-view.ts) as `GET /submissions` lists it:
 * without the source code and the webhook delivery, to keep pages small.
 */
export class SubmissionSummaryDto implements SubmissionView {
  @ApiProperty({ pattern: '^[0-9a-f]{24}$', example: '665f1c2e9b1e8a3d4c5b6a79' })
  id: string;

  @ApiProperty({ description: 'Language id (`GET /languages`).', example: 'python3' })
  language: string;

  @ApiProperty({ enum: SubmissionStatus })
  status: SubmissionStatus;

  @ApiProperty({ enum: Verdict, nullable: true, description: 'The final verdict once finished, else null.' })
  verdict: Verdict | null;

  @ApiProperty({ type: JudgeLimitsDto, description: 'The limits asked for (defaults filled in), or the problem’s.' })
  limits: JudgeLimitsDto;

  @ApiProperty({
    type: EffectiveLimitsDto,
    nullable: true,
    description: "The limits its runs got: `limits` after the language's time multiplier and extra memory; null until judging starts.",
  })
  effectiveLimits: EffectiveLimitsDto | null;

  @ApiProperty({
    type: DefaultCheckerOptionsDto,
    nullable: true,
    description:
      "The default output validator's options asked for (`checker`, `floatTolerance` resolved into both tolerances); " +
      "null when none were (no flags) and for problem submissions (the problem's checker applies).",
  })
  checker: DefaultCheckerOptionsDto | null;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Test cases to judge.' })
  testCount: number;

  @ApiProperty({ type: [TestResultDto], description: 'Results of the tests run so far, in order.' })
  tests: TestResultDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Compiler output (CE) or operator message (IE), else null.' })
  message: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    pattern: '^[0-9a-f]{24}$',
    description: 'Problem judged against, or null for inline test cases.',
  })
  problemId: string | null;

  @ApiProperty({ type: Number, nullable: true, minimum: 0, description: 'Points scored (scoring problems, once finished), else null.' })
  score: number | null;

  @ApiProperty({ type: Number, nullable: true, minimum: 0, description: 'Points available (scoring problems), else null.' })
  maxScore: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The source's file name as submitted (`fileName`), else null.",
    example: 'solution.cc',
  })
  fileName: string | null;

  @ApiProperty({
    type: [GroupResultDto],
    description: 'Per test group outcome, in judging order (problem submissions once finished), else empty.',
  })
  groups: GroupResultDto[];

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Seq of the last event reflected here (0 before any).' })
  lastSeq: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt: string | null;
}

/** OpenAPI description of SubmissionView as `GET /submissions/{id}` returns it: with the source code and the webhook delivery. */
export class SubmissionViewDto extends SubmissionSummaryDto {
  @ApiProperty({ description: 'The submitted source code.', example: 'print(sum(map(int, input().split())))\n' })
  sourceCode: string;

  @ApiProperty({
    type: WebhookDeliveryDto,
    nullable: true,
    description: 'The webhook delivery of the latest finished judging (`callbackUrl` given), else null.',
  })
  delivery: WebhookDeliveryDto | null;
}
