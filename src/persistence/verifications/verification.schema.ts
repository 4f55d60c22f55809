import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, type Types } from 'mongoose';
import { Verdict } from '../../../libs/contracts/index.js';

/** Life cycle of a verification run. */
export enum VerificationStatus {
  Queued = 'queued',
  Running = 'running',
  Finished = 'finished',
  Failed = 'failed',
}

/** One package submission's outcome: expected and actual verdict and time. */
@Schema({ _id: false })
export class VerificationEntryRecord {
  /** e.g. `submissions/accepted/sol.cpp`. */
  @Prop({ type: String, required: true })
  path: string;

  @Prop({ type: String, default: null })
  language: string | null;

  /** Folder name, e.g. `accepted`, `time_limit_exceeded`. */
  @Prop({ type: String, required: true })
  expected: string;

  /** Verdicts the folder allows (empty: any rejection, for `rejected`). */
  @Prop({ type: [String], default: [] })
  expectedVerdicts: Verdict[];

  @Prop({ type: String, enum: [...Object.values(Verdict), null], default: null })
  verdict: Verdict | null;

  /** Whether the verdict is one the folder allows; null when the folder is not one Verdict knows. */
  @Prop({ type: Boolean, default: null })
  ok: boolean | null;

  /** Largest CPU time over the tests run, ms. */
  @Prop({ type: Number, default: 0 })
  cpuTimeMs: number;

  @Prop({ type: Number, default: 0 })
  testsRun: number;

  @Prop({ type: Number, default: null })
  score: number | null;

  /** Why it could not run, or the first rejected test and its checker message. */
  @Prop({ type: String, default: null })
  message: string | null;
}
export const VerificationEntryRecordSchema = SchemaFactory.createForClass(VerificationEntryRecord);

/** One problem input validation found (InputValidationProblem). */
@Schema({ _id: false })
export class InputValidationProblemRecord {
  @Prop({ type: String, default: null })
  testCase: string | null;

  @Prop({ type: String, default: null })
  validator: string | null;

  @Prop({ type: String, required: true })
  problem: string;

  @Prop({ type: String, default: null })
  stderr: string | null;
}
export const InputValidationProblemRecordSchema = SchemaFactory.createForClass(InputValidationProblemRecord);

/** What the input validators found (InputValidationReport). */
@Schema({ _id: false })
export class InputValidationReportRecord {
  @Prop({ type: Boolean, required: true })
  ok: boolean;

  @Prop({ type: [String], default: [] })
  validators: string[];

  @Prop({ type: Number, default: 0 })
  testCasesChecked: number;

  @Prop({ type: Number, default: 0 })
  invalidInputsChecked: number;

  @Prop({ type: [InputValidationProblemRecordSchema], default: [] })
  problems: InputValidationProblemRecord[];
}
export const InputValidationReportRecordSchema = SchemaFactory.createForClass(InputValidationReportRecord);

/**
 * A run of every submission stored in a problem's package against the problem (collection
 * `verifications`), the way problemtools' verifyproblem checks a problem before a contest.
 */
@Schema({ collection: 'verifications', versionKey: false })
export class Verification {
  _id: Types.ObjectId;

  @Prop({ type: SchemaTypes.ObjectId, required: true, index: true })
  problemId: Types.ObjectId;

  @Prop({ type: Number, required: true })
  problemRevision: number;

  @Prop({ type: String, enum: Object.values(VerificationStatus), required: true })
  status: VerificationStatus;

  /** CPU time limit the non-accepted submissions were judged with, ms (null until known). */
  @Prop({ type: Number, default: null })
  timeLimitMs: number | null;

  /** True when the problem takes a derived time limit: `timeLimitMs` came from the slowest accepted run by the package's rules. */
  @Prop({ type: Boolean, default: false })
  timeLimitDerived: boolean;

  /** Deriving: the CPU time limit time_limit_exceeded submissions ran with (timeLimitMs × time_limit_to_tle), ms; else null. */
  @Prop({ type: Number, default: null })
  tleThresholdMs: number | null;

  /** True when this verification stored its derived time limit on the problem (every submission as expected). */
  @Prop({ type: Boolean, default: false })
  timeLimitApplied: boolean;

  /** Slowest accepted run (largest CPU time of a test), ms. */
  @Prop({ type: Number, default: null })
  slowestAcceptedMs: number | null;

  /** Only the input validators run (queued by the import of a package that has them); no submission judged. */
  @Prop({ type: Boolean, default: false })
  inputOnly: boolean;

  @Prop({ type: [VerificationEntryRecordSchema], default: [] })
  entries: VerificationEntryRecord[];

  /** The input validators' findings, or null (not run yet, or the problem has none). */
  @Prop({ type: InputValidationReportRecordSchema, default: null })
  inputValidation: InputValidationReportRecord | null;

  /** True when every submission got a verdict its folder allows and input validation found nothing. Null until finished. */
  @Prop({ type: Boolean, default: null })
  ok: boolean | null;

  @Prop({ type: String, default: null })
  error: string | null;

  @Prop({ type: Date, required: true })
  createdAt: Date;

  @Prop({ type: Date, default: null })
  finishedAt: Date | null;
}
export const VerificationSchema = SchemaFactory.createForClass(Verification);
