import { ApiProperty } from '@nestjs/swagger';
import { Verdict } from '../../../libs/contracts/index.js';
import type { VerificationEntry, VerificationView } from '../../persistence/verifications/verification-records.js';
import { VerificationStatus } from '../../persistence/verifications/verification.schema.js';

export class VerificationEntryDto implements VerificationEntry {
  @ApiProperty({ example: 'submissions/accepted/sol.py' })
  path: string;

  @ApiProperty({ type: String, nullable: true })
  language: string | null;

  @ApiProperty({ example: 'accepted', description: 'The submissions/ folder it came from.' })
  expected: string;

  @ApiProperty({ enum: Verdict, isArray: true, description: 'Verdicts the folder allows.' })
  expectedVerdicts: Verdict[];

  @ApiProperty({ enum: Verdict, nullable: true })
  verdict: Verdict | null;

  @ApiProperty({ type: Boolean, nullable: true, description: 'Verdict allowed by the folder; null for a folder Verdict does not know.' })
  ok: boolean | null;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Largest CPU time over its tests, ms.' })
  cpuTimeMs: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  testsRun: number;

  @ApiProperty({ type: Number, nullable: true, minimum: 0 })
  score: number | null;

  @ApiProperty({ type: String, nullable: true })
  message: string | null;
}

/** A verification report (`POST /problems/:id/verify`). */
export class VerificationViewDto implements VerificationView {
  @ApiProperty()
  id: string;

  @ApiProperty()
  problemId: string;

  @ApiProperty({ type: 'integer', minimum: 1 })
  problemRevision: number;

  @ApiProperty({ enum: VerificationStatus })
  status: VerificationStatus;

  @ApiProperty({ type: 'integer', nullable: true, minimum: 1, description: 'CPU time limit used for the non-accepted submissions, ms.' })
  timeLimitMs: number | null;

  @ApiProperty({
    description:
      'The problem takes a derived time limit (timeLimitSource `derived`): timeLimitMs is the slowest accepted run × ac_to_time_limit, ' +
      'rounded up to a multiple of time_resolution (legacy: × time_multiplier, whole seconds).',
  })
  timeLimitDerived: boolean;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    minimum: 1,
    description:
      'Deriving: the CPU time limit the time_limit_exceeded submissions ran with, ms — timeLimitMs × time_limit_to_tle (legacy ' +
      'time_safety_margin); each must exceed it to count as expected. Null with a stated limit.',
  })
  tleThresholdMs: number | null;

  @ApiProperty({
    description: 'This verification stored its derived time limit on the problem (deriving, and every submission as expected).',
  })
  timeLimitApplied: boolean;

  @ApiProperty({ type: Number, nullable: true, minimum: 0, description: 'Slowest accepted run, ms (per-language multiplier taken out).' })
  slowestAcceptedMs: number | null;

  @ApiProperty({ type: [VerificationEntryDto] })
  entries: VerificationEntryDto[];

  @ApiProperty({ type: Boolean, nullable: true, description: 'Every submission got a verdict its folder allows.' })
  ok: boolean | null;

  @ApiProperty({ type: String, nullable: true })
  error: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt: string | null;
}
