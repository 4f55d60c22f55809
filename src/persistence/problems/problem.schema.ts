import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Types } from 'mongoose';
import { CheckerKind, ProblemType } from '../../../libs/contracts/index.js';
import { DefaultCheckerRecord } from '../shared/default-checker.record.js';
import { JudgeLimitsRecord, JudgeLimitsRecordSchema } from '../shared/judge-limits.record.js';

/** One test case: input and answer files in the test data store, by SHA-256. */
@Schema({ _id: false })
export class ProblemTestCaseRecord {
  /** Path without extension relative to `data/`, e.g. `secret/group1/03-max`; unique in the problem. */
  @Prop({ type: String, required: true })
  name: string;

  @Prop({ type: String, required: true })
  inputHash: string;

  @Prop({ type: Number, required: true })
  inputBytes: number;

  @Prop({ type: String, required: true })
  answerHash: string;

  @Prop({ type: Number, required: true })
  answerBytes: number;
}
export const ProblemTestCaseRecordSchema = SchemaFactory.createForClass(ProblemTestCaseRecord);

/**
 * A test group: judged in order, stopping at its first rejected test case; worth `points` when
 * every case passes (scoring problems). Samples come first and are worth nothing.
 */
@Schema({ _id: false })
export class TestGroupRecord {
  /** e.g. `sample`, `secret`, `secret/group1`. */
  @Prop({ type: String, required: true })
  name: string;

  @Prop({ type: Number, default: 0 })
  points: number;

  @Prop({ type: Boolean, default: false })
  sample: boolean;

  /** Extra output validator arguments of this group (testdata.yaml `output_validator_flags`/`_args`). */
  @Prop({ type: [String], default: [] })
  validatorArgs: string[];

  @Prop({ type: [ProblemTestCaseRecordSchema], default: [] })
  testCases: ProblemTestCaseRecord[];

  /** Score aggregation (`sum`, `min`) of a scoring group; absent: pass-fail (ScoreAggregation). */
  @Prop({ type: String, enum: ['pass-fail', 'sum', 'min'], default: undefined })
  aggregation?: 'pass-fail' | 'sum' | 'min';

  /** A part of secret under legacy grader_flags `accept_if_any_accepted` (TestGroupData.acceptIfAnyAccepted); absent: first error. */
  @Prop({ type: Boolean, default: undefined })
  acceptIfAnyAccepted?: boolean;

  /** Samples left out of the verdict by legacy grader_flags `ignore_sample` (TestGroupData.ignoreInVerdict). */
  @Prop({ type: Boolean, default: undefined })
  ignoreInVerdict?: boolean;
}
export const TestGroupRecordSchema = SchemaFactory.createForClass(TestGroupRecord);

/** A source file of a custom output validator. */
@Schema({ _id: false })
export class SourceFileRecord {
  /** Plain file name (no directories), e.g. `validator.cpp`, `validate.h`. */
  @Prop({ type: String, required: true })
  name: string;

  @Prop({ type: String, required: true })
  content: string;
}
export const SourceFileRecordSchema = SchemaFactory.createForClass(SourceFileRecord);

/**
 * The output validator. Default: the ICPC default output validator with its flags (DefaultCheckerRecord). Custom: a
 * program (`files`, in `language`; the entry file is `entry`) run in the sandbox as
 * `validator input answer feedback_dir [args]` with the team output on stdin.
 */
@Schema({ _id: false })
export class CheckerRecord extends DefaultCheckerRecord {
  @Prop({ type: String, enum: Object.values(CheckerKind), required: true })
  kind: CheckerKind;

  /** Language id of a custom validator (`cpp17`, `python3`, ...). */
  @Prop({ type: String, default: null })
  language: string | null;

  /** File compiled as the language's main source file. */
  @Prop({ type: String, default: null })
  entry: string | null;

  @Prop({ type: [SourceFileRecordSchema], default: [] })
  files: SourceFileRecord[];

  /** Arguments after `feedback_dir` for every test (problem.yaml `validator_flags`). */
  @Prop({ type: [String], default: [] })
  args: string[];
}
export const CheckerRecordSchema = SchemaFactory.createForClass(CheckerRecord);

/** A submissions.yaml requirement (SubmissionRequirementData). */
@Schema({ _id: false })
export class SubmissionRequirementRecord {
  @Prop({ type: String, default: null })
  tests: string | null;

  @Prop({ type: [String], default: undefined })
  permitted?: string[] | null;

  @Prop({ type: [String], default: undefined })
  required?: string[] | null;

  /** Inclusive range [low, high]. */
  @Prop({ type: [Number], default: undefined })
  score?: number[] | null;

  @Prop({ type: String, default: null })
  message: string | null;
}
export const SubmissionRequirementRecordSchema = SchemaFactory.createForClass(SubmissionRequirementRecord);

/** A submission shipped in the package's `submissions/<expected>/` folder, kept for verification. */
@Schema({ _id: false })
export class PackageSubmissionRecord {
  /** Path in the package, e.g. `submissions/accepted/sol.cpp`. */
  @Prop({ type: String, required: true })
  path: string;

  /** Folder name, e.g. `accepted`, `wrong_answer`, `time_limit_exceeded`. */
  @Prop({ type: String, required: true })
  expected: string;

  /** Language id found from the file extension, or null when no language matches. */
  @Prop({ type: String, default: null })
  language: string | null;

  /** The source; empty for a file in no language Verdict offers (never read: it is not judged). */
  @Prop({ type: String, default: '' })
  sourceCode: string;

  /** DOMjudge `@EXPECTED_RESULTS@:` verdicts, when the source gives them. */
  @Prop({ type: [String], default: undefined })
  expectedResults?: string[];

  /** submissions.yaml requirements, when the package has that file. */
  @Prop({ type: [SubmissionRequirementRecordSchema], default: undefined })
  requirements?: SubmissionRequirementRecord[];

  /** submissions.yaml `use_for_time_limit` (true, false, `lower`, `upper`). */
  @Prop({ type: Object, default: undefined })
  useForTimeLimit?: boolean | string;
}
export const PackageSubmissionRecordSchema = SchemaFactory.createForClass(PackageSubmissionRecord);

/** The package's rules for deriving a time limit (TimeLimitRules, src/persistence/problems/problem-records.ts). */
@Schema({ _id: false })
export class TimeLimitRulesRecord {
  @Prop({ type: Boolean, default: false })
  legacy: boolean;

  @Prop({ type: Number, default: 2 })
  acToTimeLimit: number;

  @Prop({ type: Number, default: 1.5 })
  timeLimitToTle: number;

  /** ms. */
  @Prop({ type: Number, default: 1000 })
  timeResolutionMs: number;
}
export const TimeLimitRulesRecordSchema = SchemaFactory.createForClass(TimeLimitRulesRecord);

/** A time limit a verification derived (DerivedTimeLimit). */
@Schema({ _id: false })
export class DerivedTimeLimitRecord {
  /** CPU time limit, ms. */
  @Prop({ type: Number, required: true })
  ms: number;

  @Prop({ type: String, required: true })
  verificationId: string;

  @Prop({ type: Number, required: true })
  problemRevision: number;

  @Prop({ type: Date, required: true })
  at: Date;
}
export const DerivedTimeLimitRecordSchema = SchemaFactory.createForClass(DerivedTimeLimitRecord);
/** Arguments of input validators from a group's `input_validator_args` (InputValidatorArgsData). */
@Schema({ _id: false })
export class InputValidatorArgsRecord {
  /** The validator they are for (its name), or null: every validator. */
  @Prop({ type: String, default: null })
  validator: string | null;

  @Prop({ type: [String], default: [] })
  args: string[];
}
export const InputValidatorArgsRecordSchema = SchemaFactory.createForClass(InputValidatorArgsRecord);

/** An input validator of the package (InputValidatorData): one source file (and headers) in `language`. */
@Schema({ _id: false })
export class InputValidatorRecord {
  /** Its path in the package, e.g. `input_validators/validate.py`. */
  @Prop({ type: String, required: true })
  path: string;

  @Prop({ type: String, required: true })
  language: string;

  /** The source file among `files`. */
  @Prop({ type: String, required: true })
  entry: string;

  @Prop({ type: [SourceFileRecordSchema], default: [] })
  files: SourceFileRecord[];
}
export const InputValidatorRecordSchema = SchemaFactory.createForClass(InputValidatorRecord);

/** The input_validator_args of one test group. */
@Schema({ _id: false })
export class GroupInputArgsRecord {
  @Prop({ type: String, required: true })
  group: string;

  @Prop({ type: [InputValidatorArgsRecordSchema], default: [] })
  args: InputValidatorArgsRecord[];
}
export const GroupInputArgsRecordSchema = SchemaFactory.createForClass(GroupInputArgsRecord);

/** A `data/invalid_input/` test case: its input by SHA-256 (no answer). */
@Schema({ _id: false })
export class InvalidInputRecord {
  @Prop({ type: String, required: true })
  name: string;

  @Prop({ type: String, required: true })
  inputHash: string;

  @Prop({ type: Number, required: true })
  inputBytes: number;

  @Prop({ type: [InputValidatorArgsRecordSchema], default: [] })
  args: InputValidatorArgsRecord[];
}
export const InvalidInputRecordSchema = SchemaFactory.createForClass(InvalidInputRecord);

/** The package's input validators and what they check (InputValidationData), run by verification. */
@Schema({ _id: false })
export class InputValidationRecord {
  @Prop({ type: [InputValidatorRecordSchema], default: [] })
  validators: InputValidatorRecord[];

  @Prop({ type: [GroupInputArgsRecordSchema], default: [] })
  groupArgs: GroupInputArgsRecord[];

  @Prop({ type: [InvalidInputRecordSchema], default: [] })
  invalidInputs: InvalidInputRecord[];
}
export const InputValidationRecordSchema = SchemaFactory.createForClass(InputValidationRecord);

/**
 * A problem (collection `problems`). Test data lives in the test data store; the document holds
 * the hashes. `revision` grows by one on every change. `slug` is unique.
 */
@Schema({ collection: 'problems', versionKey: false })
export class Problem {
  _id: Types.ObjectId;

  @Prop({ type: String, required: true, unique: true })
  slug: string;

  @Prop({ type: String, required: true })
  title: string;

  /** Markdown or HTML, passed through as given. */
  @Prop({ type: String, default: '' })
  statement: string;

  @Prop({ type: JudgeLimitsRecordSchema, required: true })
  limits: JudgeLimitsRecord;

  /** False when neither the package nor the body gave a time limit (`limits.cpuTimeMs` is the server default). */
  @Prop({ type: Boolean, default: true })
  timeLimitGiven: boolean;

  /** `package` (the stated limit) or `derived` (from a verification), see TimeLimitSource. */
  @Prop({ type: String, enum: ['package', 'derived'], default: 'package' })
  timeLimitSource: 'package' | 'derived';

  @Prop({ type: TimeLimitRulesRecordSchema, default: () => ({}) })
  timeLimitRules: TimeLimitRulesRecord;

  /** The last derived time limit of the current revision, or null. */
  @Prop({ type: DerivedTimeLimitRecordSchema, default: null })
  derivedTimeLimit: DerivedTimeLimitRecord | null;

  @Prop({ type: String, enum: Object.values(ProblemType), default: ProblemType.PassFail })
  type: ProblemType;

  @Prop({ type: Boolean, default: false })
  interactive: boolean;

  @Prop({ type: CheckerRecordSchema, required: true })
  checker: CheckerRecord;

  @Prop({ type: [TestGroupRecordSchema], default: [] })
  groups: TestGroupRecord[];

  /** Every distinct file hash the test cases use (to find which problems use a file). */
  @Prop({ type: [String], default: [] })
  fileHashes: string[];

  /** Total test cases over all groups. */
  @Prop({ type: Number, default: 0 })
  testCount: number;

  @Prop({ type: [PackageSubmissionRecordSchema], default: [] })
  packageSubmissions: PackageSubmissionRecord[];

  /** Layout the problem was imported from (`legacy`, `2023-07-draft`, `2025-09`, `domjudge`), or null. */
  @Prop({ type: String, default: null })
  packageFormat: string | null;

  /** The package's input validators (with their invalid inputs), or null when it has none. */
  @Prop({ type: InputValidationRecordSchema, default: null })
  inputValidation: InputValidationRecord | null;

  /** Archived problems accept no new submissions and may be deleted even when submissions refer to them. */
  @Prop({ type: Boolean, default: false })
  archived: boolean;

  /** Webhook URL of submissions that give none (checked by CallbackUrlPolicy when set), or null. */
  @Prop({ type: String, default: null })
  callbackUrl: string | null;

  /** The API key that created or imported the problem (its owner), or null when made open (docs/problem-ownership.md). */
  @Prop({ type: String, default: null })
  ownerKeyId: string | null;

  @Prop({ type: Number, default: 1 })
  revision: number;

  @Prop({ type: Date, required: true })
  createdAt: Date;

  @Prop({ type: Date, required: true })
  updatedAt: Date;
}

export const ProblemSchema = SchemaFactory.createForClass(Problem);
// Whose test data a hash is (POST/PUT /problems may reference only the caller's own).
ProblemSchema.index({ ownerKeyId: 1 });
