import { ApiProperty } from '@nestjs/swagger';
import { Verdict } from '../../../libs/contracts/index.js';
import type {
  InputValidationProblem,
  InputValidationReport,
  VerificationEntry,
  VerificationView,
} from '../../persistence/verifications/verification-records.js';
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

export class InputValidationProblemDto implements InputValidationProblem {
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'secret/03-max',
    description: 'The test case, or null for a validator that does not build.',
  })
  testCase: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'input_validators/validate.py' })
  validator: string | null;

  @ApiProperty({ example: 'rejected by input_validators/validate.py (exit 43)' })
  problem: string;

  @ApiProperty({ type: String, nullable: true, description: "The validator's stderr, at most 2 KiB." })
  stderr: string | null;
}

export class InputValidationReportDto implements InputValidationReport {
  @ApiProperty({
    description: 'Every sample and secret input accepted by every input validator, every data/invalid_input case rejected by one.',
  })
  ok: boolean;

  @ApiProperty({ type: [String], example: ['input_validators/validate.py'] })
  validators: string[];

  @ApiProperty({ type: 'integer', minimum: 0 })
  testCasesChecked: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  invalidInputsChecked: number;

  @ApiProperty({ type: [InputValidationProblemDto], description: 'What went wrong (at most 50).' })
  problems: InputValidationProblemDto[];
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

  @ApiProperty({ description: 'Only the input validators run (the verification a package import queues); no submission judged.' })
  inputOnly: boolean;

  @ApiProperty({ type: [VerificationEntryDto] })
  entries: VerificationEntryDto[];

  @ApiProperty({
    type: InputValidationReportDto,
    nullable: true,
    description: "The input validators' findings over the test data; null until they ran, or when the problem has none.",
  })
  inputValidation: InputValidationReportDto | null;

  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: 'Every submission got a verdict its folder allows, and input validation found nothing.',
  })
  ok: boolean | null;

  @ApiProperty({ type: String, nullable: true })
  error: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt: string | null;
}
